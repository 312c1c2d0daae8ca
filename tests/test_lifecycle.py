"""The lifecycle builder renders ECR's exact rule JSON for every selector, count and action, numbers the rules in the
order ECR needs, gives presets their rules under one's own, and refuses what ECR would refuse."""

import json

import pytest

from ecr_access.config.base import NO_VALUE
from ecr_access.config.constraints import shape
from ecr_access.features.repositories.lifecycle_policy import ExpireUntagged, KeepTagged, LifecyclePolicy
from ecr_access.features.repositories.lifecycle_rules import (
    CountType,
    LifecycleAction,
    LifecycleRule,
    LifecycleSelection,
    StorageClass,
    TagStatus,
)
from ecr_access.iam.errors import PolicyError

S = LifecycleSelection
TRANSITION = LifecycleAction.TRANSITION
ARCHIVE = StorageClass.ARCHIVE
EXPIRE = {"type": "expire"}
TO_ARCHIVE = {"type": "transition", "targetStorageClass": "archive"}


def text(*rules: dict) -> str:
    """The compact JSON of a policy of these rules, keys in the order written."""
    return json.dumps({"rules": list(rules)}, separators=(",", ":"))


def rule(priority: int, description: str, selection: dict, action: dict) -> dict:
    return {"rulePriority": priority, "description": description, "selection": selection, "action": action}


def test_rules_are_rendered_in_priority_order_exactly():
    policy = LifecyclePolicy((KeepTagged(30, prefixes=("v", "release-")), KeepTagged(5, patterns=("pr-*",)), ExpireUntagged(14)))
    assert policy.rendered("my-repo").json == text(
        rule(1, "Keep the last 30 images tagged v",
             {"tagStatus": "tagged", "tagPrefixList": ["v"], "countType": "imageCountMoreThan", "countNumber": 30}, EXPIRE),
        rule(2, "Keep the last 30 images tagged release-",
             {"tagStatus": "tagged", "tagPrefixList": ["release-"], "countType": "imageCountMoreThan", "countNumber": 30}, EXPIRE),
        rule(3, "Keep the last 5 images tagged pr-*",
             {"tagStatus": "tagged", "tagPatternList": ["pr-*"], "countType": "imageCountMoreThan", "countNumber": 5}, EXPIRE),
        rule(4, "Expire untagged images after 14 days",
             {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14}, EXPIRE),
    )


def test_keep_tagged_keeps_images_of_any_of_its_prefixes_one_ecr_rule_per_prefix():
    # ECR selects images carrying a tag for EACH entry of one rule's tagPrefixList: one rule of [v, release-] would
    # select nothing tagged only v1.2.3, which the production preset's any rule would then archive.
    policy = LifecyclePolicy.from_preset("production", KeepTagged(100, prefixes=("v", "release-")),
                                         KeepTagged(9, patterns=("nightly-*", "*-rc")))
    rules = json.loads(policy.rendered("r").json)["rules"]
    assert [(r["rulePriority"], r["selection"].get("tagPrefixList") or r["selection"].get("tagPatternList"),
             r["selection"].get("countNumber")) for r in rules] == [
        (1, ["v"], 100), (2, ["release-"], 100), (3, ["nightly-*"], 9), (4, ["*-rc"], 9), (5, None, 14), (6, None, 180)]
    assert [r["selection"]["tagStatus"] for r in rules][-1] == "any"
    assert [(p, where) for p, where, _ in policy.ordered()][:4] == [
        (1, "rules[0].prefixes[0]"), (2, "rules[0].prefixes[1]"), (3, "rules[1].patterns[0]"), (4, "rules[1].patterns[1]")]


def test_a_typed_rule_of_several_tags_keeps_ecrs_all_of_meaning_and_says_so():
    both = LifecycleRule(S(TagStatus.TAGGED, tag_prefixes=("v", "release-")), CountType.IMAGE_COUNT_MORE_THAN, 10)
    assert LifecyclePolicy((both,)).rendered("r").json == text(rule(
        1, "Keep the last 10 images tagged v and release-",
        {"tagStatus": "tagged", "tagPrefixList": ["v", "release-"], "countType": "imageCountMoreThan", "countNumber": 10}, EXPIRE))
    # Its set of prefixes is not the shorthand's: {v, release-} beside {v} and {release-} is a rule of its own.
    assert LifecyclePolicy((KeepTagged(3, prefixes=("v", "release-")), both)).problems() == []


