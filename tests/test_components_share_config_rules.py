"""The public components and the stack config refuse a bad value by one rule, in the same words: the config names its
key path (`ecr-access:users[0].permissionsBoundary`), the component its argument path
(`RepoAccessUserArgs.permissions_boundary`), and the message and the value shown are the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ecr_access import (
    EcrRepository,
    EcrRepositoryArgs,
    Grant,
    InvalidArgs,
    Registry,
    RepoAccessRole,
    RepoAccessRoleArgs,
    RepoAccessUser,
    RepoAccessUserArgs,
    RepositoryTemplate,
    TeamNamespace,
    TeamNamespaceArgs,
    Trust,
)
from ecr_access.config.errors import ConfigError, Problem
from ecr_access.config.stack import load_stack_config
from ecr_access.features.namespaces.templates import INHERITED
from ecr_access.stack.compile import compile_stack
from ecr_access.stack.config_source import decode_config
from tests.helpers.stacks import REGISTRY, base_config, register

ACCOUNT = REGISTRY.account
PUBLIC = Registry.of(REGISTRY.region, ACCOUNT)
PULL_AA = [{"levels": ["pull"], "repository": "aa"}]
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/templates"


def config_refusal(path: str, stack: str = "dev", region: str = REGISTRY.region, **config: Any) -> Problem:
    """The one problem the stack config reports at `path` (the config also declares repository `aa`)."""
    values = {**base_config(**{"repositories": [{"name": "aa"}], **config}), "aws:region": region}
    with pytest.raises(ConfigError) as err:
        compile_stack(load_stack_config(decode_config(values), project="ecr-access", stack=stack))
    found = [p for p in err.value.problems if p.path == path]
    assert len(found) == 1, err.value
    return found[0]


def component_refusal(path: str, body: Callable[[], Any]) -> Problem:
    """The one problem a component's arguments have at `path` (nothing is registered)."""
    with pytest.raises(InvalidArgs) as err:
        register(body)
    found = [p for p in err.value.problems if p.path == path]
    assert len(found) == 1, err.value
    return found[0]


def same_words(config: Problem, component: Problem) -> str:
    """The message both give (and the value both show)."""
    assert (component.message, component.value) == (config.message, config.value)
    return config.message


def repository(**args: Any) -> Callable[[], Any]:
    return lambda: EcrRepository("aa", EcrRepositoryArgs(**{"protect": False, **args}))


def namespace(name: str = "team-a", **template: Any) -> Callable[[], Any]:
    """A TeamNamespace whose RepositoryTemplate takes `template` (namespace arguments: `args` in it)."""
    args = template.pop("args", {})
    return lambda: TeamNamespace("ns", TeamNamespaceArgs(name=name, template=RepositoryTemplate(**template), **args))


def user(**args: Any) -> Callable[[], Any]:
    return lambda: RepoAccessUser("u1", RepoAccessUserArgs(**{"registry": PUBLIC, "grants": [Grant.on("aa", levels=["pull"])], **args}))


def role(**args: Any) -> Callable[[], Any]:
    return lambda: RepoAccessRole("r1", RepoAccessRoleArgs(**{"registry": PUBLIC, "trust": Trust(account_root=True), **args}))


def test_a_permissions_boundary_that_is_no_managed_policy_arn():
    config = config_refusal("ecr-access:users[0].permissionsBoundary",
                            users=[{"name": "u1", "grants": PULL_AA, "permissionsBoundary": "AdminBoundary"}])
    component = component_refusal("RepoAccessUserArgs.permissions_boundary", user(permissions_boundary="AdminBoundary"))
    assert same_words(config, component).startswith("must be a managed policy ARN (arn:aws:iam::<account>:policy/<name> or ")


def test_a_permissions_boundary_of_another_partition():
    boundary = f"arn:aws:iam::{ACCOUNT}:policy/Boundary"
    config = config_refusal("ecr-access:roles[0].permissionsBoundary", region="cn-north-1",
                            roles=[{"name": "r1", "trust": {"accountRoot": True}, "permissionsBoundary": boundary}])
    component = component_refusal("RepoAccessRoleArgs.permissions_boundary",
                                  role(registry=Registry.of("cn-north-1", ACCOUNT), permissions_boundary=boundary))
    assert same_words(config, component) == "is an ARN of partition aws, but aws:region puts this stack in partition aws-cn"


def test_more_groups_than_iam_lets_a_user_join():
    groups = [f"g{i}" for i in range(11)]
    config = config_refusal("ecr-access:users[0].groups", users=[{"name": "u1", "grants": PULL_AA, "groups": groups}])
    component = component_refusal("RepoAccessUserArgs.groups", user(groups=groups))
    assert same_words(config, component) == "has 11 items; at most 10 are allowed"


