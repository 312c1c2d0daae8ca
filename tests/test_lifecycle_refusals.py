"""Every lifecycle policy ECR would refuse is refused by the stack config first: each problem once, with its exact
message, at the key that causes it (in a repository, the defaults or a template), before anything is registered."""

from __future__ import annotations

from typing import Any

import pytest

from ecr_access.config.errors import ConfigError
from tests.helpers.access import load
from tests.helpers.bad_input import run_program
from tests.helpers.registry import problems_of
from tests.helpers.stacks import base_config

L = "ecr-access:repositories[0].lifecycle"
TAGGED_V = {"tagStatus": "tagged", "tagPrefixes": ["v"]}
ARCHIVED = {"tagStatus": "any", "storageClass": "archive"}


def rule(select: dict[str, Any], count_type: str, count: int, **keys: Any) -> dict[str, Any]:
    return {"select": select, "countType": count_type, "countNumber": count, **keys}


def problems(lifecycle: Any, **config: Any) -> list[str]:
    """The problem lines of a stack whose one repository has this `lifecycle` (plus other `ecr-access:` keys)."""
    return problems_of(base_config(repositories=[{"name": "aa", "lifecycle": lifecycle}], **config))


CASES = [
    ("empty", {}, [f"{L}: needs preset, rules, keepTagged or expireUntaggedAfterDays (got {{}})"]),
    ("unknown-preset", {"preset": "prod"},
     [f'{L}.preset: is not a lifecycle preset: development, production or archiveThenExpire (got "prod")']),
    ("preset-capitalised", {"preset": "ArchiveThenExpire"},
     [f"{L}.preset: is not a lifecycle preset: development, production or archiveThenExpire; did you mean "
      f"'archiveThenExpire'? (got \"ArchiveThenExpire\")"]),
    ("misspelt-key", {"rules": [{"select": {"tagStatus": "any"}, "countTyp": "imageCountMoreThan", "countNumber": 5}]},
     [f"{L}.rules[0].countType: is required", f"{L}.rules[0].countTyp: unknown key; did you mean 'countType'?"]),
    ("enums", {"rules": [rule({"tagStatus": "some", "storageClass": "cold"}, "never", 0, action="delete", countUnit="weeks")]}, [
        f'{L}.rules[0].select.tagStatus: must be tagged, untagged or any (got "some")',
        f'{L}.rules[0].select.storageClass: must be standard or archive (got "cold")',
        f'{L}.rules[0].countType: must be imageCountMoreThan, sinceImagePushed, sinceImagePulled or sinceImageTransitioned (got "never")',
        f"{L}.rules[0].countNumber: must be between 1 and 2147483647 (got 0)",
        f'{L}.rules[0].countUnit: must be days (got "weeks")',
        f'{L}.rules[0].action: must be expire or transition (got "delete")',
    ]),
    ("tagged-without-tags", {"rules": rule({"tagStatus": "tagged"}, "sinceImagePushed", 3)},
     [f'{L}.rules.select: a tagged rule needs tagPrefixes or tagPatterns (ECR selects tagged images by them) (got {{"tagStatus": "tagged"}})']),
    ("tagged-with-both", {"rules": [rule({**TAGGED_V, "tagPatterns": "v*"}, "sinceImagePushed", 3)]},
     [f'{L}.rules[0].select: a tagged rule needs tagPrefixes or tagPatterns (not both) '
      f'(got {{"tagPatterns": ["v*"], "tagPrefixes": ["v"], "tagStatus": "tagged"}})']),
    ("tags-on-untagged", {"rules": [rule({"tagStatus": "untagged", "tagPatterns": ["x*"]}, "sinceImagePushed", 3)]},
     [f'{L}.rules[0].select.tagPatterns: selects by tag, but tagStatus is untagged: set tagStatus: tagged or remove tagPatterns (got ["x*"])']),
    ("bad-prefix-and-pattern", {"rules": [rule({"tagStatus": "tagged", "tagPrefixes": ["v 1"]}, "sinceImagePushed", 3),
                                          rule({"tagStatus": "tagged", "tagPatterns": ["*a*b*c*d*"]}, "sinceImagePushed", 3)]}, [
        f'{L}.rules[0].select.tagPrefixes[0]: is not a tag prefix: only letters, digits and . _ - (got "v 1")',
        f'{L}.rules[1].select.tagPatterns[0]: is not a tag pattern: only letters, digits, . _ - and at most 4 * (got "*a*b*c*d*")',
    ]),
    ("count-unit-with-image-count", {"rules": [rule(TAGGED_V, "imageCountMoreThan", 3, countUnit="days")]},
     [f'{L}.rules[0].countUnit: is only for the day counts (sinceImagePushed, sinceImagePulled, sinceImageTransitioned), '
      f'not imageCountMoreThan (got "days")']),
    ("expire-by-last-pull", {"rules": [rule({"tagStatus": "any"}, "sinceImagePulled", 30)]},
     [f"{L}.rules[0].action: must be transition with countType sinceImagePulled: ECR archives images by their last pull but "
      f'does not expire by it (expire archived images with a sinceImageTransitioned rule) (got "expire")']),
    ("archive-count-on-standard", {"rules": [rule({"tagStatus": "any"}, "sinceImageTransitioned", 90, action="transition")]}, [
        f"{L}.rules[0].select.storageClass: must be archive with countType sinceImageTransitioned (it counts the days an image "
        f'has been archived) (got "standard")',
        f'{L}.rules[0].action: must be expire with countType sinceImageTransitioned: archived images can only be expired (got "transition")',
    ]),
    ("archive-under-90-days", {"rules": [rule(ARCHIVED, "sinceImageTransitioned", 89)]},
     [f"{L}.rules[0].countNumber: must be at least 90 with countType sinceImageTransitioned: ECR keeps archived images 90 days "
      f"before a lifecycle rule may expire them (got 89)"]),
    ("archive-by-push", {"rules": [rule(ARCHIVED, "sinceImagePushed", 89)]},
     [f"{L}.rules[0].countType: must be sinceImageTransitioned when the rule selects storageClass archive (rules on archived "
      f'images count the days since archiving) (got "sinceImagePushed")']),
    ("same-priority", {"rules": [rule(TAGGED_V, "sinceImagePushed", 3, priority=4),
                                 rule({"tagStatus": "untagged"}, "sinceImagePushed", 3, priority=4)]},
     [f"{L}.rules[1].priority: is also the priority of rules[0]; each rule needs its own (got 4)"]),
    ("same-tags-as-keep-tagged", {"keepTagged": {"prefixes": "v", "count": 3}, "rules": [rule(TAGGED_V, "sinceImagePushed", 3)]},
     [f"{L}.rules[0].select: selects the same tags of storage class standard as keepTagged.prefixes[0]: the rules of a "
      f"storage class need "
      f'each their own set of tag prefixes or patterns (got {{"tagPrefixes": ["v"], "tagStatus": "tagged"}})']),
    ("keep-tagged-pattern-twice", {"keepTagged": [{"patterns": ["v*", "rc-*"], "count": 3}, {"patterns": ["rc-*"], "count": 5}]},
     [f"{L}.keepTagged[1].patterns[0]: selects the same tags of storage class standard as keepTagged[0].patterns[1]: the "
      f'rules of a storage class need each their own set of tag prefixes or patterns (got "rc-*")']),
    ("too-many-rules-from-prefixes", {"keepTagged": [{"prefixes": [f"p{i}", f"q{i}"], "count": 3} for i in range(26)]},
     [f"{L}: has 52 rules; ECR allows at most 50 in a lifecycle policy (got 52)"]),
    ("two-untagged-rules", {"rules": [rule({"tagStatus": "untagged"}, "imageCountMoreThan", 3)], "expireUntaggedAfterDays": 5},
     [f"{L}.expireUntaggedAfterDays: selects the untagged images of storage class standard, as rules[0] does: ECR allows one "
      f"rule per storage class to select untagged images (got 5)"]),
    ("two-any-rules-of-a-class", {"preset": "production", "rules": [rule(ARCHIVED, "sinceImageTransitioned", 90),
                                                                    rule(ARCHIVED, "sinceImageTransitioned", 99)]},
     [f"{L}.rules[1].select: selects every image of storage class archive, as rules[0] does: ECR allows one tagStatus any rule "
      f'per storage class (got {{"storageClass": "archive", "tagStatus": "any"}})']),
    ("any-rule-not-last", {"preset": "development", "rules": [rule({"tagStatus": "any"}, "imageCountMoreThan", 9, priority=1)]},
     [f"{L}.rules[0].priority: puts this tagStatus any rule before preset (priority 2): ECR needs the any rule of storage class "
      f"standard to come last; give it a priority above 2, or none (got 1)"]),
    ("too-many-rules", {"rules": [rule({"tagStatus": "tagged", "tagPrefixes": [f"p{i}"]}, "sinceImagePushed", 3) for i in range(51)]},
     [f"{L}: has 51 rules; ECR allows at most 50 in a lifecycle policy (got 51)"]),
]


