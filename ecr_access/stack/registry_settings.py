"""The registry-wide settings compiled: replication and team namespaces by their features' compile steps, scanning and
account settings as they were read (nothing to compile), gathered for the RegistrySettings and TeamNamespace
components (stack/registry.py, stack/regions.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ecr_access.config.errors import Problems
from ecr_access.config.registry_settings import RegistrySettingsConfig
from ecr_access.features.namespaces.compile import CompiledNamespace, compile_namespace
from ecr_access.features.registry_policy.config import AccountSettingSpec
from ecr_access.features.registry_policy.document import RegistryContribution
from ecr_access.features.repositories.config import RepositorySpec
from ecr_access.features.scanning import ScanningSpec
from ecr_access.iam.arns import Registry
from ecr_access.iam.validate import RenderedPolicy


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


def compile_registry_settings(settings: RegistrySettingsConfig, registry: Registry,
                              repositories: Iterable[RepositorySpec]) -> CompiledRegistrySettings:
    """Compile replication and namespaces (`repositories`: the declared ones, which replication filters should match);
    every problem of both is reported at once, as ConfigErrors at their config paths."""
    problems = Problems()
    replication = None
    if settings.replication or settings.replication_sources:  # replication's compile step: only for a stack that sets it
        from ecr_access.features.replication.compile import compile_replication

        with problems.collect():
            declared = [(r.name, r.region) for r in repositories] + [(f"{ns.name}/", None) for ns in settings.namespaces]
            replication = compile_replication(settings.replication, settings.replication_sources, registry, declared)
    namespaces = []
    for ns in settings.namespaces:
        with problems.collect():
            namespaces.append(compile_namespace(ns))
    problems.raise_if_any()
    compiled = CompiledRegistrySettings(scanning=settings.scanning, account_settings=settings.account_settings,
                                        namespaces=tuple(namespaces))
    if replication is None:
        return compiled
    return replace(compiled, replication_rules=replication.rules, regional_replication_rules=replication.regional_rules,
                   destination_policies=replication.destination_policies, contributions=replication.contributions,
                   warnings=replication.warnings)
