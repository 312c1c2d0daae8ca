"""What the stack sets on the registry as a whole: replication, scanning, account settings, team namespaces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecr_access.config.errors import Problems
from ecr_access.features.namespaces import NamespaceSpec, read_namespaces
from ecr_access.features.registry_policy.config import AccountSettingSpec
from ecr_access.features.repositories.settings import RepositorySettings
from ecr_access.features.scanning import ScanningSpec, scanning_specs
from ecr_access.iam.arns import Registry

if TYPE_CHECKING:  # replication's config is imported only for a stack that sets its keys (read_registry_settings)
    from ecr_access.features.replication.config import ReplicationRule, ReplicationSource


@dataclass(frozen=True)
class RegistrySettingsConfig:
    """What the stack sets on the registry as a whole; empty when none of its keys is set."""

    replication: tuple[ReplicationRule, ...] = ()
    replication_sources: tuple[ReplicationSource, ...] = ()
    scanning: ScanningSpec | None = None
    account_settings: tuple[AccountSettingSpec, ...] = ()
    namespaces: tuple[NamespaceSpec, ...] = ()
    # The scanning configurations of other regions than aws:region (`scanning` is aws:region's), each naming its region.
    regional_scanning: tuple[ScanningSpec, ...] = ()


def read_registry_settings(top: Any, registry: Registry, defaults: RepositorySettings, problems: Problems,
                           context: dict[str, Any], scope: str | None) -> RegistrySettingsConfig:
    """Read the registry-wide keys (`top`: the stack's top-level reader; `scope`: the registry policy scope set, if any)."""
    settings = []
    # Managed only when set, so an unset key never overrides the console.
    for key, name, value in (("registryPolicyScope", "REGISTRY_POLICY_SCOPE", scope),
                             ("basicScanTypeVersion", "BASIC_SCAN_TYPE_VERSION", top.get("basicScanTypeVersion", None))):
        if value is not None:
            settings.append(AccountSettingSpec(name, value, f"ecr-access:{key}"))
    rules = top.get("replication", [], context)
    sources: list[ReplicationSource] = []
    if "ecr-access:replicationSources" in top.values:
        from ecr_access.features.replication.config import replication_sources

        sources, twice = replication_sources(top.get("replicationSources", [], context), "ecr-access:replicationSources")
        for path, message, value in twice:
            problems.add(path, message, value)
    scannings = scanning_specs(top.get("scanning", None, context), "ecr-access:scanning", registry.region, problems)
    namespaces: tuple[NamespaceSpec, ...] = ()
    if "ecr-access:namespaces" in top.values:
        namespaces = read_namespaces(top.values["ecr-access:namespaces"], "ecr-access:namespaces", defaults, registry, problems, context)
    return RegistrySettingsConfig(
        replication=tuple(r.spec(f"ecr-access:replication[{i}]", registry) for i, r in enumerate(rules)),
        replication_sources=tuple(sources),
        scanning=next((s for s in scannings if s.region is None), None),
        account_settings=tuple(settings),
        namespaces=namespaces,
        regional_scanning=tuple(s for s in scannings if s.region is not None),
    )
