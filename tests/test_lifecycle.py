"""The lifecycle builder renders ECR's exact rule JSON, ordered by priority, and refuses bad rules."""

import json

import pytest

from ecr_access.features.repositories.lifecycle_policy import ExpireUntagged, KeepTagged, LifecyclePolicy
from ecr_access.iam.errors import PolicyError


def test_rules_are_rendered_in_priority_order_exactly():
    policy = LifecyclePolicy((KeepTagged(30, prefixes=("v", "release-")), KeepTagged(5, patterns=("pr-*",)), ExpireUntagged(14)))
    assert json.loads(policy.rendered("my-repo").json) == {
        "rules": [
            {
                "rulePriority": 1,
                "description": "Keep the last 30 images tagged v, release-",
                "selection": {"tagStatus": "tagged", "tagPrefixList": ["v", "release-"], "countType": "imageCountMoreThan", "countNumber": 30},
                "action": {"type": "expire"},
            },
            {
                "rulePriority": 2,
                "description": "Keep the last 5 images tagged pr-*",
                "selection": {"tagStatus": "tagged", "tagPatternList": ["pr-*"], "countType": "imageCountMoreThan", "countNumber": 5},
                "action": {"type": "expire"},
            },
            {
                "rulePriority": 3,
                "description": "Expire untagged images after 14 days",
                "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14},
                "action": {"type": "expire"},
            },
        ]
    }


@pytest.mark.parametrize(
    "rules, message",
    [
        ((), "has no rules"),
        ((KeepTagged(0, prefixes=("v",)),), "at least 1"),
        ((KeepTagged(3),), "either tag prefixes or tag patterns"),
        ((KeepTagged(3, prefixes=("v",), patterns=("v*",)),), "either tag prefixes or tag patterns"),
        ((KeepTagged(3, prefixes=("v 1",)),), "tag prefix 'v 1'"),
        ((KeepTagged(3, patterns=("a*b*c*d*e*f",)),), "at most 4 '*'"),
        ((ExpireUntagged(0),), "at least 1 day"),
        ((ExpireUntagged(3), ExpireUntagged(4)), "rules[1]: selects the untagged images of storage class standard, as rules[0] does"),
    ],
)
def test_bad_rules_are_refused(rules, message):
    with pytest.raises(PolicyError, match="lifecycle policy 'my-repo'") as exc:
        LifecyclePolicy(rules).rendered("my-repo")
    assert message in str(exc.value)
