"""Identity policies derived from grants: push on one repository, the AWS guide's one-repository policy and a namespace listing as exact JSON, merging, conditions, options."""

from __future__ import annotations

import fnmatch
import json

import pytest

from ecr_access.iam.document import Condition, PolicyDocument
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.grants import Grant, Target
from ecr_access.iam.identity import WILDCARD_SIDS, IdentityOptions, grant_statements, option_statements
from ecr_access.iam.levels import Level
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import render_validated
from tests.helpers.stacks import REGISTRY

ARN = "arn:aws:ecr:us-east-1:123456789012:repository"
TOKEN = {"Sid": "GetAuthorizationToken", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}
PUSH = [
    "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart",
]
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]


NO_OPTIONS = IdentityOptions()


def render(*grants: Grant, options: IdentityOptions = NO_OPTIONS) -> dict:
    doc = PolicyDocument(grant_statements(grants, REGISTRY) + option_statements(options, REGISTRY))
    return json.loads(render_validated(doc, DocumentKind.IDENTITY, "test", wildcard_resource_sids=WILDCARD_SIDS).json)


def repo(*names: str) -> Target:
    return Target(repositories=names)


def test_push_on_my_repo_exact_json():
    doc = PolicyDocument(grant_statements((Grant(repo("my-repo"), frozenset({Level.PUSH})),), REGISTRY))
    assert doc.to_json() == (
        '{"Version":"2012-10-17","Statement":[' + json.dumps(TOKEN, separators=(",", ":")) + ","
        '{"Sid":"PushMyRepo","Effect":"Allow","Action":' + json.dumps(PUSH, separators=(",", ":")) + ","
        f'"Resource":"{ARN}/my-repo"' + "}]}"
    )


def test_the_aws_guides_one_repository_policy_without_its_redundancies():
    # The AWS guide's policy lists GetAuthorizationToken three times (once on the repository) and ListImages twice.
    list_images = Grant(repo("my-repo"), actions=("ecr:ListImages",))
    manage = Grant(
        repo("my-repo"),
        frozenset({Level.PUSH}),
        actions=("ecr:GetAuthorizationToken", "ecr:GetRepositoryPolicy", "ecr:DescribeRepositories",
                 "ecr:ListImages", "ecr:DescribeImages"),
    )
    assert render(list_images, manage) == {
        "Version": "2012-10-17",
        "Statement": [
            TOKEN,
            {
                "Sid": "PushDescribeGetListMyRepo",
                "Effect": "Allow",
                "Action": sorted(PUSH + ["ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:GetRepositoryPolicy", "ecr:ListImages"]),
                "Resource": f"{ARN}/my-repo",
            },
        ],
    }


def list_images_on_team_a_statements():
    return render(Grant(Target(namespaces=("team-a",)), actions=("ecr:ListImages",)))["Statement"]


def test_list_images_on_team_a_namespace():
    assert list_images_on_team_a_statements() == [
        TOKEN,
        {"Sid": "ListImagesTeamANamespace", "Effect": "Allow", "Action": "ecr:ListImages", "Resource": f"{ARN}/team-a/*"},
    ]


def allows(statements: list[dict], action: str, resource: str) -> bool:
    """IAM's Allow matching for plain statements: action and resource wildcards, no conditions."""
    def listed(value):
        return value if isinstance(value, list) else [value]
    return any(
        st["Effect"] == "Allow" and "Condition" not in st
        and any(fnmatch.fnmatchcase(action, a) for a in listed(st["Action"]))
        and any(fnmatch.fnmatchcase(resource, r) for r in listed(st["Resource"]))
        for st in statements
    )


def test_team_b_is_not_covered_by_a_team_a_namespace_grant():
    statements = list_images_on_team_a_statements()
    assert allows(statements, "ecr:ListImages", f"{ARN}/team-a/alpine")
    assert not allows(statements, "ecr:ListImages", f"{ARN}/team-b/alpine")
    assert not allows(statements, "ecr:ListImages", f"{ARN}/team-a")  # the prefix itself is no repository under it


def test_actions_a_namespace_already_allows_are_not_repeated_for_its_repositories():
    statements = render(
        Grant(Target(namespaces=("team-a",)), frozenset({Level.PULL})),
        Grant(repo("team-a/api", "my-repo"), frozenset({Level.PULL})),
        Grant(repo("team-a/api"), frozenset({Level.PUSH})),
    )["Statement"]
    assert statements[1:] == [
        {"Sid": "PullTeamANamespaceAnd1More", "Effect": "Allow", "Action": PULL,
         "Resource": [f"{ARN}/my-repo", f"{ARN}/team-a/*"]},
        {"Sid": "PushTeamAApi", "Effect": "Allow",
         "Action": ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"],
         "Resource": f"{ARN}/team-a/api"},
    ]