@pytest.mark.parametrize("lifecycle, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_refusal_names_the_key_and_the_value_exactly(lifecycle, expected):
    assert problems(lifecycle) == expected


def test_a_bad_default_lifecycle_is_reported_once_at_the_defaults():
    values = base_config(repositoryDefaults={"lifecycle": {"rules": [rule({"tagStatus": "any"}, "sinceImagePulled", 30)]}},
                         repositories=[{"name": "aa"}, {"name": "bb"}])
    with pytest.raises(ConfigError) as err:
        load(values)
    assert [p.path for p in err.value.problems] == ["ecr-access:repositoryDefaults.lifecycle.rules[0].action"]


def test_a_bad_template_lifecycle_is_reported_at_the_template():
    values = base_config(namespaces=[{"name": "team-a", "lifecycle": {"preset": "archiveThenExpire", "rules": [
        rule(ARCHIVED, "sinceImageTransitioned", 30)]}}])
    with pytest.raises(ConfigError) as err:
        load(values)
    assert [p.path for p in err.value.problems] == ["ecr-access:namespaces[0].lifecycle.rules[0].countNumber"]


def test_a_bad_lifecycle_stops_the_program_before_anything_is_registered():
    values = base_config(repositories=[{"name": "aa", "lifecycle": {"rules": [rule({"tagStatus": "any"}, "sinceImagePulled", 30)]}}])
    errors, result = run_program(values, "dev")
    assert result.registrations == []
    assert len(errors) == 1 and f"{L}.rules[0].action: must be transition with countType sinceImagePulled" in errors[0]
