"""The whole stack config: registry identity, protection default, repositories, principals, registry-wide settings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

from model.cache_prefixes import check_cache_pulls, check_cache_prefixes
from model.config_keys import KNOWN_KEYS, NAMESPACE, key_problems  # noqa: F401 - KNOWN_KEYS, NAMESPACE: importers
from model.account_settings import read_registry_policy_scope
from model.constraints import known_regions
from model.errors import ConfigError, Problem, Problems
from model.guardrails import check_stack_guardrails
from model.principals import AccessConfig, check_access_given, read_access
from model.reader import Node, entry_name
from model.pull_through import PullThroughCacheSpec, read_caches
from model.registry_settings import RegistrySettingsConfig, attach_namespace_grants, read_registry_settings
from model.repository_policy import read_repository_policy
from model.repositories import SETTINGS_KEYS, RepositorySettings, RepositorySpec, read_repository, read_settings, repository_name
from policies.arns import Registry, is_account_id, partition_for_region
from policies.guardrails import stacks
from policies.registry_policy import RegistryPolicyScope


@dataclass(frozen=True)
class StackConfig:
    """Validated stack config: everything needed to compile documents without touching AWS."""

    project: str
    stack: str
    registry: Registry
    protect: bool
    repositories: tuple[RepositorySpec, ...]
    access: AccessConfig = AccessConfig()
    pull_through_caches: tuple[PullThroughCacheSpec, ...] = ()
    registry_policy_scope: RegistryPolicyScope = RegistryPolicyScope.V2
    registry_settings: RegistrySettingsConfig = RegistrySettingsConfig()

    def repository(self, name: str) -> RepositorySpec:
        """The declared repository of that name (KeyError when undeclared)."""
        for repo in self.repositories:
            if repo.name == name:
                return repo
        raise KeyError(name)


def default_protect(stack: str) -> bool:
    """Repositories are protected by default on every stack except `dev` and `dev-*`."""
    return not stacks.is_dev(stack)


def load_stack_config(values: Mapping[str, Any], *, project: str, stack: str, noted: Sequence[Problem] = ()) -> StackConfig:
    """Validate raw config (`namespace:key` -> value) into a StackConfig, or raise one ConfigError listing every problem.

    `noted` are problems the stack file's reader found in values (an unquoted account ID YAML read as a number): they are
    reported with the rest, in place of what validation says about the value YAML changed.
    """
    problems = Problems()
    problems.items.extend(key_problems(values))
    registry = None
    with problems.collect():
        registry = _registry(values)
    protect = default_protect(stack)
    with problems.collect():
        protect = _top(values, "protect", Node.as_bool, protect)
    retain = False
    with problems.collect():
        retain = _top(values, "retainOnDelete", Node.as_bool, retain)
    defaults = RepositorySettings()
    region = registry.region if registry else "us-east-1"
    with problems.collect():
        # Read once, so a problem in the defaults is reported once, here, not at every repository inheriting it.
        defaults = _top(values, "repositoryDefaults", lambda n: _defaults(n, defaults, region), defaults)
    repositories: list[RepositorySpec] = []
    seen: dict[str, str] = {}
    with problems.collect():
        for node in _top(values, "repositories", Node.as_list, []):
            # A bad entry still declares its name (when that is valid): grants naming it are not also reported.
            name = entry_name(node, repository_name)
            if name in seen:
                problems.add(f"{node.path}.name", f"is declared twice (first at {seen[name]})", name)
                continue
            if name is not None:
                seen[name] = node.path
            found = len(problems.items)
            repo = policy = None
            with problems.collect():
                repo = read_repository(node, defaults, region, protect, retain)
            with problems.collect():
                policy = read_repository_policy(node, partition_for_region(region))
            if repo is not None and len(problems.items) == found:
                repositories.append(replace(repo, policy=policy))
    _check_renames(repositories, problems)
    access = read_access(values, frozenset(seen), problems, partition_for_region(region))
    caches: tuple[PullThroughCacheSpec, ...] = ()
    scope = RegistryPolicyScope.V2
    with problems.collect():
        scope = _top(values, "registryPolicyScope", _scope, scope)
    if registry is not None:
        with problems.collect():
            caches = _top(values, "pullThroughCache", lambda n: read_caches(n, defaults, registry, problems), ())
    settings = RegistrySettingsConfig()
    if registry is not None:
        settings = read_registry_settings(values, registry, defaults, problems)
        access = attach_namespace_grants(access, settings.namespaces, problems)
        check_cache_prefixes(caches, settings.namespaces, seen, problems)
        check_cache_pulls(caches, access, registry, problems)
    templates = [(f"{c.path}.template", c.template.settings) for c in caches] + [(n.path, n.template.settings) for n in settings.namespaces]
    check_stack_guardrails(values, stack, repositories, templates, settings.scanning, problems)
    # Only now: a namespace's grants may be all the access a user or group has.
    check_access_given(access, problems)
    at = {p.path for p in noted}
    problems.items = list(noted) + [p for p in problems.items if p.path not in at]
    problems.raise_if_any()
    assert registry is not None
    return StackConfig(
        project=project, stack=stack, registry=registry, protect=protect, repositories=tuple(repositories),
        access=access, pull_through_caches=caches, registry_policy_scope=scope, registry_settings=settings,
    )


def _check_renames(repositories: list[RepositorySpec], problems: Problems) -> None:
    # Two entries claiming one old repository (or an old name still declared) would give two resources one URN.
    names = {r.name: r.path for r in repositories}
    claimed: dict[str, str] = {}
    for repo in repositories:
        old = repo.renamed_from
        if old is None:
            continue
        if old in names:
            problems.add(f"{repo.path}.renamedFrom", f"is still declared at {names[old]}; rename it in one entry", old)
        elif old in claimed:
            problems.add(f"{repo.path}.renamedFrom", f"is already claimed by {claimed[old]}", old)
        claimed.setdefault(old, f"{repo.path}.renamedFrom")


def _defaults(node: Node, base: RepositorySettings, region: str) -> RepositorySettings:
    with node.entry(SETTINGS_KEYS) as entry:
        return read_settings(entry, base, region)


def _scope(node: Node) -> RegistryPolicyScope:
    return RegistryPolicyScope(read_registry_policy_scope(node))


def _top(values: Mapping[str, Any], key: str, read, default):
    full = f"{NAMESPACE}:{key}"
    return read(Node(values[full], full)) if full in values else default


def _registry(values: Mapping[str, Any]) -> Registry:
    if "aws:region" not in values:
        raise ConfigError.at("aws:region", "is required (pulumi config set aws:region <region>)")
    region = Node(values["aws:region"], "aws:region").as_str()
    if region not in known_regions():
        raise ConfigError.at("aws:region", "is not an AWS region botocore knows for ECR", region)
    key = f"{NAMESPACE}:accountId"
    if key not in values:
        raise ConfigError.at(key, "is required: the 12-digit account the stack deploys to (used to build ARNs offline)")
    account = values[key]
    account = str(account) if isinstance(account, int) and not isinstance(account, bool) else account
    if not is_account_id(account):
        raise ConfigError.at(key, "must be a 12-digit AWS account ID, such as 012345678901", values[key])
    return Registry(partition=partition_for_region(region), region=region, account=account)

