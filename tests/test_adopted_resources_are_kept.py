"""What the stack protects by default follows one value, `ecr-access:protect` (default: every stack but dev and dev-*):
repositories, KMS keys, notification topics, the GitHub OIDC provider and adopted resources. An adopted resource (it
existed before the stack) is also always retained on delete: dropping its entry never deletes what the stack did not
create. Both show in the plan JSON (`options.protect`, `options.retainOnDelete`)."""

from __future__ import annotations

import pytest

from ecr_access import (
    GitHubOidcProvider,
    GitHubOidcProviderArgs,
    PullThroughCache,
    Registry,
    RegistryPullThroughCachePolicy,
    RegistryPullThroughCachePolicyArgs,
    RegistrySettings,
    RegistrySettingsArgs,
    RepoAccessGroup,
    RepoAccessGroupArgs,
    RepoAccessRole,
    RepoAccessRoleArgs,
    RepoAccessUser,
    RepoAccessUserArgs,
    Scanning,
    ScanningRule,
    Trust,
)
from ecr_access.plan.render import to_json_object, to_text
from ecr_access.plan.runner import run_stack
from tests.helpers.stacks import REGISTRY, base_config, register

PUBLIC = Registry.of(REGISTRY.region, REGISTRY.account)
PULL = [{"levels": ["pull"], "repository": "app"}]
GITHUB = {"githubActions": [{"repository": "example-org/app", "branches": ["main"]}]}
SCANNING = {"scanType": "BASIC", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["*"]}]}
REPLICATION = [{"destinations": [{"region": "us-west-2"}]}]
CACHE = [{"upstream": "ecr-public", "prefix": "pub", "principals": ["210987654321"]}]
TOPIC = {"topic": "ecr-alerts", "rules": [{"name": "pushes", "repositories": ["app"], "pushes": True}]}
# The resources each adoption imports, by plan name.
ADOPTED = ("readers", "alice", "deployer", "ci", "github-oidc-provider", "legacy", "registry-registry-policy",
           "registry-settings-scanning", "registry-settings-replication")
# What the stack creates alongside them: never retained (the stack may delete what it made).
CREATED = ("readers-ecr-access", "alice-ecr-access", "deployer-ecr-access", "alice-groups", "registry-pub",
           "registry-pub-template")


def adopting(**more) -> dict[str, str]:
    """A stack adopting a group, a user, two roles, a repository, the OIDC provider and every registry-wide setting."""
    more.setdefault("githubOidcProvider", {"create": True, "adopt": True})
    return base_config(
        repositories=[{"name": "app"}, {"name": "legacy", "adopt": True}],
        groups=[{"name": "readers", "grants": PULL, "adopt": True}],
        users=[{"name": "alice", "groups": ["readers"], "grants": PULL, "adopt": True}],
        roles=[{"name": "deployer", "trust": {"accountRoot": True}, "grants": PULL, "importId": "deployer"},
               {"name": "ci", "trust": GITHUB, "adopt": True}],
        scanning=SCANNING, replication=REPLICATION, pullThroughCache=CACHE,
        adoptRegistrySettings={"registryPolicy": True, "scanning": True, "replication": True}, **more,
    )


def options(stack: str, config: dict[str, str]) -> dict[str, tuple[bool, bool]]:
    """(protect, retainOnDelete) of every AWS resource of the plan JSON, by name."""
    plan = to_json_object(run_stack(stack, config=config))
    return {r["name"]: (r["options"]["protect"], r["options"]["retainOnDelete"]) for r in plan["resources"]
            if r["type"].startswith("aws:")}


@pytest.mark.parametrize("stack, protect", [("prod", True), ("staging", True), ("dev", False), ("dev-alice", False)])
def test_adopted_resources_are_protected_where_repositories_are_and_always_retained_on_delete(stack, protect):
    found = options(stack, adopting())
    assert {name: found[name] for name in ADOPTED} == {name: (protect, True) for name in ADOPTED}
    assert found["app"] == (protect, False)  # a repository the stack creates: protected, not retained
    assert {name: found[name] for name in CREATED} == {name: (False, False) for name in CREATED}


def test_the_plan_text_flags_an_adopted_resource_protected_retained_and_imported():
    text = to_text(run_stack("prod", config=adopting()))
    assert "+ aws:iam/user:User alice  [protect, retain, import]" in text
    assert "+ aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration registry-settings-scanning  " \
           "[protect, retain, import]" in text


def test_principals_and_registry_settings_the_stack_creates_are_neither_protected_nor_retained():
    config = base_config(repositories=[{"name": "app"}], users=[{"name": "alice", "grants": PULL}],
                         roles=[{"name": "ci", "trust": GITHUB}], githubOidcProvider="create", scanning=SCANNING,
                         replication=REPLICATION, pullThroughCache=CACHE)
    found = options("prod", config)
    assert [found[n] for n in ("alice", "ci", "registry-registry-policy", "registry-settings-scanning",
                               "registry-settings-replication")] == [(False, False)] * 5
    assert found["github-oidc-provider"] == (True, False)  # created, and protected like the repositories


@pytest.mark.parametrize("stack, protect", [("prod", False), ("dev", True)])
def test_ecr_access_protect_decides_for_every_resource_protected_by_default(stack, protect):
    config = adopting(protect=protect, kmsKeys=[{"name": "spare"}], notifications=[TOPIC])
    found = options(stack, config)
    held = ("app", "spare", "ecr-alerts-topic", "github-oidc-provider", "alice", "registry-settings-scanning")
    assert {name: found[name][0] for name in held} == {name: protect for name in held}


def test_a_per_entry_protect_of_the_provider_wins_over_ecr_access_protect():
    config = adopting(protect=False, githubOidcProvider={"create": True, "adopt": True, "protect": True})
    assert options("prod", config)["github-oidc-provider"] == (True, True)


def test_components_from_code_protect_and_retain_what_they_adopt():
    def body():
        group = RepoAccessGroup("readers", RepoAccessGroupArgs(registry=PUBLIC, console=True, adopt=True))
        RepoAccessUser("alice", RepoAccessUserArgs(registry=PUBLIC, groups=[group], adopt=True, protect_adopted=False))
        RepoAccessUser("bob", RepoAccessUserArgs(registry=PUBLIC, console=True))
        RepoAccessRole("ci", RepoAccessRoleArgs(registry=PUBLIC, trust=Trust(account_root=True), adopt=True))
        GitHubOidcProvider("github", GitHubOidcProviderArgs(registry=PUBLIC, adopt=True))
        RegistrySettings("settings", RegistrySettingsArgs(
            scanning=Scanning("BASIC", [ScanningRule("SCAN_ON_PUSH")]), registry=PUBLIC, adopt_scanning=True))
        RegistryPullThroughCachePolicy("registry", RegistryPullThroughCachePolicyArgs(
            registry=PUBLIC, caches=[PullThroughCache("pub", "public.ecr.aws", principals=["210987654321"])],
            adopt_registry_policy=True, protect_adopted=False))

    found = {r.name: (r.protect, r.retain_on_delete) for r in register(body).registrations if r.custom}
    assert found["readers"] == found["ci"] == found["github"] == found["settings-scanning"] == (True, True)
    assert found["alice"] == found["registry-registry-policy"] == (False, True)  # protect_adopted=False: still retained
    assert found["bob"] == found["alice-groups"] == found["readers-ecr-access"] == (False, False)
