"""Registry-wide sections of stack config: replication, scanning, account settings and team namespaces."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

from model.account_settings import AccountSettingSpec, read_basic_scan_type_version
from model.errors import Problems
from model.namespaces import NamespaceSpec, read_namespaces, split_by_tagging
from model.principals import AccessConfig, PrincipalSpec
from model.reader import Node
from model.replication import ReplicationRule, ReplicationSource, read_replication, read_replication_sources
from model.repositories import RepositorySettings
from model.scanning import ScanningSpec, read_scanning
from policies.arns import Registry

KEYS = ("replication", "replicationSources", "scanning", "basicScanTypeVersion", "namespaces")


@dataclass(frozen=True)
class RegistrySettingsConfig:
    """What the stack sets on the registry as a whole; empty when none of its keys is set."""

    replication: tuple[ReplicationRule, ...] = ()
    replication_sources: tuple[ReplicationSource, ...] = ()
    scanning: ScanningSpec | None = None
    account_settings: tuple[AccountSettingSpec, ...] = ()
    namespaces: tuple[NamespaceSpec, ...] = ()


def read_registry_settings(
    values: Mapping[str, Any], registry: Registry, defaults: RepositorySettings, problems: Problems
) -> RegistrySettingsConfig:
    """Read the registry-wide keys, collecting every problem into `problems`."""
    def top(key: str, read, default):
        full = f"ecr-access:{key}"
        with problems.collect():
            return read(Node(values[full], full)) if full in values else default
        return default

    settings = []
    if "ecr-access:registryPolicyScope" in values and isinstance(values["ecr-access:registryPolicyScope"], str):
        # Validated by model.stack; managed only when set, so an unset key never overrides the console.
        settings.append(AccountSettingSpec("REGISTRY_POLICY_SCOPE", values["ecr-access:registryPolicyScope"], "ecr-access:registryPolicyScope"))
    version = top("basicScanTypeVersion", read_basic_scan_type_version, None)
    if version is not None:
        settings.append(AccountSettingSpec("BASIC_SCAN_TYPE_VERSION", version, "ecr-access:basicScanTypeVersion"))
    return RegistrySettingsConfig(
        replication=top("replication", lambda n: read_replication(n, registry), ()) or (),
        replication_sources=top("replicationSources", lambda n: read_replication_sources(n, registry), ()) or (),
        scanning=top("scanning", read_scanning, None),
        account_settings=tuple(settings),
        namespaces=top("namespaces", lambda n: read_namespaces(n, defaults, registry, problems), ()) or (),
    )


def attach_namespace_grants(access: AccessConfig, namespaces: tuple[NamespaceSpec, ...], problems: Problems) -> AccessConfig:
    """Give each namespace grant to the principals it names; add ecr:TagResource to `create` grants on tagging templates."""
    extra: dict[tuple[str, str], list] = {}
    declared = {(p.kind, p.name) for p in access.principals}
    for ns in namespaces:
        for ng in ns.grants:
            for kind, name, path in ng.principals:
                if (kind, name) not in declared:
                    problems.add(path, f"is not declared in ecr-access:{kind}s", name)
                    continue
                extra.setdefault((kind, name), []).extend((ng.path, part) for part in split_by_tagging(ng.grant, namespaces))

    def update(spec: PrincipalSpec) -> PrincipalSpec:
        own = tuple((path, part) for path, g in spec.grants for part in split_by_tagging(g, namespaces))
        return replace(spec, grants=own + tuple(extra.get((spec.kind, spec.name), ())))

    return replace(
        access,
        users=tuple(map(update, access.users)), groups=tuple(map(update, access.groups)), roles=tuple(map(update, access.roles)),
    )
