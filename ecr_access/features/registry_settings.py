"""Compile the registry-wide settings: replication rules and destination statements, namespace templates, warnings."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.config.blame import blame
from ecr_access.config.errors import Problems
from ecr_access.config.stack import StackConfig
from ecr_access.features.namespaces import NamespaceSpec
from ecr_access.features.registry_policy.config import AccountSettingSpec
from ecr_access.features.registry_policy.document import RegistryContribution
from ecr_access.features.replication.rules import Destination, replication_rules, replication_statement
from ecr_access.features.scanning import ScanningSpec
from ecr_access.iam.arns import Registry, partition_for_region
from ecr_access.iam.document import PolicyDocument
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import RenderedPolicy, render_validated


@dataclass(frozen=True)
class CompiledNamespace:
    """A team namespace ready to register: its spec and its template's rendered lifecycle policy."""

    spec: NamespaceSpec
    lifecycle_policy: RenderedPolicy | None


@dataclass(frozen=True)
class CompiledRegistrySettings:
    """Everything registry-wide, computed up front; `warnings` are shown at deploy time, never fatal."""

    replication_rules: tuple[dict, ...] = ()
    # `<account>/<region>` -> the registry policy a cross-account destination must hold for this registry.
    destination_policies: tuple[tuple[str, RenderedPolicy], ...] = ()
    scanning: ScanningSpec | None = None
    account_settings: tuple[AccountSettingSpec, ...] = ()
    namespaces: tuple[CompiledNamespace, ...] = ()
    contributions: tuple[RegistryContribution, ...] = ()
    warnings: tuple[str, ...] = ()
    # The replication rules of the stack's other regions (`replication_rules` are aws:region's), by region.
    regional_replication_rules: tuple[tuple[str, tuple[dict, ...]], ...] = ()


def compile_registry_settings(config: StackConfig) -> CompiledRegistrySettings:
    """Compile replication, replication sources and namespaces; problems are ConfigErrors at their config paths."""
    settings = config.registry_settings
    registry = config.registry
    problems = Problems()
    destination_policies: dict[str, RenderedPolicy] = {}
    for rule in settings.replication:
        for dest in rule.destinations:
            if dest.account != registry.account and dest.key not in destination_policies:
                target = Registry(partition=partition_for_region(dest.region), region=dest.region, account=dest.account)
                with problems.collect(), blame(rule.path):
                    doc = PolicyDocument((replication_statement(registry.account, target),))
                    destination_policies[dest.key] = render_validated(doc, DocumentKind.REGISTRY, f"registry {dest.key}")
    namespaces = []
    for ns in settings.namespaces:
        with problems.collect():
            lifecycle = None
            if ns.template.settings.lifecycle is not None:
                with blame(f"{ns.path}.lifecycle"):
                    lifecycle = ns.template.settings.lifecycle.rendered(f"{ns.name} template")
            namespaces.append(CompiledNamespace(spec=ns, lifecycle_policy=lifecycle))
    problems.raise_if_any()
    contributions = tuple(
        RegistryContribution(source=s.path, statements=(replication_statement(s.account, registry),))
        for s in settings.replication_sources
    )
    by_region: dict[str | None, list[dict]] = {None: []}
    for rule in settings.replication:
        by_region.setdefault(rule.region, []).extend(
            replication_rules([(tuple(Destination(d.region, d.account) for d in rule.destinations), rule.filters)]))
    return CompiledRegistrySettings(
        replication_rules=tuple(by_region.pop(None)),
        regional_replication_rules=tuple((region, tuple(rules)) for region, rules in sorted(by_region.items()) if region),
        destination_policies=tuple(sorted(destination_policies.items())),
        scanning=settings.scanning,
        account_settings=settings.account_settings,
        namespaces=tuple(namespaces),
        contributions=contributions,
        warnings=_filter_warnings(config),
    )


def _filter_warnings(config: StackConfig) -> tuple[str, ...]:
    # A filter may name repositories made later (by CI, create-on-push): worth a warning, not a refusal. A rule sees
    # the repositories of its own region (team namespaces lie in aws:region).
    namespaces = [f"{ns.name}/" for ns in config.registry_settings.namespaces]
    out = []
    for rule in config.registry_settings.replication:
        names = [r.name for r in config.repositories if r.region == rule.region] + (namespaces if rule.region is None else [])
        for i, prefix in enumerate(rule.filters):
            if not any(name.startswith(prefix) for name in names):
                out.append(
                    f"{rule.path}.filters[{i}]: {prefix!r} matches no repository declared in ecr-access:repositories or "
                    "ecr-access:namespaces; nothing is replicated until such a repository exists"
                )
    return tuple(out)
