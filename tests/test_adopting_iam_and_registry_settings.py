"""Adopting existing IAM users, groups and roles (by name) and registry-wide settings (by the registry ID): imported,
not created, with what they carry created as usual; bad import IDs refused; URNs unchanged."""

from __future__ import annotations

import json

import pytest

from ecr_access import (
    InvalidArgs,
    PullThroughCache,
    RegistryPullThroughCachePolicy,
    RegistryPullThroughCachePolicyArgs,
    RegistrySettings,
    RegistrySettingsArgs,
    RepoAccessGroup,
    RepoAccessGroupArgs,
    RepoAccessUser,
    RepoAccessUserArgs,
    Scanning,
    ScanningRule,
)
from ecr_access.components.registry import Registry
from ecr_access.plan.render import to_json_object, to_text
from ecr_access.plan.runner import run_stack
from tests.helpers.registry import compiled, deployed, refused
from tests.helpers.stacks import REGISTRY, base_config, caught, fixture_config, register

ACCOUNT = REGISTRY.account
PULL = [{"levels": ["pull"], "repository": "app"}]
SCANNING = {"scanType": "BASIC", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["*"]}]}
REPLICATION = [{"destinations": [{"region": "us-west-2"}]}]
CACHE = [{"upstream": "ecr-public", "prefix": "pub", "principals": ["210987654321"]}]
KEY = "ecr-access:adoptRegistrySettings"
PUBLIC = Registry.of(REGISTRY.region, ACCOUNT)


def principals(adoption) -> dict[str, str]:
    """A repository, and a group, a user (in the group, with an access key) and a role, each with `adoption(name)`."""
    return base_config(
        repositories=[{"name": "app"}],
        groups=[{"name": "readers", "grants": PULL, **adoption("readers")}],
        users=[{"name": "alice", "groups": ["readers"], "accessKey": {"enabled": True}, **adoption("alice")}],
        roles=[{"name": "deployer", "trust": {"accountRoot": True}, "grants": PULL, **adoption("deployer")}],
    )


def imports(result) -> dict[str, str | None]:
    return {f"{r.type.split(':')[-1]} {r.name}": r.import_id for r in result.registrations if r.custom}


@pytest.mark.parametrize("adoption", [lambda name: {"adopt": True}, lambda name: {"importId": name}], ids=["adopt", "import-id"])
def test_adopted_principals_are_imported_by_name_and_what_they_carry_is_created(adoption):
    result = deployed(principals(adoption))
    assert imports(result) == {
        "Repository app": None,
        "Group readers": "readers", "Policy readers-ecr-access": None, "GroupPolicyAttachment readers-ecr-access-attachment": None,
        "User alice": "alice", "UserGroupMembership alice-groups": None, "AccessKey alice-access-key": None,
        "Role deployer": "deployer", "Policy deployer-ecr-access": None,
        "RolePolicyAttachment deployer-ecr-access-attachment": None,
    }
    plan = {r["name"]: r["options"]["importId"] for r in to_json_object(result)["resources"] if r["type"].startswith("aws:iam/")}
    assert (plan["alice"], plan["readers"], plan["deployer"]) == ("alice", "readers", "deployer")
    assert "+ aws:iam/role:Role deployer  [retain, import]" in to_text(result)


def test_adoption_keeps_every_urn_and_input():
    def plan(config):
        return {r.urn: (r.inputs, r.dependencies) for r in run_stack("dev", config=config).registrations}

    config = fixture_config("dev")
    adopted = dict(config)
    for key in ("users", "groups", "roles"):
        adopted[f"ecr-access:{key}"] = json.dumps([{**e, "adopt": True} for e in json.loads(config[f"ecr-access:{key}"])])
    adopted[KEY] = json.dumps({"scanning": True, "registryPolicy": True})
    assert plan(adopted) == plan(config)


@pytest.mark.parametrize("section, entry, expected", [
    ("users", {"name": "alice", "grants": PULL, "importId": "Alice"},
     "ecr-access:users[0].importId: must be the user name 'alice': IAM imports a user by its name (got \"Alice\")"),
    ("groups", {"name": "readers", "grants": PULL, "importId": "arn:aws:iam::123456789012:group/readers"},
     "ecr-access:groups[0].importId: must be the group name 'readers': IAM imports a group by its name "
     "(got \"arn:aws:iam::123456789012:group/readers\")"),
    ("roles", {"name": "deployer", "trust": {"accountRoot": True}, "adopt": False, "importId": "deployer"},
     "ecr-access:roles[0].adopt: is false but importId is set; remove one of them (got false)"),
], ids=["user-import-id-case", "group-import-id-arn", "role-adopt-false"])
def test_bad_principal_adoption_is_refused(section, entry, expected):
    assert refused(base_config(repositories=[{"name": "app"}], **{section: [entry]})) == [expected]


def test_a_bad_import_id_is_reported_with_the_entrys_other_problems():
    role = {"name": "deployer", "trust": {"accountRoot": True}, "viewOwnPermissions": True, "importId": "ci"}
    assert refused(base_config(roles=[role])) == [
        "ecr-access:roles[0].importId: must be the role name 'deployer': IAM imports a role by its name (got \"ci\")",
        "ecr-access:roles[0].viewOwnPermissions: applies to users and groups: a role has no ${aws:username} (got true)",
    ]


