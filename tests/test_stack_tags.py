"""`ecr-access:tags` on every taggable resource of the plan, under the defaults' and each resource's own tags, and
`ecr-access:requiredTagKeys` refusing a repository that lacks a key before anything is registered."""

from __future__ import annotations

import inspect
import json
from importlib import import_module

import pytest

from ecr_access import EcrRepository, EcrRepositoryArgs
from ecr_access.config.values import merged_tags
from ecr_access.plan.render import to_json_object
from ecr_access.plan.runner import run_stack
from ecr_access.report.changes import resource_changes
from tests.helpers.registry import ROLE, deployed, refused
from tests.helpers.stacks import base_config, by_type, fixture_config, register

STACK_TAGS = {"cost-center": "platform", "owner": "team-platform"}
PULL = [{"levels": ["pull"], "repository": "aa"}]


def _with(config: dict[str, str], **ecr_access) -> dict[str, str]:
    return {**config, **{f"ecr-access:{k}": json.dumps(v) for k, v in ecr_access.items()}}


# What the fixture dev stack lacks of the kinds of resource the stack registers: a KMS key, a notification topic, the
# GitHub OIDC provider.
EVERY_KIND = {"kmsKeys": [{"name": "fixture-key"}], "githubOidcProvider": {"create": True},
              "notifications": [{"topic": "fixture-pushes", "rules": [{"name": "my-repo", "repositories": ["my-repo"],
                                                                      "pushes": True}]}]}


@pytest.fixture(scope="module")
def tagged_fixture():
    """The fixture dev stack, with every kind of resource the stack registers, and stack-wide tags."""
    return run_stack("dev", config=_with(fixture_config("dev"), **EVERY_KIND, tags=STACK_TAGS))


def _tag_input(type_token: str) -> str | None:
    """The input holding tags of a pulumi_aws resource type (`tags` or `resourceTags`), None when it takes none."""
    module, name = type_token.split(":")[1].split("/")[0], type_token.split(":")[2]
    args = getattr(import_module(f"pulumi_aws.{module}"), f"{name}Args")
    params = inspect.signature(args.__init__).parameters
    return "tags" if "tags" in params else "resourceTags" if "resource_tags" in params else None


