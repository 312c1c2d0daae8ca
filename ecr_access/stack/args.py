"""The public component arguments of the compiled stack's repositories, policies, caches and registry settings.

The stack is one client of the components: what a program would write, built from the validated config. Where
several config sections merge into one document (repository and registry policies) the compiled document is passed
along with the grants it was built from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pulumi

from ecr_access.components.ecr_repository import EcrRepository, EcrRepositoryArgs
from ecr_access.components.registry import Registry
from ecr_access.components.registry_pull_through_cache_policy import PullThroughCache, RegistryPullThroughCachePolicyArgs
from ecr_access.components.registry_settings import RegistrySettingsArgs, ReplicationRule, Scanning, ScanningRule
from ecr_access.components.repo_policy import RepoPolicyArgs
from ecr_access.components.repository_key import RepositoryKey, RepositoryKeyArgs
from ecr_access.components.settings import RepositoryTemplate
from ecr_access.components.team_namespace import TeamNamespaceArgs
from ecr_access.features.namespaces.compile import CompiledNamespace
from ecr_access.features.namespaces.templates import CreationTemplate
from ecr_access.features.replication.rules import Destination
from ecr_access.features.repositories.compile import CompiledRepository
from ecr_access.features.repositories.config import RepositorySpec
from ecr_access.features.repository_policy.statements import DenyRule
from ecr_access.stack.compile import CompiledStack

if TYPE_CHECKING:  # a feature's compile step and components are imported only for a stack that uses them
    from ecr_access.components.repository_notifications import RepositoryNotificationsArgs
    from ecr_access.features.keys.compile import CompiledKey
    from ecr_access.features.notifications import CompiledNotifications


def public_registry(compiled: CompiledStack) -> Registry:
    """The stack's registry as the components take it."""
    r = compiled.config.registry
    return Registry(partition=r.partition, region=r.region, account=r.account)


def repository_args(spec: RepositorySpec, registry_scanning: bool, keys: Mapping[str, RepositoryKey] | None = None) -> EcrRepositoryArgs:
    """A declared repository's arguments (`keys`: the stack's registered keys, which `kmsKey` may name)."""
    s = spec.settings
    kms_key = (keys or {})[s.key_name] if s.key_name else s.kms_key
    return EcrRepositoryArgs(
        name=spec.name, tag_mutability=s.tag_mutability, tag_mutability_exclusions=s.tag_mutability_exclusions,
        scan_on_push=s.scan_on_push, registry_scanning=registry_scanning, encryption=s.encryption, kms_key=kms_key,
        lifecycle=s.lifecycle, tags=dict(s.tags), force_delete=spec.force_delete, protect=spec.protect,
        retain_on_delete=spec.retain_on_delete, adopt=spec.import_id is not None, renamed_from=spec.renamed_from,
        allow_replace=spec.allow_replace, region=spec.region,
    )


def repo_policy_args(r: CompiledRepository, repo: EcrRepository, depends_on: Sequence[pulumi.Resource]) -> RepoPolicyArgs:
    """A repository's policy: its grants and denies, and the merged document compiled from every section."""
    denies = r.spec.policy.denies if r.spec.policy is not None else ()
    return RepoPolicyArgs(
        repository=repo, grants=r.policy_grants,
        denies=tuple(DenyRule(actions=d.actions, except_arns=d.except_arns) for d in denies),
        depends_on=tuple(depends_on), policy=r.repository_policy,
    )


def template_args(template: CreationTemplate) -> RepositoryTemplate:
    """A creation template's settings."""
    s = template.settings
    return RepositoryTemplate(
        tag_mutability=s.tag_mutability, tag_mutability_exclusions=s.tag_mutability_exclusions, encryption=s.encryption,
        kms_key=s.kms_key, lifecycle=s.lifecycle, tags=dict(s.tags), description=template.description,
        custom_role_arn=template.custom_role_arn,
    )


