"""Compile a whole stack: every document built, validated and size-checked, or one ConfigError."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ecr_access.config.errors import Problems
from ecr_access.config.stack import StackConfig
from ecr_access.features.principals.compile import CompiledPrincipal, compile_access
from ecr_access.features.pull_through.compile import CompiledCache, compile_cache
from ecr_access.features.registry_adoption import check_registry_policy_adoption
from ecr_access.features.registry_policy.compile import compile_registry_policy
from ecr_access.features.registry_policy.document import RegistryContribution
from ecr_access.features.repositories.compile import CompiledRepository, compile_repository
from ecr_access.features.repository_policy.compile import config_contributions
from ecr_access.iam.merge import Contribution
from ecr_access.iam.validate import RenderedPolicy
from ecr_access.stack.ordering import granted_principals, key_owner, named_principals, template_owner
from ecr_access.stack.registry_settings import CompiledRegistrySettings, compile_registry_settings

if TYPE_CHECKING:  # a feature's compile step is imported only for a stack that sets its key (compile_stack)
    from ecr_access.features.keys.compile import CompiledKey
    from ecr_access.features.notifications import CompiledNotifications

# How `policy_principals` names the registry policy (parentheses: never a repository name).
REGISTRY_OWNER = "(registry)"


def registry_owner(region: str | None) -> str:
    """How `policy_principals` names the registry policy of a region (REGISTRY_OWNER: the stack's own region's)."""
    return REGISTRY_OWNER if region is None else f"(registry {region})"


@dataclass(frozen=True)
class CompiledStack:
    """Everything the components register, computed without touching AWS.

    `registry_policy` is the registry's ONE policy (AWS keeps one per registry and region): features add
    `RegistryContribution`s in `compile_stack`, never a document or resource of their own. `regional_registry_policies`
    are the policies of the stack's other regions (its caches' there), one per region.
    """

    config: StackConfig
    repositories: tuple[CompiledRepository, ...]
    principals: tuple[CompiledPrincipal, ...] = ()
    pull_through_caches: tuple[CompiledCache, ...] = ()
    registry_policy: RenderedPolicy | None = None
    registry_settings: CompiledRegistrySettings = CompiledRegistrySettings()
    # Owner (REGISTRY_OWNER or a repository name) -> (kind, name) of the declared principals its policy names.
    policy_principals: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    regional_registry_policies: tuple[tuple[str, RenderedPolicy], ...] = ()
    keys: tuple[CompiledKey, ...] = ()
    notifications: tuple[CompiledNotifications, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """Config that is accepted but probably not what was meant (shown with pulumi.log.warn at deploy time)."""
        return self.registry_settings.warnings + tuple(k.warning for k in self.keys if k.warning)

    def principals_named_by(self, owner: str) -> tuple[tuple[str, str], ...]:
        """The declared principals the policy of `owner` (REGISTRY_OWNER or a repository name) names."""
        return self._named_by.get(owner, ())

    @cached_property
    def _named_by(self) -> dict[str, tuple[tuple[str, str], ...]]:
        return dict(self.policy_principals)

    def principals_of(self, kind: str) -> tuple[CompiledPrincipal, ...]:
        """The compiled users, groups or roles (`kind` = user, group, role), in config order."""
        return tuple(p for p in self.principals if p.spec.kind == kind)

    def documents(self) -> list[RenderedPolicy]:
        """Every rendered document of the stack, for reports and quota figures."""
        docs = []
        for r in self.repositories:
            docs += [d for d in (r.lifecycle_policy, r.repository_policy) if d is not None]
        for principal in self.principals:
            docs += [p.document for p in principal.policies]
            docs += [principal.trust_policy] if principal.trust_policy else []
        docs += [c.lifecycle_policy for c in self.pull_through_caches if c.lifecycle_policy is not None]
        docs += [n.lifecycle_policy for n in self.registry_settings.namespaces if n.lifecycle_policy is not None]
        docs += [policy for _, policy in self.regional_registry_policies]
        docs += [k.policy for k in self.keys]
        docs += [n.topic_policy for n in self.notifications if n.spec.sets_policy]
        return docs + ([self.registry_policy] if self.registry_policy is not None else [])

    @cached_property
    def regions(self) -> tuple[str, ...]:
        """Every region the stack sets something in, aws:region first."""
        s = self.config.registry_settings
        found = {r.spec.region for r in self.repositories} | {c.spec.region for c in self.pull_through_caches}
        found |= {r.region for r in s.replication} | {spec.region for spec in s.regional_scanning}
        return (self.config.registry.region, *sorted(r for r in found if r is not None))


def compile_stack(config: StackConfig, extra_contributions: tuple[Contribution, ...] = ()) -> CompiledStack:
    """Compile the stack; every problem in every entry is reported at once.

    `extra_contributions` are repository-policy statements from other sections (e.g. cross-account access);
    they merge with each repository's own `repositoryPolicy` into its one policy.
    """
    problems = Problems()
    contributions: list[Contribution] = []
    with problems.collect():
        contributions = config_contributions((r.name, r.policy) for r in config.repositories) + list(extra_contributions)
    declared = {r.name for r in config.repositories}
    for c in contributions:
        if c.repository not in declared:
            problems.add(c.source, "contributes to the policy of an undeclared repository", c.repository)
    repositories = []
    for spec in config.repositories:
        with problems.collect():
            repositories.append(compile_repository(spec, config.registry, contributions))
    principals: tuple[CompiledPrincipal, ...] = ()
    with problems.collect():
        principals = compile_access(config.access, config.registry)
    caches = []
    for cache in config.pull_through_caches:
        with problems.collect():
            caches.append(compile_cache(cache, config.registry))
    settings = CompiledRegistrySettings()
    with problems.collect():
        settings = compile_registry_settings(config.registry_settings, config.registry, config.repositories)
    if not problems.items:  # the registry policy is built from these contributions (below): all of them compiled
        with problems.collect():
            writes_policy = any(c.contribution is not None for c in caches) or bool(settings.contributions)
            check_registry_policy_adoption(config.registry_adoption, writes_policy)
    keys = []
    if config.kms_keys:
        from ecr_access.features.keys.compile import compile_key
    for key in config.kms_keys:
        with problems.collect():
            keys.append(compile_key(key, config.repositories, config.access, config.registry, config.notifications))
    notifications = []
    if config.notifications:
        from ecr_access.features.notifications import compile_notifications
    for topic in config.notifications:
        with problems.collect():
            notifications.append(compile_notifications(topic, config.registry))
    problems.raise_if_any()
    # Every registry policy contributor goes here (replication, cross-account access, ...): one merged document a region.
    by_region: dict[str | None, list[RegistryContribution]] = {None: []}
    for compiled_cache in caches:
        if compiled_cache.contribution is not None:
            by_region.setdefault(compiled_cache.spec.region, []).append(compiled_cache.contribution)
    by_region[None] += settings.contributions
    policies: dict[str | None, RenderedPolicy | None] = {}
    for region, found in by_region.items():
        with problems.collect():
            policies[region] = compile_registry_policy(found, config.registry_policy_scope)
    problems.raise_if_any()
    registry_policy = policies[None]
    regional = [(region, policy) for region, policy in sorted(policies.items(), key=lambda p: p[0] or "") if region and policy]
    registry_grants = {region: tuple(g for c in found for g in c.grants) for region, found in by_region.items()}
    return CompiledStack(
        config=config,
        repositories=tuple(repositories),
        principals=principals,
        pull_through_caches=tuple(caches),
        registry_policy=registry_policy,
        registry_settings=settings,
        policy_principals=_policy_principals(repositories, registry_grants, principals, caches, settings.namespaces, keys),
        regional_registry_policies=tuple(regional),
        keys=tuple(keys),
        notifications=tuple(notifications),
    )


def _policy_principals(repositories, registry_grants, principals, caches, namespaces, keys) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    # Edges come from provenance: the grantees of the Grants each policy was built from, the roles templates name.
    named = [(r.spec.name, granted_principals(r.policy_grants, principals)) for r in repositories]
    named += [(key_owner(k.spec.name), granted_principals(k.grants, principals)) for k in keys]
    named += [(registry_owner(region), granted_principals(grants, principals)) for region, grants in registry_grants.items()]
    owners = [(template_owner(c.spec.prefix, c.spec.region), {c.spec.template.custom_role_arn, c.spec.custom_role_arn}) for c in caches]
    owners += [(template_owner(n.spec.name), {n.spec.template.custom_role_arn}) for n in namespaces]
    named += [(owner, named_principals(arns, principals)) for owner, arns in owners]
    return tuple((owner, found) for owner, found in named if found)
