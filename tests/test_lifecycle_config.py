"""Lifecycle policies from the stack config and from code: presets picked and overridden in the defaults, a repository
or a template; the offline plan shows the policy ECR gets; components take typed rules and blame bad ones on their
argument path; the lifecycle guide documents every key and its examples are what the program does."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from ecr_access import (
    CountType,
    EcrRepository,
    EcrRepositoryArgs,
    ExpireUntagged,
    InvalidArgs,
    KeepTagged,
    LifecycleAction,
    LifecyclePolicy,
    LifecycleRule,
    LifecycleSelection,
    RepositoryTemplate,
    StorageClass,
    TagStatus,
    TeamNamespace,
    TeamNamespaceArgs,
)
from ecr_access.features.repositories.lifecycle import KeepTaggedConfig, LifecycleConfig
from ecr_access.features.repositories.lifecycle_rule_config import RuleConfig, SelectConfig
from ecr_access.plan.render import to_json_object, to_text
from ecr_access.plan.runner import run_stack
from tests.helpers.access import load
from tests.helpers.stacks import ROOT, base_config, by_type, register

GUIDE = (ROOT / "docs" / "guides" / "lifecycle.md").read_text()
LIFECYCLE_TYPE = "aws:ecr/lifecyclePolicy:LifecyclePolicy"
NIGHTLY = {"select": {"tagStatus": "tagged", "tagPatterns": ["nightly-*"]}, "countType": "sinceImagePulled",
           "countNumber": 30, "action": "transition"}
ARCHIVED_YEAR = {"select": {"tagStatus": "any", "storageClass": "archive"}, "countType": "sinceImageTransitioned",
                 "countNumber": 365}


def descriptions(policy: LifecyclePolicy) -> list[tuple[int, str]]:
    return [(p, rule.describe()) for p, _, rule in policy.ordered()]


def test_a_default_preset_is_inherited_overridden_in_place_and_replaced_by_a_repositorys_own():
    values = base_config(
        repositoryDefaults={"lifecycle": {"preset": "production", "keepTagged": [{"prefixes": ["v"], "count": 100}],
                                          "expireUntaggedAfterDays": 7}},
        repositories=[{"name": "app"}, {"name": "nightly", "lifecycle": {"preset": "archiveThenExpire", "rules": [NIGHTLY]}}],
        namespaces=[{"name": "team-a"}],
    )
    config = load(values)
    app, nightly = (r.settings.lifecycle for r in config.repositories)
    assert descriptions(app) == [
        (1, "Keep the last 100 images tagged v"), (2, "Expire untagged images after 7 days"),
        (3, "Archive images not pulled for 180 days"),
    ]
    assert descriptions(nightly) == [
        (1, "Archive images tagged nightly-* not pulled for 30 days"), (2, "Expire untagged images after 14 days"),
        (3, "Archive images not pulled for 90 days"), (4, "Expire archived images 180 days after archiving"),
    ]
    assert config.registry_settings.namespaces[0].template.settings.lifecycle == app


def test_keep_tagged_prefixes_keep_images_of_any_of_them_before_a_presets_any_rule():
    # An image tagged only v1.2.3 is kept by the v rule: ECR would select nothing but images tagged both v* and
    # release-* with one rule of both prefixes, and the preset's any rule would archive the rest.
    values = base_config(repositories=[{"name": "app", "lifecycle": {
        "preset": "production", "keepTagged": [{"prefixes": ["v", "release-"], "count": 100}]}}])
    [lifecycle] = by_type(run_stack("dev", config=values), LIFECYCLE_TYPE)
    rules = json.loads(lifecycle.inputs["policy"])["rules"]
    assert [(r["rulePriority"], r["description"], r["selection"]["tagStatus"], r["selection"].get("tagPrefixList")) for r in rules] == [
        (1, "Keep the last 100 images tagged v", "tagged", ["v"]),
        (2, "Keep the last 100 images tagged release-", "tagged", ["release-"]),
        (3, "Expire untagged images after 14 days", "untagged", None),
        (4, "Archive images not pulled for 180 days", "any", None),
    ]


def test_the_offline_plan_shows_the_policy_ecr_gets():
    values = base_config(repositories=[{"name": "nightly", "lifecycle": {"preset": "production", "rules": [NIGHTLY, ARCHIVED_YEAR]}}])
    result = run_stack("dev", config=values)
    [lifecycle] = by_type(result, LIFECYCLE_TYPE)
    assert lifecycle.inputs["repository"] == "nightly"
    assert lifecycle.inputs["policy"] == (
        '{"rules":['
        '{"rulePriority":1,"description":"Archive images tagged nightly-* not pulled for 30 days","selection":{"tagStatus":"tagged",'
        '"tagPatternList":["nightly-*"],"countType":"sinceImagePulled","countUnit":"days","countNumber":30},'
        '"action":{"type":"transition","targetStorageClass":"archive"}},'
        '{"rulePriority":2,"description":"Expire untagged images after 14 days","selection":{"tagStatus":"untagged",'
        '"countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}},'
        '{"rulePriority":3,"description":"Archive images not pulled for 180 days","selection":{"tagStatus":"any",'
        '"countType":"sinceImagePulled","countUnit":"days","countNumber":180},"action":{"type":"transition","targetStorageClass":"archive"}},'
        '{"rulePriority":4,"description":"Expire archived images 365 days after archiving","selection":{"tagStatus":"any",'
        '"storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":365},"action":{"type":"expire"}}'
        "]}"
    )
    [shown] = [r for r in to_json_object(result)["resources"] if r["type"] == LIFECYCLE_TYPE]
    assert shown["inputs"]["policy"] == json.loads(lifecycle.inputs["policy"])
    assert '"targetStorageClass": "archive"' in to_text(result) and '"storageClass": "archive",' in to_text(result)


def test_a_repository_takes_typed_rules_from_code():
    rules = [KeepTagged(10, prefixes=("v",)),
             LifecycleRule(LifecycleSelection("any"), "sinceImagePulled", 60, "transition")]
    result = register(lambda: EcrRepository("app", EcrRepositoryArgs(protect=False, lifecycle=rules)))
    [lifecycle] = by_type(result, LIFECYCLE_TYPE)
    assert lifecycle.inputs["policy"] == LifecyclePolicy(tuple(rules)).rendered("app").json
    assert [r["description"] for r in json.loads(lifecycle.inputs["policy"])["rules"]] == [
        "Keep the last 10 images tagged v", "Archive images not pulled for 60 days"]


def test_bad_typed_rules_stop_the_component_at_their_argument_paths():
    rules = [LifecycleRule(LifecycleSelection(TagStatus.TAGGED, tag_prefixes=("v 1",)), CountType.SINCE_IMAGE_PULLED, 30),
             ExpireUntagged(3), ExpireUntagged(4), "keep"]
    with pytest.raises(InvalidArgs) as err:
        register(lambda: EcrRepository("app", EcrRepositoryArgs(protect=False, lifecycle=rules)))
    assert [str(p) for p in err.value.problems] == [
        'EcrRepositoryArgs.lifecycle.rules[0].select.tag_prefixes[0]: is not a tag prefix: only letters, digits and . _ - (got "v 1")',
        "EcrRepositoryArgs.lifecycle.rules[0].action: must be transition with countType sinceImagePulled: ECR archives images "
        'by their last pull but does not expire by it (expire archived images with a sinceImageTransitioned rule) (got "expire")',
        'EcrRepositoryArgs.lifecycle.rules[3]: must be a LifecycleRule, KeepTagged or ExpireUntagged (got "\'keep\'")',
    ]
    with pytest.raises(InvalidArgs, match=r"EcrRepositoryArgs\.lifecycle\.rules\[1\]: selects the untagged images"):
        register(lambda: EcrRepository("app", EcrRepositoryArgs(protect=False, lifecycle=rules[1:3])))


def test_one_string_for_a_list_of_tags_stops_the_component_at_its_argument_path():
    rules = [KeepTagged(5, prefixes="release-"), KeepTagged(5, patterns="rel*"),
             LifecycleRule(LifecycleSelection(TagStatus.TAGGED, tag_patterns="x"), CountType.SINCE_IMAGE_PUSHED, 3)]
    with pytest.raises(InvalidArgs) as err:
        register(lambda: EcrRepository("app", EcrRepositoryArgs(protect=False, lifecycle=rules)))
    assert [str(p) for p in err.value.problems] == [
        'EcrRepositoryArgs.lifecycle.rules[0].prefixes: must be a list, not one string (got "release-")',
        'EcrRepositoryArgs.lifecycle.rules[1].patterns: must be a list, not one string (got "rel*")',
        'EcrRepositoryArgs.lifecycle.rules[2].select.tag_patterns: must be a list, not one string (got "x")',
    ]


def test_an_unknown_preset_from_code_stops_the_component_at_its_argument_path():
    with pytest.raises(InvalidArgs) as err:
        register(lambda: EcrRepository("app", EcrRepositoryArgs(
            protect=False, lifecycle=LifecyclePolicy.from_preset("Production", KeepTagged(5, prefixes=("v",)))))
        )
    assert [str(p) for p in err.value.problems] == [
        "EcrRepositoryArgs.lifecycle.preset: is not a lifecycle preset: development, production or archiveThenExpire; "
        'did you mean \'production\'? (got "Production")']
    template = RepositoryTemplate(lifecycle=LifecyclePolicy.from_preset("weekly"))
    with pytest.raises(InvalidArgs, match=r'TeamNamespaceArgs\.template\.lifecycle\.preset: is not a lifecycle preset: '
                       r'development, production or archiveThenExpire \(got "weekly"\)') as err:
        register(lambda: TeamNamespace("team-a", TeamNamespaceArgs(template=template)))


def test_a_templates_lifecycle_may_be_a_preset_from_code():
    template = RepositoryTemplate(lifecycle=LifecyclePolicy.from_preset("development", ExpireUntagged(2)))
    result = register(lambda: TeamNamespace("team-a", TeamNamespaceArgs(template=template)))
    [created] = by_type(result, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")
    assert [r["description"] for r in json.loads(created.inputs["lifecyclePolicy"])["rules"]] == [
        "Expire untagged images after 2 days", "Keep the last 100 images"]


def test_the_guide_documents_every_lifecycle_key():
    keys = {f.alias for model in (LifecycleConfig, RuleConfig, SelectConfig, KeepTaggedConfig) for f in model.model_fields.values()}
    assert sorted(k for k in keys if f"`{k}`" not in GUIDE) == []
    for preset in ("development", "production", "archiveThenExpire"):
        assert f"| `{preset}` |" in GUIDE


def test_the_guides_json_is_what_its_defaults_render():
    example = yaml.safe_load(re.search(r"```yaml\n(.*?)```", GUIDE, re.S).group(1))
    values = base_config(repositoryDefaults=example["ecr-access:repositoryDefaults"], repositories=[{"name": "app"}])
    config = load(values)
    shown = json.loads(re.search(r"```json\n(.*?)```", GUIDE, re.S).group(1))
    assert config.repositories[0].settings.lifecycle.render() == shown


def test_the_guides_code_registers_the_policy_it_describes():
    code = re.search(r"```python\n(.*?)```", GUIDE, re.S).group(1)
    result = register(lambda: exec(code, {}))
    [lifecycle] = by_type(result, LIFECYCLE_TYPE)
    nightly = LifecycleRule(LifecycleSelection(TagStatus.TAGGED, tag_patterns=("nightly-*",)), CountType.SINCE_IMAGE_PULLED, 30,
                            LifecycleAction.TRANSITION)
    assert lifecycle.inputs["policy"] == LifecyclePolicy.from_preset("archiveThenExpire", nightly).rendered("x").json
    assert json.loads(lifecycle.inputs["policy"])["rules"][-1]["selection"]["storageClass"] == StorageClass.ARCHIVE
