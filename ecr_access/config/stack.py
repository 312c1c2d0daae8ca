"""The whole stack config loaded into the specs the compiler takes (the schema of every `ecr-access:*` key is in
schema_model.py; key_schemas.py finds one key's).

Each section is validated on its own (a list section entry by entry), so one bad entry does not hide the problems of
the others, and an entry with a problem still declares its name; the checks across sections run on what validated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ecr_access.config.errors import Problem, Problems
from ecr_access.config.guardrails import check_stack_guardrails
from ecr_access.config.key_schemas import NAMESPACE, key_schema

__all__ = ["NAMESPACE", "KNOWN_KEYS", "StackConfig", "default_protect", "load_stack_config"]
# Every `ecr-access:*` key the stack reads; anything else in the namespace is a typo.
from ecr_access.config.config_keys import KNOWN_KEYS, key_problems
from ecr_access.config.registry_settings import RegistrySettingsConfig, read_registry_settings
from ecr_access.config.sections import entry_name, items, regional_context
from ecr_access.config.validation import validate
from ecr_access.config.values import ACCOUNT_REQUIRED, REGION_REQUIRED
from ecr_access.features.keys.defaults import check_default_key
from ecr_access.features.namespaces import attach_namespace_grants
from ecr_access.features.principals import AccessConfig, check_access_given, read_access
from ecr_access.features.pull_through import PullThroughCacheSpec, check_cache_prefixes, check_cache_pulls, read_caches
from ecr_access.features.regions import check_regions, place_access, placement
from ecr_access.features.registry_adoption import RegistryAdoption, read_registry_adoption
from ecr_access.features.registry_policy.document import RegistryPolicyScope
from ecr_access.features.repositories.config import RepositoryConfig, RepositorySpec, check_renames
from ecr_access.features.repositories.settings import RepositoryName, RepositorySettings
from ecr_access.features.stack_tags import (
    StackTags,
    check_required_tags,
    check_template_tags,
    repository_base,
    tag_entries,
    tag_principals,
)
from ecr_access.iam.arns import Registry, partition_for_region
from ecr_access.iam.guardrails import stacks

if TYPE_CHECKING:  # a feature's config is imported only for a stack that sets its key (below)
    from ecr_access.features.keys.config import KeySpec
    from ecr_access.features.notifications import NotificationSpec
    from ecr_access.features.pull_time_exclusions import ExclusionSpec
    from ecr_access.features.trust.provider import GitHubOidcProviderSpec


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
    # The GitHub Actions OIDC provider the stack creates or names (None: assumed to exist, nothing registered).
    github_oidc_provider: GitHubOidcProviderSpec | None = None
    # The registry-wide resources imported (by the registry ID) rather than created.
    registry_adoption: RegistryAdoption = RegistryAdoption()
    tags: StackTags = StackTags()
    pull_time_update_exclusions: tuple[ExclusionSpec, ...] = ()
    kms_keys: tuple[KeySpec, ...] = ()
    notifications: tuple[NotificationSpec, ...] = ()

    def repository(self, name: str) -> RepositorySpec:
        """The declared repository of that name (KeyError when undeclared)."""
        for repo in self.repositories:
            if repo.name == name:
                return repo
        raise KeyError(name)


def default_protect(stack: str) -> bool:
    """The default of `ecr-access:protect`: on for every stack except `dev` and `dev-*`.

    Its value (this default, or the key's) decides the `protect` of everything the stack protects by default:
    repositories, KMS keys, notification topics, the GitHub OIDC provider and adopted resources.
    """
    return not stacks.is_dev(stack)


class _Top:
    """The top-level values, each read once against its schema."""

    def __init__(self, values: Mapping[str, Any], problems: Problems):
        self.values, self.problems = values, problems

    def get(self, key: str, default: Any = None, context: dict[str, Any] | None = None) -> Any:
        """The validated value of a top-level key (`default` when absent); a problem is recorded, not raised."""
        full = f"{NAMESPACE}:{key}" if ":" not in key else key
        if full not in self.values:
            return default
        found = validate(key_schema(full), self.values[full], full, self.problems, context)
        return default if found is None else found


def load_stack_config(values: Mapping[str, Any], *, project: str, stack: str, noted: Sequence[Problem] = ()) -> StackConfig:
    """Validate raw config (`namespace:key` -> value) into a StackConfig, or raise one ConfigError listing every problem.

    `noted` are problems the stack file's reader found in values (an unquoted account ID YAML read as a number): they are
    reported with the rest, in place of what validation says about the value YAML changed.
    """
    problems = Problems()
    problems.items.extend(key_problems(values))
    top = _Top(values, problems)
    region, registry = _registry(top)
    protect = top.get("protect", default_protect(stack))
    retain = top.get("retainOnDelete", False)
    context: dict[str, Any] = {"registry": registry, "region": region, "partition": partition_for_region(region), "protect": protect,
                               "home_region": region}
    stack_tags = StackTags(MappingProxyType(top.get("tags", {})), tuple(top.get("requiredTagKeys", ())))
    # Before the repositories and their defaults, which name keys in `kmsKey`.
    context["kms_keys"] = frozenset()
    keys: tuple[KeySpec, ...] = ()
    if f"{NAMESPACE}:kmsKeys" in values:
        from ecr_access.features.keys.config import declared_key_names, read_keys

        context["kms_keys"] = declared_key_names(values)
        keys = read_keys(values, stack, (protect, retain), problems, context)
    # Read once, so a problem in the defaults is reported once, here, not at every repository inheriting it.
    defaults = repository_base(stack_tags)
    found = top.get("repositoryDefaults", None, context)
    if found is not None:
        defaults = found.settings(defaults, f"{NAMESPACE}:repositoryDefaults", problems)
        check_default_key(values, defaults, problems)
    repositories = _repositories(values, defaults, protect, retain, problems, context)
    check_required_tags(repositories, stack_tags, problems)
    access = read_access(values, problems, context)
    scope_set = top.get("registryPolicyScope", None)
    scope = RegistryPolicyScope(scope_set or RegistryPolicyScope.V2.value)
    caches: tuple[PullThroughCacheSpec, ...] = ()
    settings = RegistrySettingsConfig()
    exclusions: tuple[ExclusionSpec, ...] = ()
    notifications: tuple[NotificationSpec, ...] = ()
    if registry is not None:
        key = f"{NAMESPACE}:pullThroughCache"
        caches = read_caches(values[key], key, defaults, registry, problems, context) if key in values else ()
        settings = read_registry_settings(top, registry, defaults, problems, context, scope_set)
        access = attach_namespace_grants(access, settings.namespaces, problems)
        check_cache_prefixes(caches, settings.namespaces, context.get("repository_paths", {}), problems)
        check_cache_pulls(caches, access, registry, problems)
        check_regions(repositories, caches, settings.namespaces, registry.region, problems)
        # Grants are scoped to the regions of what they name (unchanged in a stack of one region).
        access = place_access(access, placement(registry.region, repositories, caches, settings.namespaces))
        key = f"{NAMESPACE}:pullTimeUpdateExclusions"
        if key in values:
            from ecr_access.features.pull_time_exclusions import read_exclusions

            exclusions = read_exclusions(values[key], access, registry, problems, context)
        notifications = _notifications(values, registry, settings, caches, problems, context, repositories)
    templates = [(f"{c.path}.template", c.template.settings) for c in caches] + [(n.path, n.template.settings) for n in settings.namespaces]
    check_template_tags(templates, stack_tags, problems)
    check_stack_guardrails(values, stack, repositories, templates, settings.scanning, problems,
                           unparsed=context.get("unparsed_repositories", ()), regional_scanning=settings.regional_scanning)
    # Only now: a namespace's grants may be all the access a user or group has.
    check_access_given(access, problems)
    github_oidc_provider = None
    if f"{NAMESPACE}:githubOidcProvider" in values:
        from ecr_access.features.trust.provider import read_github_oidc_provider

        github_oidc_provider = read_github_oidc_provider(top, registry, protect, problems, context)
    registry_adoption = read_registry_adoption(top, problems, context)
    access = tag_principals(access, stack_tags, problems)
    keys, notifications = tag_entries(keys, stack_tags, problems), tag_entries(notifications, stack_tags, problems)
    at = {p.path for p in noted}
    problems.items = list(noted) + [p for p in problems.items if p.path not in at]
    problems.raise_if_any()
    assert registry is not None
    return StackConfig(
        project=project, stack=stack, registry=registry, protect=protect, repositories=tuple(repositories),
        access=access, pull_through_caches=caches, registry_policy_scope=scope, registry_settings=settings, kms_keys=keys,
        github_oidc_provider=github_oidc_provider, registry_adoption=registry_adoption,
        tags=stack_tags, pull_time_update_exclusions=exclusions,
        notifications=notifications,
    )


def _repositories(values: Mapping[str, Any], defaults: RepositorySettings, protect: bool, retain: bool, problems: Problems,
                  context: dict[str, Any]) -> list[RepositorySpec]:
    key = f"{NAMESPACE}:repositories"
    raw_entries = list(items(values[key], key, problems)) if key in values else []
    # A bad entry still declares its name (when that is valid): grants naming it are not also reported.
    names = [entry_name(raw, RepositoryName) for _, raw in raw_entries]
    context["declared"] = frozenset(n for n in names if n is not None)
    out: list[RepositorySpec] = []
    seen: dict[str, str] = context.setdefault("repository_paths", {})
    for (path, raw), name in zip(raw_entries, names):
        if name in seen:
            problems.add(f"{path}.name", f"is declared twice (first at {seen[name]})", name)
            continue
        if name is not None:
            seen[name] = path
        entry = validate(RepositoryConfig, raw, path, problems, regional_context(context, raw))
        found = len(problems.items)
        spec = entry.spec(path, defaults, protect, retain, problems, context["home_region"]) if entry is not None else None
        if spec is not None and len(problems.items) == found:
            out.append(spec)
        elif isinstance(raw, Mapping):
            # Its other settings are still judged against what the stack allows (the problems come at once).
            context.setdefault("unparsed_repositories", []).append((path, raw))
    check_renames(out, problems)
    return out


def _notifications(values: Mapping[str, Any], registry: Registry, settings: RegistrySettingsConfig,
                   caches: tuple[PullThroughCacheSpec, ...], problems: Problems, context: dict[str, Any],
                   repositories: Sequence[RepositorySpec]) -> tuple[NotificationSpec, ...]:
    key = f"{NAMESPACE}:notifications"
    if key not in values:
        return ()
    from ecr_access.features.notifications import read_notifications

    elsewhere = {r.name: r.region for r in repositories if r.region is not None}
    scan_on_push = {r.name: r.settings.scan_on_push for r in repositories if r.region is None}
    namespaces = [n.name for n in settings.namespaces] + [c.prefix for c in caches]
    return read_notifications(values[key], key, registry, problems, context, namespaces, elsewhere,
                              settings.scanning, scan_on_push)


def _registry(top: _Top) -> tuple[str, Registry | None]:
    """The stack's region (us-east-1 while aws:region is missing or bad: other values are still checked against a
    partition) and its registry (None while the region or the account is missing or bad)."""
    problems = top.problems
    if "aws:region" not in top.values:
        problems.add("aws:region", REGION_REQUIRED)
    region = top.get("aws:region")
    key = f"{NAMESPACE}:accountId"
    if key not in top.values:
        problems.add(key, ACCOUNT_REQUIRED)
    account = top.get("accountId")
    if region is None or account is None:
        return region or "us-east-1", None
    return region, Registry(partition=partition_for_region(region), region=region, account=account)