def test_a_session_duration_iam_refuses():
    config = config_refusal("ecr-access:roles[0].maxSessionDuration",
                            roles=[{"name": "r1", "trust": {"accountRoot": True}, "maxSessionDuration": 60}])
    component = component_refusal("RepoAccessRoleArgs.max_session_duration", role(max_session_duration=60))
    assert same_words(config, component) == "must be between 3600 and 43200"


def test_more_managed_policies_than_iam_allows():
    config = config_refusal("ecr-access:maxManagedPoliciesPerPrincipal", maxManagedPoliciesPerPrincipal="25")
    component = component_refusal("RepoAccessUserArgs.max_policies", user(max_policies=25))
    assert same_words(config, component) == "must be between 1 and 20"


def test_view_own_permissions_on_a_role():
    config = config_refusal("ecr-access:roles[0].viewOwnPermissions",
                            roles=[{"name": "r1", "trust": {"accountRoot": True}, "viewOwnPermissions": True}])
    component = component_refusal("RepoAccessRoleArgs.view_own_permissions", role(view_own_permissions=True))
    assert same_words(config, component) == "applies to users and groups: a role has no ${aws:username}"


def test_a_tag_mutability_that_is_neither_immutable_nor_mutable():
    config = config_refusal("ecr-access:repositories[0].tagMutability", repositories=[{"name": "aa", "tagMutability": "SOMETIMES"}])
    component = component_refusal("EcrRepositoryArgs.tag_mutability", repository(tag_mutability="SOMETIMES"))
    assert same_words(config, component) == "must be IMMUTABLE or MUTABLE (add tagMutabilityExclusions for exceptions)"


def test_a_tag_mutability_exclusion_with_three_wildcards():
    config = config_refusal("ecr-access:repositories[0].tagMutabilityExclusions[0]",
                            repositories=[{"name": "aa", "tagMutabilityExclusions": ["a*b*c*d"]}])
    component = component_refusal("EcrRepositoryArgs.tag_mutability_exclusions[0]", repository(tag_mutability_exclusions=["a*b*c*d"]))
    assert same_words(config, component) == "is not a valid tag filter: may hold at most 2 '*'"


def test_more_tag_mutability_exclusions_than_ecr_accepts():
    filters = [f"v{i}*" for i in range(6)]
    config = config_refusal("ecr-access:repositories[0].tagMutabilityExclusions",
                            repositories=[{"name": "aa", "tagMutabilityExclusions": filters}])
    component = component_refusal("EcrRepositoryArgs.tag_mutability_exclusions", repository(tag_mutability_exclusions=filters))
    assert same_words(config, component) == "has 6 items; at most 5 are allowed"


KEY_ARN = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/abc"


@pytest.mark.parametrize(("settings", "message"), [
    ({"kms_key": KEY_ARN}, "is set but encryption is AES256; set encryption: KMS"),
    ({"encryption": "KMS", "kms_key": "arn:aws:kms:us-east-1:123:key/abc"},
     "must be a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>)"),
    ({"encryption": "KMS", "kms_key": KEY_ARN.replace("us-east-1", "eu-west-1")},
     "is in eu-west-1, but a repository in us-east-1 needs a key in its own region"),
    ({"encryption": "KMS", "kms_key": KEY_ARN.replace("arn:aws:", "arn:aws-cn:")},
     "is in partition aws-cn, but a repository in us-east-1 is in partition aws"),
], ids=["without-kms-encryption", "not-an-arn", "other-region", "other-partition"])
def test_a_repository_kms_key_ecr_would_refuse(settings, message):
    entry = {"name": "aa", "region": "us-east-1", **{"kmsKey" if k == "kms_key" else k: v for k, v in settings.items()}}
    config = config_refusal("ecr-access:repositories[0].kmsKey", repositories=[entry])
    component = component_refusal("EcrRepositoryArgs.kms_key", repository(region="us-east-1", **settings))
    assert same_words(config, component) == message


def test_a_repository_name_ecr_refuses():
    config = config_refusal("ecr-access:repositories[0].name", repositories=[{"name": "Team A"}])
    component = component_refusal("EcrRepositoryArgs.name", repository(name="Team A"))
    assert same_words(config, component).startswith("is not a valid ECR repository name (lowercase letters and digits, ")


def test_force_delete_on_a_protected_repository():
    config = config_refusal("ecr-access:repositories[0].forceDelete", repositories=[{"name": "aa", "protect": True, "forceDelete": True}])
    component = component_refusal("EcrRepositoryArgs.force_delete", repository(protect=True, force_delete=True))
    assert same_words(config, component) == "cannot be true on a protected repository (it would delete its images)"