def settings(**adoption) -> dict[str, str]:
    """Scanning, replication and a cache whose principal puts a registry policy in place, and `adoptRegistrySettings`."""
    return base_config(scanning=SCANNING, replication=REPLICATION, pullThroughCache=CACHE, adoptRegistrySettings=adoption)


def test_adopted_registry_settings_are_imported_by_the_registry_id():
    result = deployed(settings(registryPolicy=True, scanning=True, replication=True, importId=ACCOUNT))
    found = imports(result)
    assert found["RegistryPolicy registry-registry-policy"] == ACCOUNT
    assert found["RegistryScanningConfiguration registry-settings-scanning"] == ACCOUNT
    assert found["ReplicationConfiguration registry-settings-replication"] == ACCOUNT
    assert found["PullThroughCacheRule registry-pub"] is None
    # Each one alone: the others are created.
    found = imports(deployed(settings(scanning=True)))
    assert (found["RegistryScanningConfiguration registry-settings-scanning"], found["RegistryPolicy registry-registry-policy"],
            found["ReplicationConfiguration registry-settings-replication"]) == (ACCOUNT, None, None)
    assert compiled(settings(replication=True)).config.registry_adoption.replication


@pytest.mark.parametrize("config, expected", [
    (settings(), f"{KEY}: adopts nothing: set registryPolicy, scanning or replication to true (got {{}})"),
    (settings(scanning=True, importId="210987654321"),
     f"{KEY}.importId: must be the registry ID '123456789012': ECR imports the registry policy, scanning and replication "
     "configurations by the registry ID, which is the account (ecr-access:accountId) (got \"210987654321\")"),
    (settings(scanning=True, importId=123456789012),
     f"{KEY}.importId: YAML read this unquoted value as a number; account IDs must be quoted strings (\"123456789012\") "
     "(got 123456789012)"),
    (base_config(adoptRegistrySettings={"scanning": True}),
     f"{KEY}.scanning: adopts the scanning configuration, but ecr-access:scanning is not set, so this stack manages none; "
     "declare it as it is in AWS, or remove scanning (got true)"),
    (base_config(scanning=SCANNING, adoptRegistrySettings={"replication": True}),
     f"{KEY}.replication: adopts the replication configuration, but ecr-access:replication is not set, so this stack "
     "manages none; declare it as it is in AWS, or remove replication (got true)"),
    (base_config(scanning=SCANNING, adoptRegistrySettings={"registryPolicy": True}),
     f"{KEY}.registryPolicy: adopts the registry policy, but this stack writes none (it is built from pullThroughCache "
     "principals and replicationSources); remove registryPolicy (got true)"),
], ids=["nothing", "other-account", "unquoted-account", "scanning-undeclared", "replication-undeclared", "no-registry-policy"])
def test_bad_registry_adoption_is_refused_before_anything_is_registered(config, expected):
    assert refused(config) == [expected]


def test_adoption_from_code():
    def body():
        group = RepoAccessGroup("readers", RepoAccessGroupArgs(registry=PUBLIC, grants=[], console=True, adopt=True))
        RepoAccessUser("alice", RepoAccessUserArgs(registry=PUBLIC, groups=[group], adopt=True))
        RegistrySettings("settings", RegistrySettingsArgs(
            scanning=Scanning("BASIC", [ScanningRule("SCAN_ON_PUSH")]), registry=PUBLIC, adopt_scanning=True))
        RegistryPullThroughCachePolicy("registry", RegistryPullThroughCachePolicyArgs(
            registry=PUBLIC, caches=[PullThroughCache("pub", "public.ecr.aws", principals=["210987654321"])],
            adopt_registry_policy=True))

    found = imports(register(body))
    assert (found["Group readers"], found["User alice"], found["UserGroupMembership alice-groups"]) == ("readers", "alice", None)
    assert found["RegistryScanningConfiguration settings-scanning"] == ACCOUNT
    assert found["RegistryPolicy registry-registry-policy"] == ACCOUNT


@pytest.mark.parametrize("make, expected", [
    (lambda: RegistrySettings("s", RegistrySettingsArgs(registry=PUBLIC, adopt_replication=True)),
     "RegistrySettingsArgs.adopt_replication: adopts nothing: replication is not set (got true)"),
    (lambda: RegistrySettings("s", RegistrySettingsArgs(scanning=Scanning("BASIC"), adopt_scanning=True)),
     "RegistrySettingsArgs.registry: is needed by adopt_scanning: Pulumi imports the scanning configuration by the "
     "registry ID (Registry.of(region, account)) (got \"None\")"),
    (lambda: RegistryPullThroughCachePolicy("r", RegistryPullThroughCachePolicyArgs(
        registry=PUBLIC, caches=[PullThroughCache("pub", "public.ecr.aws")], adopt_registry_policy=True)),
     "RegistryPullThroughCachePolicyArgs.adopt_registry_policy: adopts nothing: no registry policy is written (no cache "
     "has principals) (got true)"),
], ids=["replication-unset", "no-registry", "no-registry-policy"])
def test_components_refuse_adopting_what_they_do_not_register(make, expected):
    errors, result = caught(make, InvalidArgs)
    assert result.registrations == []
    assert [str(e) for e in errors] == [f"invalid component arguments:\n  {expected}"]