def cache_policy_args(
    compiled: CompiledStack, depends_on: Sequence[pulumi.Resource],
    template_depends_on: Sequence[tuple[str, tuple[pulumi.Resource, ...]]], region: str | None = None,
) -> RegistryPullThroughCachePolicyArgs:
    """The caches of `region` (None: aws:region) and its registry's one policy (merged from every section that
    contributes to it)."""
    caches = tuple(
        PullThroughCache(
            prefix=c.spec.prefix, upstream_url=c.spec.upstream_url, upstream_prefix=c.spec.upstream_prefix,
            credential_arn=c.spec.credential_arn, custom_role_arn=c.spec.custom_role_arn, principals=c.spec.principals,
            template=template_args(c.spec.template),
        )
        for c in compiled.pull_through_caches if c.spec.region == region
    )
    policy = compiled.registry_policy if region is None else dict(compiled.regional_registry_policies).get(region)
    return RegistryPullThroughCachePolicyArgs(
        registry=public_registry(compiled), caches=caches, registry_policy_scope=compiled.config.registry_policy_scope,
        depends_on=tuple(depends_on), registry_policy=policy,
        template_depends_on=tuple(template_depends_on), region=region,
        adopt_registry_policy=compiled.config.registry_adoption.registry_policy if region is None else False,
        protect_adopted=compiled.config.protect,
    )


def settings_args(compiled: CompiledStack, region: str | None = None) -> RegistrySettingsArgs:
    """Replication, scanning and (in aws:region, `region` None) account settings of one region."""
    config = compiled.config.registry_settings
    scanning = config.scanning if region is None else next((s for s in config.regional_scanning if s.region == region), None)
    return RegistrySettingsArgs(
        replication=tuple(
            ReplicationRule(tuple(Destination(d.region, d.account) for d in rule.destinations), rule.filters)
            for rule in config.replication if rule.region == region
        ),
        scanning=None if scanning is None else Scanning(
            scanning.scan_type, tuple(ScanningRule(rule.frequency, rule.filters) for rule in scanning.rules)
        ),
        account_settings={s.name: s.value for s in config.account_settings} if region is None else {},
        registry=public_registry(compiled), region=region,
        # Adoption is of aws:region's registry-wide settings.
        adopt_replication=compiled.config.registry_adoption.replication if region is None else False,
        adopt_scanning=compiled.config.registry_adoption.scanning if region is None else False,
        protect_adopted=compiled.config.protect,
    )


def namespace_args(n: CompiledNamespace, compiled: CompiledStack, depends_on: Sequence[pulumi.Resource]) -> TeamNamespaceArgs:
    """A namespace's prefix and template (its grants are the principals': identity grants)."""
    return TeamNamespaceArgs(
        name=n.spec.name, template=template_args(n.spec.template), applied_for=n.spec.applied_for,
        allow_root_template=n.spec.name == "ROOT", registry=public_registry(compiled), depends_on=tuple(depends_on),
    )


def key_args(k: CompiledKey, compiled: CompiledStack, depends_on: Sequence[pulumi.Resource]) -> RepositoryKeyArgs:
    """A key's settings, its key grants and the key policy compiled from them."""
    return RepositoryKeyArgs(
        registry=public_registry(compiled), name=k.spec.name, description=k.spec.description,
        deletion_window_in_days=k.spec.deletion_window_days, grants=k.grants, topics=tuple(arn for arn, _ in k.topics),
        tags=dict(k.spec.tags), protect=k.protect,
        retain_on_delete=k.retain_on_delete, depends_on=tuple(depends_on), policy=k.policy,
    )


def notification_args(n: CompiledNotifications, compiled: CompiledStack,
                      keys: Mapping[str, RepositoryKey] | None = None) -> RepositoryNotificationsArgs:
    """A topic's notification rules; a topic the stack creates is protected like the repositories (`keys`: the stack's
    registered keys, which `kmsKey` may name)."""
    from ecr_access.components.repository_notifications import NotificationRule, RepositoryNotificationsArgs

    spec = n.spec
    kms_key = (keys or {})[spec.key_name] if spec.key_name else spec.kms_key
    return RepositoryNotificationsArgs(
        registry=public_registry(compiled),
        rules=tuple(
            NotificationRule(name=r.name, repositories=r.target.repositories, namespaces=r.target.namespaces,
                             findings=r.findings, pushes=r.pushes, scan_type=r.scan_type)
            for r in spec.rules
        ),
        topic_name=spec.topic_name, topic_arn=spec.topic_arn, manage_policy=spec.manage_policy, kms_key=kms_key,
        tags=dict(spec.tags), protect=compiled.config.protect, precompiled=n,
    )