@pytest.mark.parametrize(("entry", "key", "message"), [
    ({"renamed_from": "old-aa", "protect": True}, "renamed_from",
     "renaming to 'aa' replaces the repository in AWS (a new, empty repository; the old one and its images are kept, not "
     "deleted); this repository is protected: set allowReplace: true on the entry to confirm"),
    ({"renamed_from": "aa"}, "renamed_from", "is the repository's own name; remove renamedFrom"),
    ({"allow_replace": True}, "allow_replace", "allows nothing without renamedFrom; remove it"),
], ids=["protected", "own-name", "confirms-nothing"])
def test_a_rename_that_is_refused(entry, key, message):
    camel = {"renamed_from": "renamedFrom", "allow_replace": "allowReplace", "protect": "protect"}
    config = config_refusal(f"ecr-access:repositories[0].{camel[key]}",
                            repositories=[{"name": "aa", **{camel[k]: v for k, v in entry.items()}}])
    component = component_refusal(f"EcrRepositoryArgs.{key}", repository(**entry))
    assert same_words(config, component) == message


def test_a_template_that_adds_tags_without_a_role_to_apply_them():
    config = config_refusal("ecr-access:namespaces[0].customRoleArn", namespaces=[{"name": "team-a", "tags": {"team": "a"}}])
    component = component_refusal("TeamNamespaceArgs.template.custom_role_arn", namespace(tags={"team": "a"}))
    # The config also says where a template's tags may come from (stack tags and defaults), which a component has not.
    assert INHERITED in config.message and config.message.replace(INHERITED, "") == component.message
    assert component.message == "is required: the template adds tags, which ECR applies only through a role of this account"


def test_a_template_kms_key_given_as_an_alias():
    alias = f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/ecr"
    config = config_refusal("ecr-access:namespaces[0].kmsKey", namespaces=[
        {"name": "team-a", "encryption": "KMS", "kmsKey": alias, "customRoleArn": ROLE_ARN}])
    component = component_refusal("TeamNamespaceArgs.template.kms_key", namespace(encryption="KMS", kms_key=alias, custom_role_arn=ROLE_ARN))
    assert same_words(config, component).startswith("a creation template needs a KMS key ARN (not an alias): must be a KMS key ARN")


def test_a_template_description_longer_than_ecr_takes():
    config = config_refusal("ecr-access:namespaces[0].description", namespaces=[{"name": "team-a", "description": "x" * 300}])
    component = component_refusal("TeamNamespaceArgs.template.description", namespace(description="x" * 300))
    assert "256" in same_words(config, component)


def test_a_namespace_name_ecr_refuses():
    config = config_refusal("ecr-access:namespaces[0].name", namespaces=[{"name": "team-a/"}])
    component = component_refusal("TeamNamespaceArgs.name", namespace("team-a/"))
    assert same_words(config, component) == "is not a namespace ECR accepts: must not end with /"


def test_a_root_template_is_confirmed_and_only_root_takes_the_confirmation():
    config = config_refusal("ecr-access:namespaces[0].name", namespaces=[{"name": "ROOT"}])
    component = component_refusal("TeamNamespaceArgs.name", namespace("ROOT"))
    assert same_words(config, component).startswith("a ROOT template applies to every repository without a more specific "
                                                    "template: with CREATE_ON_PUSH it lets every principal that may push")
    config = config_refusal("ecr-access:namespaces[0].allowRootTemplate", namespaces=[{"name": "team-a", "allowRootTemplate": True}])
    component = component_refusal("TeamNamespaceArgs.allow_root_template", namespace(args={"allow_root_template": True}))
    assert same_words(config, component) == "applies only to the ROOT namespace"


def test_a_template_applied_for_nothing():
    config = config_refusal("ecr-access:namespaces[0].appliedFor", namespaces=[{"name": "team-a", "appliedFor": []}])
    component = component_refusal("TeamNamespaceArgs.applied_for", namespace(args={"applied_for": ()}))
    assert same_words(config, component) == "is empty; a template applies for at least one of CREATE_ON_PUSH, REPLICATION, PULL_THROUGH_CACHE"
    config = config_refusal("ecr-access:namespaces[0].appliedFor[0]", namespaces=[{"name": "team-a", "appliedFor": ["ON_PULL"]}])
    component = component_refusal("TeamNamespaceArgs.applied_for[0]", namespace(args={"applied_for": ("ON_PULL",)}))
    assert same_words(config, component) == "must be one of REPLICATION, PULL_THROUGH_CACHE, CREATE_ON_PUSH"