@pytest.mark.parametrize("typed, description, selection, action", [
    (LifecycleRule(S(TagStatus.TAGGED, tag_prefixes=("v",)), CountType.IMAGE_COUNT_MORE_THAN, 30), "Keep the last 30 images tagged v",
     {"tagStatus": "tagged", "tagPrefixList": ["v"], "countType": "imageCountMoreThan", "countNumber": 30}, EXPIRE),
    (LifecycleRule(S("tagged", tag_patterns=("pr-*", "*-rc")), "sinceImagePushed", 7), "Expire images tagged pr-* and *-rc after 7 days",
     {"tagStatus": "tagged", "tagPatternList": ["pr-*", "*-rc"], "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7}, EXPIRE),
    (LifecycleRule(S(TagStatus.UNTAGGED), CountType.IMAGE_COUNT_MORE_THAN, 5), "Keep the last 5 untagged images",
     {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 5}, EXPIRE),
    (LifecycleRule(S(TagStatus.ANY), CountType.IMAGE_COUNT_MORE_THAN, 500), "Keep the last 500 images",
     {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 500}, EXPIRE),
    (LifecycleRule(S(TagStatus.TAGGED, tag_prefixes=("v",)), CountType.IMAGE_COUNT_MORE_THAN, 10, TRANSITION),
     "Archive images tagged v beyond the newest 10",
     {"tagStatus": "tagged", "tagPrefixList": ["v"], "countType": "imageCountMoreThan", "countNumber": 10}, TO_ARCHIVE),
    (LifecycleRule(S(TagStatus.ANY, storage_class="standard"), CountType.SINCE_IMAGE_PUSHED, 30, "transition"),
     "Archive images 30 days after push",
     {"tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30}, TO_ARCHIVE),
    (LifecycleRule(S(TagStatus.UNTAGGED), CountType.SINCE_IMAGE_PULLED, 60, TRANSITION), "Archive untagged images not pulled for 60 days",
     {"tagStatus": "untagged", "countType": "sinceImagePulled", "countUnit": "days", "countNumber": 60}, TO_ARCHIVE),
    (LifecycleRule(S(TagStatus.ANY, storage_class=ARCHIVE), CountType.SINCE_IMAGE_TRANSITIONED, 90),
     "Expire archived images 90 days after archiving",
     {"tagStatus": "any", "storageClass": "archive", "countType": "sinceImageTransitioned", "countUnit": "days", "countNumber": 90}, EXPIRE),
    (LifecycleRule(S(TagStatus.TAGGED, tag_prefixes=("v",), storage_class=ARCHIVE), CountType.SINCE_IMAGE_TRANSITIONED, 365,
                   description="Old releases leave the archive after a year"), "Old releases leave the archive after a year",
     {"tagStatus": "tagged", "tagPrefixList": ["v"], "storageClass": "archive", "countType": "sinceImageTransitioned",
      "countUnit": "days", "countNumber": 365}, EXPIRE),
])
def test_each_selector_count_and_action_renders_ecrs_exact_json(typed, description, selection, action):
    assert LifecyclePolicy((typed,)).rendered("r").json == text(rule(1, description, selection, action))


def test_the_shorthands_are_their_typed_rules_byte_for_byte():
    keep = LifecycleRule(S(TagStatus.TAGGED, tag_patterns=("v*.*.*",)), CountType.IMAGE_COUNT_MORE_THAN, 50)
    untagged = LifecycleRule(S(TagStatus.UNTAGGED), CountType.SINCE_IMAGE_PUSHED, 7)
    assert [p.rule for s in (KeepTagged(50, patterns=("v*.*.*",)), ExpireUntagged(7)) for p in s.placed("")] == [keep, untagged]
    assert LifecyclePolicy((keep, untagged)).rendered("r").json == LifecyclePolicy(
        (KeepTagged(50, patterns=("v*.*.*",)), ExpireUntagged(7))).rendered("r").json


UNTAGGED_14 = rule(1, "Expire untagged images after 14 days",
                   {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14}, EXPIRE)


@pytest.mark.parametrize("preset, rules", [
    ("development", [
        rule(1, "Expire untagged images after 7 days",
             {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7}, EXPIRE),
        rule(2, "Keep the last 100 images", {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 100}, EXPIRE),
    ]),
    ("production", [
        UNTAGGED_14,
        rule(2, "Archive images not pulled for 180 days",
             {"tagStatus": "any", "countType": "sinceImagePulled", "countUnit": "days", "countNumber": 180}, TO_ARCHIVE),
    ]),
    ("archiveThenExpire", [
        UNTAGGED_14,
        rule(2, "Archive images not pulled for 90 days",
             {"tagStatus": "any", "countType": "sinceImagePulled", "countUnit": "days", "countNumber": 90}, TO_ARCHIVE),
        rule(3, "Expire archived images 180 days after archiving",
             {"tagStatus": "any", "storageClass": "archive", "countType": "sinceImageTransitioned", "countUnit": "days",
              "countNumber": 180}, EXPIRE),
    ]),
])
def test_each_preset_renders_its_rules_exactly(preset, rules):
    assert LifecyclePolicy.from_preset(preset).rendered("r").json == text(*rules)


def test_own_rules_replace_the_preset_rule_of_their_selection_and_come_first():
    archived = LifecycleRule(S(TagStatus.ANY, storage_class=ARCHIVE), CountType.SINCE_IMAGE_TRANSITIONED, 400)
    policy = LifecyclePolicy.from_preset("archiveThenExpire", KeepTagged(3, prefixes=("v",)), ExpireUntagged(2), archived)
    assert [(p, r.describe()) for p, _, r in policy.ordered()] == [
        (1, "Keep the last 3 images tagged v"),
        (2, "Expire untagged images after 2 days"),
        (3, "Archive images not pulled for 90 days"),
        (4, "Expire archived images 400 days after archiving"),
    ]


@pytest.mark.parametrize("name, message", [
    ("Production", "is not a lifecycle preset: development, production or archiveThenExpire; did you mean 'production'?"),
    ("weekly", "is not a lifecycle preset: development, production or archiveThenExpire"),
    (7, "is not a lifecycle preset: development, production or archiveThenExpire"),
])
def test_an_unknown_preset_is_a_problem_of_the_policy_at_its_preset_key(name, message):
    policy = LifecyclePolicy.from_preset(name, ExpireUntagged(0))
    assert policy.problems() == [("rules[0]", "untagged expiry must be at least 1 day, got 0", NO_VALUE), ("preset", message, name)]
    with pytest.raises(PolicyError, match=r"lifecycle policy 'r': preset: is not a lifecycle preset"):
        LifecyclePolicy.from_preset(name).rendered("r")


def test_rules_without_priority_follow_the_given_ones_any_rules_last_standard_before_archive():
    any_archived = LifecycleRule(S(TagStatus.ANY, storage_class=ARCHIVE), CountType.SINCE_IMAGE_TRANSITIONED, 90)
    any_standard = LifecycleRule(S(TagStatus.ANY), CountType.SINCE_IMAGE_PULLED, 30, TRANSITION)
    given = LifecycleRule(S(TagStatus.TAGGED, tag_prefixes=("v",)), CountType.IMAGE_COUNT_MORE_THAN, 9, priority=7)
    policy = LifecyclePolicy((any_archived, ExpireUntagged(3), any_standard, given, KeepTagged(2, prefixes=("pr-",))))
    assert [(p, where) for p, where, _ in policy.ordered()] == [
        (7, "rules[3]"), (8, "rules[1]"), (9, "rules[4].prefixes[0]"), (10, "rules[2]"), (11, "rules[0]"),
    ]
    assert [r["rulePriority"] for r in json.loads(policy.rendered("r").json)["rules"]] == [7, 8, 9, 10, 11]


def test_an_any_rule_may_come_first_in_its_class_only_before_rules_of_the_other_class():
    # AWS's own archive example: the standard class's any rule before the archive class's.
    standard = LifecycleRule(S(TagStatus.ANY), CountType.SINCE_IMAGE_PULLED, 90, TRANSITION, priority=1)
    archived = LifecycleRule(S(TagStatus.ANY, storage_class=ARCHIVE), CountType.SINCE_IMAGE_TRANSITIONED, 365, priority=2)
    assert LifecyclePolicy((standard, archived)).problems() == []


def test_the_enums_are_botocores_in_the_policys_lower_case():
    for kind, name in ((TagStatus, "TagStatus"), (StorageClass, "LifecyclePolicyStorageClass"), (LifecycleAction, "ImageActionType")):
        assert sorted(m.value for m in kind) == sorted(v.lower() for v in shape("ecr", name).enum)
    assert [v.lower() for v in shape("ecr", "LifecyclePolicyTargetStorageClass").enum] == [StorageClass.ARCHIVE]


ANY_PULLED = LifecycleRule(S(TagStatus.ANY), CountType.SINCE_IMAGE_PULLED, 30, TRANSITION)


@pytest.mark.parametrize("rules, problems", [
    ((), [("", "has no rules", NO_VALUE)]),
    ((KeepTagged(0, prefixes=("v",)),), [("rules[0]", "keep count must be at least 1, got 0", NO_VALUE)]),
    ((KeepTagged(3),), [("rules[0]", "a keep-tagged rule needs either tag prefixes or tag patterns (not both, not neither)", NO_VALUE)]),
    ((KeepTagged(3, prefixes=("v 1",)),), [("rules[0]", "tag prefix 'v 1' may hold only letters, digits and ._-", NO_VALUE)]),
    ((ExpireUntagged(0),), [("rules[0]", "untagged expiry must be at least 1 day, got 0", NO_VALUE)]),
    ((LifecycleRule(S("sometimes", storage_class="cold"), "forever", 0, "delete", priority=0, description=" "),), [
        ("rules[0].select.tagStatus", "must be tagged, untagged or any", "sometimes"),
        ("rules[0].select.storageClass", "must be standard or archive", "cold"),
        ("rules[0].countType", "must be imageCountMoreThan, sinceImagePushed, sinceImagePulled or sinceImageTransitioned", "forever"),
        ("rules[0].countNumber", "must be a whole number from 1 to 2147483647 (ECR takes no 0)", 0),
        ("rules[0].action", "must be expire or transition", "delete"),
        ("rules[0].priority", "must be a whole number from 1 to 2147483647", 0),
        ("rules[0].description", "must be a non-empty string", " "),
    ]),
    ((LifecycleRule(S(TagStatus.TAGGED, ("v",), ("v*",)), CountType.SINCE_IMAGE_PUSHED, 3),), [
        ("rules[0].select", "a tagged rule needs tagPrefixes or tagPatterns (not both)",
         {"tagStatus": "tagged", "tagPrefixes": ["v"], "tagPatterns": ["v*"]}),
    ]),
    ((LifecycleRule(S(TagStatus.ANY, ("v",), ("a*b*c*d*e*",)), CountType.SINCE_IMAGE_PUSHED, 3),), [
        ("rules[0].select.tagPrefixes", "selects by tag, but tagStatus is any: set tagStatus: tagged or remove tagPrefixes", ["v"]),
        ("rules[0].select.tagPatterns", "selects by tag, but tagStatus is any: set tagStatus: tagged or remove tagPatterns", ["a*b*c*d*e*"]),
        ("rules[0].select.tagPatterns[0]", "is not a tag pattern: only letters, digits, . _ - and at most 4 *", "a*b*c*d*e*"),
    ]),
    ((LifecycleRule(S(TagStatus.ANY), CountType.SINCE_IMAGE_PULLED, 30),), [
        ("rules[0].action", "must be transition with countType sinceImagePulled: ECR archives images by their last pull but does "
         "not expire by it (expire archived images with a sinceImageTransitioned rule)", "expire"),
    ]),
    ((LifecycleRule(S(TagStatus.ANY), CountType.SINCE_IMAGE_TRANSITIONED, 89, TRANSITION),), [
        ("rules[0].select.storageClass", "must be archive with countType sinceImageTransitioned (it counts the days an image "
         "has been archived)", "standard"),
        ("rules[0].action", "must be expire with countType sinceImageTransitioned: archived images can only be expired", "transition"),
        ("rules[0].countNumber", "must be at least 90 with countType sinceImageTransitioned: ECR keeps archived images 90 days "
         "before a lifecycle rule may expire them", 89),
    ]),
    ((LifecycleRule(S(TagStatus.UNTAGGED, storage_class=ARCHIVE), CountType.IMAGE_COUNT_MORE_THAN, 5),), [
        ("rules[0].countType", "must be sinceImageTransitioned when the rule selects storageClass archive (rules on archived "
         "images count the days since archiving)", "imageCountMoreThan"),
    ]),
    ((ExpireUntagged(3), ExpireUntagged(4)), [
        ("rules[1]", "selects the untagged images of storage class standard, as rules[0] does: ECR allows one rule per storage "
         "class to select untagged images", 4),
    ]),
    ((ANY_PULLED, ANY_PULLED), [
        ("rules[1].select", "selects every image of storage class standard, as rules[0] does: ECR allows one tagStatus any rule "
         "per storage class", {"tagStatus": "any"}),
    ]),
    ((KeepTagged(3, prefixes=("v", "w")), LifecycleRule(S(TagStatus.TAGGED, ("w",)), CountType.SINCE_IMAGE_PUSHED, 9)), [
        ("rules[1].select", "selects the same tags of storage class standard as rules[0].prefixes[1]: the rules of a storage "
         "class need each their own set of tag prefixes or patterns", {"tagStatus": "tagged", "tagPrefixes": ["w"]}),
    ]),
    ((KeepTagged(3, patterns=("v*", "w*")), KeepTagged(5, patterns=("w*",))), [
        ("rules[1].patterns[0]", "selects the same tags of storage class standard as rules[0].patterns[1]: the rules of a "
         "storage class need each their own set of tag prefixes or patterns", "w*"),
    ]),
    ((LifecycleRule(S(TagStatus.UNTAGGED), CountType.SINCE_IMAGE_PUSHED, 3, priority=2),
      LifecycleRule(S(TagStatus.TAGGED, ("v",)), CountType.SINCE_IMAGE_PUSHED, 3, priority=2)), [
        ("rules[1].priority", "is also the priority of rules[0]; each rule needs its own", 2),
    ]),
    ((LifecycleRule(S(TagStatus.ANY), CountType.IMAGE_COUNT_MORE_THAN, 9, priority=1), ExpireUntagged(3)), [
        ("rules[0].priority", "puts this tagStatus any rule before rules[1] (priority 2): ECR needs the any rule of storage "
         "class standard to come last; give it a priority above 2, or none", 1),
    ]),
    (tuple(KeepTagged(1, prefixes=(f"p{i}",)) for i in range(51)), [
        ("", "has 51 rules; ECR allows at most 50 in a lifecycle policy", 51),
    ]),
    (tuple(KeepTagged(1, prefixes=(f"p{i}", f"q{i}")) for i in range(26)), [
        ("", "has 52 rules; ECR allows at most 50 in a lifecycle policy", 52),
    ]),
    ((LifecycleRule(S(TagStatus.UNTAGGED), CountType.SINCE_IMAGE_PUSHED, 1, description="x" * 30600),), [
        ("", "is 30777 characters as a lifecycle policy, outside ECR's 100-30720", NO_VALUE),
    ]),
    (("keep the last 3",), [("rules[0]", "must be a LifecycleRule, KeepTagged or ExpireUntagged", "'keep the last 3'")]),
    ((LifecycleRule(S(TagStatus.TAGGED, tag_prefixes="release-"), CountType.SINCE_IMAGE_PUSHED, 3),),
     [("rules[0].select.tagPrefixes", "must be a list, not one string", "release-")]),
    ((KeepTagged(5, prefixes="release-"), KeepTagged(5, patterns="rel*"), KeepTagged("5", prefixes=("v",))), [
        ("rules[0].prefixes", "must be a list, not one string", "release-"),
        ("rules[1].patterns", "must be a list, not one string", "rel*"),
        ("rules[2]", "keep count must be a whole number, got '5'", NO_VALUE),
    ]),
    ((KeepTagged(5, prefixes=7), LifecycleRule(S(TagStatus.TAGGED, tag_patterns=None), CountType.SINCE_IMAGE_PUSHED, 3)), [
        ("rules[0].prefixes", "must be a list", "7"),
        ("rules[1].select.tagPatterns", "must be a list", "None"),
    ]),
    ((LifecycleRule({"tagStatus": "any"}, CountType.SINCE_IMAGE_PUSHED, 3),),
     [("rules[0].select", "must be a LifecycleSelection", "{'tagStatus': 'any'}")]),
])
def test_what_ecr_would_refuse_is_refused_at_the_rule_and_key(rules, problems):
    policy = LifecyclePolicy(tuple(rules))
    assert policy.problems() == problems
    with pytest.raises(PolicyError, match="lifecycle policy 'my-repo'") as err:
        policy.rendered("my-repo")
    where, message, _ = problems[0]
    assert err.value.reason == (f"{where}: {message}" if where else message)


def test_rules_given_as_one_string_are_refused_not_read_letter_by_letter():
    assert LifecyclePolicy("keep").problems() == [("rules", "must be a list, not one string", "keep")]
    assert LifecyclePolicy.from_preset("production", *"ab").problems()[0] == (
        "rules[0]", "must be a LifecycleRule, KeepTagged or ExpireUntagged", "'a'")
