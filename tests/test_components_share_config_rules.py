"""The principal and repository components refuse a bad value by the stack config's rule, in its words: the config
names its key path (`ecr-access:users[0].permissionsBoundary`), the component its argument path
(`RepoAccessUserArgs.permissions_boundary`); the message and the value shown are the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ecr_access import (
    EcrRepository,
    EcrRepositoryArgs,
    Grant,
    Registry,
    RepoAccessRole,
    RepoAccessRoleArgs,
    RepoAccessUser,
    RepoAccessUserArgs,
    Trust,
)
from tests.helpers.same_rule import component_refusal, config_refusal, same_words
from tests.helpers.stacks import REGISTRY

ACCOUNT = REGISTRY.account
PUBLIC = Registry.of(REGISTRY.region, ACCOUNT)
PULL_AA = [{"levels": ["pull"], "repository": "aa"}]


def repository(**args: Any) -> Callable[[], Any]:
    return lambda: EcrRepository("aa", EcrRepositoryArgs(**{"protect": False, **args}))


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


def test_a_repository_encryption_ecr_does_not_know():
    config = config_refusal("ecr-access:repositories[0].encryption", repositories=[{"name": "aa", "encryption": "AES"}])
    component = component_refusal("EcrRepositoryArgs.encryption", repository(encryption="AES"))
    assert same_words(config, component) == "must be one of AES256, KMS, KMS_DSSE"


def test_an_iam_path_policies_cannot_use():
    config = config_refusal("ecr-access:users[0].path", users=[{"name": "u1", "grants": PULL_AA, "path": "/a b/"}])
    component = component_refusal("RepoAccessUserArgs.path", user(path="/a b/"))
    assert same_words(config, component).startswith("is not an IAM path: must be / or a path that starts and ends with /")
    config = config_refusal("ecr-access:users[0].path", users=[{"name": "u1", "grants": PULL_AA, "path": "/a*b/"}])
    component = component_refusal("RepoAccessUserArgs.path", user(path="/a*b/"))
    assert same_words(config, component).startswith("is not an IAM path usable for policies too: must be / or a path like")


def test_a_role_description_iam_refuses():
    config = config_refusal("ecr-access:roles[0].description",
                            roles=[{"name": "r1", "trust": {"accountRoot": True}, "description": "caf\u00e9 \u2615"}])
    component = component_refusal("RepoAccessRoleArgs.description", role(description="caf\u00e9 \u2615"))
    assert same_words(config, component).startswith("is not a role description: must be printable Latin-1 text")


def test_a_repository_region_botocore_does_not_know():
    config = config_refusal("ecr-access:repositories[0].region", repositories=[{"name": "aa", "region": "moon-1"}])
    component = component_refusal("EcrRepositoryArgs.region", repository(region="moon-1"))
    assert same_words(config, component) == "is not an AWS region botocore knows for ECR"