def test_every_resource_whose_aws_type_takes_tags_carries_the_stack_tags(tagged_fixture):
    checked = set()
    for reg in tagged_fixture.registrations:
        key = _tag_input(reg.type) if reg.custom else None
        if key is None:
            continue
        checked.add(reg.type)
        assert STACK_TAGS.items() <= (reg.inputs.get(key) or {}).items(), (reg.type, reg.name, reg.inputs.get(key))
    assert checked >= {
        "aws:ecr/repository:Repository", "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
        "aws:iam/user:User", "aws:iam/role:Role", "aws:iam/policy:Policy", "aws:kms/key:Key", "aws:sns/topic:Topic",
        "aws:cloudwatch/eventRule:EventRule", "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    }


def test_stack_tags_change_inputs_in_place_and_keep_every_urn(tagged_fixture):
    plain = run_stack("dev", config=_with(fixture_config("dev"), **EVERY_KIND))
    assert sorted(r.urn for r in plain.registrations) == sorted(r.urn for r in tagged_fixture.registrations)
    changes = resource_changes(to_json_object(plain), to_json_object(tagged_fixture))
    assert changes and {c.change for c in changes} == {"updated"}
    assert {c.detail for c in changes} <= {"changed: tags", "changed: resourceTags"}


def test_the_more_specific_tags_win_stack_then_defaults_then_the_resource():
    config = base_config(
        tags={"level": "stack", "stack-only": "s", "defaults-over": "stack"},
        repositoryDefaults={"tags": {"level": "defaults", "defaults-over": "defaults"}},
        repositories=[{"name": "aa", "tags": {"level": "repository"}}],
        namespaces=[{"name": "team-a", "customRoleArn": ROLE, "tags": {"level": "template"}}],
        users=[{"name": "u1", "grants": PULL, "tags": {"level": "user"}}],
    )
    result = deployed(config)
    (repository,) = by_type(result, "aws:ecr/repository:Repository")
    (template,) = by_type(result, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")
    (user,) = by_type(result, "aws:iam/user:User")
    (policy,) = by_type(result, "aws:iam/policy:Policy")
    assert repository.inputs["tags"] == {"level": "repository", "stack-only": "s", "defaults-over": "defaults"}
    assert template.inputs["resourceTags"] == {"level": "template", "stack-only": "s", "defaults-over": "defaults"}
    # Principals inherit no repository defaults: the stack's tags, then their own.
    assert user.inputs["tags"] == policy.inputs["tags"] == {"level": "user", "stack-only": "s", "defaults-over": "stack"}


def test_iam_takes_the_principals_key_over_the_stacks_ignoring_case_while_ecr_keeps_both():
    config = base_config(tags={"team": "shared"}, repositories=[{"name": "aa", "tags": {"Team": "a"}}],
                         roles=[{"name": "r1", "trust": {"accountRoot": True}, "grants": PULL, "tags": {"Team": "a"}}])
    result = deployed(config)
    (repository,) = by_type(result, "aws:ecr/repository:Repository")
    (role,) = by_type(result, "aws:iam/role:Role")
    assert repository.inputs["tags"] == {"team": "shared", "Team": "a"}
    assert role.inputs["tags"] == {"Team": "a"}
    assert merged_tags({"team": "x", "b": "1"}, {"TEAM": "y"}, iam=True) == {"b": "1", "TEAM": "y"}


def test_a_groups_managed_policies_carry_the_stack_tags():
    result = deployed(base_config(tags=STACK_TAGS, repositories=[{"name": "aa"}], groups=[{"name": "g1", "grants": PULL}]))
    (policy,) = by_type(result, "aws:iam/policy:Policy")
    assert policy.inputs["tags"] == STACK_TAGS
    assert "tags" not in by_type(result, "aws:iam/group:Group")[0].inputs


def test_a_stack_without_tags_registers_no_tags():
    result = deployed(base_config(repositories=[{"name": "aa"}], users=[{"name": "u1", "grants": PULL}]))
    assert all("tags" not in r.inputs for r in result.registrations)


def test_required_keys_come_from_any_layer():
    config = base_config(tags={"cost-center": "platform"}, requiredTagKeys=["team", "cost-center", "tier"],
                         repositoryDefaults={"tags": {"tier": "web"}}, repositories=[{"name": "aa", "tags": {"team": "a"}}])
    (repository,) = by_type(deployed(config), "aws:ecr/repository:Repository")
    assert repository.inputs["tags"] == {"cost-center": "platform", "tier": "web", "team": "a"}


def test_every_repository_lacking_a_required_key_is_refused_at_its_path_before_anything_is_registered():
    config = base_config(tags={"cost-center": "platform"}, requiredTagKeys=["team", "cost-center", "tier"],
                         repositories=[{"name": "aa", "tags": {"team": "a", "tier": "web"}}, {"name": "bb", "tags": {"Team": "b"}},
                                       {"name": "cc"}])
    assert refused(config) == [
        "ecr-access:repositories[1].tags: lacks the tag keys team, tier that ecr-access:requiredTagKeys asks every "
        "repository for; set them in the repository's tags, in ecr-access:repositoryDefaults.tags or in ecr-access:tags "
        '(ECR tag keys are case-sensitive: Team is not team) (got {"Team": "b", "cost-center": "platform"})',
        "ecr-access:repositories[2].tags: lacks the tag keys team, tier that ecr-access:requiredTagKeys asks every "
        "repository for; set them in the repository's tags, in ecr-access:repositoryDefaults.tags or in ecr-access:tags "
        '(got {"cost-center": "platform"})',
    ]


def test_every_creation_template_lacking_a_required_key_is_refused_at_its_tags_before_anything_is_registered():
    config = base_config(
        tags={"cost-center": "platform"}, requiredTagKeys=["team", "cost-center"],
        repositories=[{"name": "aa", "tags": {"team": "a"}}],
        namespaces=[{"name": "team-a", "customRoleArn": ROLE, "tags": {"team": "team-a"}},
                    {"name": "team-b", "customRoleArn": ROLE, "tags": {"Team": "team-b"}}],
        pullThroughCache=[{"upstream": "ecr-public", "prefix": "pub", "template": {"customRoleArn": ROLE}}],
    )
    assert refused(config) == [
        "ecr-access:pullThroughCache[0].template.tags: lacks the tag key team that ecr-access:requiredTagKeys asks every "
        "repository for, and the repositories this template creates carry its tags; set it in the template's tags, in "
        'ecr-access:repositoryDefaults.tags or in ecr-access:tags (got {"cost-center": "platform"})',
        "ecr-access:namespaces[1].tags: lacks the tag key team that ecr-access:requiredTagKeys asks every repository "
        "for, and the repositories this template creates carry its tags; set it in the template's tags, in "
        "ecr-access:repositoryDefaults.tags or in ecr-access:tags (ECR tag keys are case-sensitive: Team is not team) "
        '(got {"Team": "team-b", "cost-center": "platform"})',
    ]


def test_a_creation_template_carrying_the_required_keys_passes_them_to_the_repositories_it_creates():
    config = base_config(tags={"cost-center": "platform"}, requiredTagKeys=["team", "cost-center"],
                         pullThroughCache=[{"upstream": "ecr-public", "prefix": "pub",
                                            "template": {"customRoleArn": ROLE, "tags": {"team": "platform"}}}])
    (template,) = by_type(deployed(config), "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")
    assert template.inputs["resourceTags"] == {"cost-center": "platform", "team": "platform"}


def test_bad_stack_tags_and_required_keys_are_refused_with_every_problem():
    config = base_config(tags={"Team": "a", "team": "b", "aws:x": "y"}, requiredTagKeys=["team", "team", "aws:owner", ""],
                         repositories=[{"name": "aa"}])
    assert refused(config) == [
        "ecr-access:tags.team: differs from tag key Team only in letter case; IAM tag keys ignore case, so it would be the "
        'same tag: keep one (got "team")',
        "ecr-access:tags.aws:x: tag keys are 1-128 letters, digits, spaces and _ . : / = + - @ and may not start with aws: "
        '(got "aws:x")',
        'ecr-access:requiredTagKeys[1]: is listed twice (first at [0]) (got "team")',
        "ecr-access:requiredTagKeys[2]: tag keys are 1-128 letters, digits, spaces and _ . : / = + - @ and may not start "
        'with aws: (got "aws:owner")',
        "ecr-access:requiredTagKeys[3]: tag keys are 1-128 letters, digits, spaces and _ . : / = + - @ and may not start "
        'with aws: (got "")',
    ]


def test_more_than_50_tags_after_merging_are_refused_where_the_entry_adds_them():
    stack = {f"s{i}": "x" for i in range(40)}
    own = {f"o{i}": "x" for i in range(11)}
    config = base_config(tags=stack, repositories=[{"name": "aa", "tags": own}],
                         users=[{"name": "u1", "grants": PULL, "tags": own}], groups=[{"name": "g1", "grants": PULL}])
    assert refused(config) == [
        "ecr-access:repositories[0].tags: has 51 tags with the ones it inherits (ecr-access:tags, "
        "ecr-access:repositoryDefaults.tags); AWS allows 50",
        "ecr-access:users[0].tags: has 51 tags with those of ecr-access:tags; AWS allows 50",
    ]


def test_with_stack_tags_every_creation_template_needs_its_role():
    config = base_config(tags=STACK_TAGS, namespaces=[{"name": "team-a"}])
    assert refused(config) == [
        "ecr-access:namespaces[0].customRoleArn: is required: the template adds tags (tags may come from ecr-access:tags "
        "and ecr-access:repositoryDefaults, KMS keys from the defaults), which ECR applies only through a role of this account"
    ]


def test_components_from_code_take_the_tags_a_program_merges():
    def body():
        EcrRepository("app", EcrRepositoryArgs(protect=False, tags=merged_tags(STACK_TAGS, {"owner": "team-app"})))

    (repository,) = by_type(register(body), "aws:ecr/repository:Repository")
    assert repository.inputs["tags"] == {"cost-center": "platform", "owner": "team-app"}