def test_nested_namespaces_cover_their_repositories_and_sub_namespaces_but_not_a_sibling_prefix():
    statements = render(
        Grant(Target(namespaces=("team-a",)), frozenset({Level.PULL})),
        Grant(Target(namespaces=("team-a/sub",)), frozenset({Level.PULL, Level.READ})),
        Grant(repo("team-a/sub/api", "team-ab/api"), frozenset({Level.PULL, Level.READ})),
    )["Statement"]
    read = ["ecr:DescribeImageScanFindings", "ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:GetLifecyclePolicy",
            "ecr:GetLifecyclePolicyPreview", "ecr:GetRepositoryPolicy", "ecr:ListImages", "ecr:ListTagsForResource"]
    # team-a/sub/api is covered by team-a (pull) and team-a/sub (read); team-ab is no repository under team-a.
    assert statements[1:] == [
        {"Sid": "PullTeamANamespace", "Effect": "Allow", "Action": PULL, "Resource": f"{ARN}/team-a/*"},
        {"Sid": "ReadTeamASubNamespace", "Effect": "Allow", "Action": read, "Resource": f"{ARN}/team-a/sub/*"},
        {"Sid": "PullReadTeamAbApi", "Effect": "Allow", "Action": sorted(PULL + read), "Resource": f"{ARN}/team-ab/api"},
    ]


def test_repositories_with_the_same_levels_share_one_statement():
    statements = render(Grant(repo("a"), frozenset({Level.PULL})), Grant(repo("b", "c"), frozenset({Level.PULL})))["Statement"]
    assert statements[1] == {"Sid": "PullAAnd2More", "Effect": "Allow", "Action": PULL, "Resource": [f"{ARN}/a", f"{ARN}/b", f"{ARN}/c"]}
    assert len(statements) == 2


def test_grant_conditions_go_on_that_grants_statement_only():
    ip = Condition("IpAddress", "aws:SourceIp", ("203.0.113.0/24",))
    mfa = Condition("Bool", "aws:MultiFactorAuthPresent", ("true",))
    statements = render(
        Grant(repo("my-repo"), frozenset({Level.PULL})),
        Grant(repo("my-repo"), frozenset({Level.PUSH}), conditions=(ip, mfa)),
    )["Statement"]
    assert statements[1] == {"Sid": "PullMyRepo", "Effect": "Allow", "Action": PULL, "Resource": f"{ARN}/my-repo"}
    # Pull is already allowed without conditions, so the conditional statement carries only the push actions.
    assert statements[2] == {
        "Sid": "PushMyRepoFromIpsWithMfa",
        "Effect": "Allow",
        "Action": ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"],
        "Resource": f"{ARN}/my-repo",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
    }


def test_wildcard_only_grant_without_target_goes_on_star():
    statements = render(Grant(Target(), actions=("ecr:CreatePullThroughCacheRule", "ecr:DescribePullThroughCacheRules")))["Statement"]
    assert statements == [
        TOKEN,
        {"Sid": "CreateDescribeRegistryWide", "Effect": "Allow",
         "Action": ["ecr:CreatePullThroughCacheRule", "ecr:DescribePullThroughCacheRules"], "Resource": "*"},
    ]


def test_console_and_view_own_permissions_statements():
    statements = render(
        Grant(repo("my-repo"), frozenset({Level.PULL})),
        options=IdentityOptions(console=True, view_own_permissions=True, user_paths=("/ecr-access/",)),
    )["Statement"]
    assert [s["Sid"] for s in statements] == ["GetAuthorizationToken", "PullMyRepo", "ConsoleReadOnly", "ViewOwnUserInfo", "NavigateInConsole"]
    assert statements[2]["Resource"] == "*"
    assert "ecr:BatchGetImage" not in statements[2]["Action"]  # viewing in the console does not pull every image
    assert statements[3]["Resource"] == "arn:aws:iam::123456789012:user/ecr-access/${aws:username}"
    assert statements[4]["Resource"] == "*" and "iam:ListPolicies" in statements[4]["Action"]


def test_console_statement_on_star_needs_the_wildcard_exemption():
    doc = PolicyDocument(option_statements(IdentityOptions(console=True), REGISTRY))
    with pytest.raises(PolicyError, match=r"'ConsoleReadOnly'.*ecr:DescribeImages is allowed on Resource \"\*\""):
        render_validated(doc, DocumentKind.IDENTITY, "test")


def test_no_grants_no_token_statement():
    assert grant_statements((), REGISTRY) == ()
