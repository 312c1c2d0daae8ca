"""Register what the stack sets in regions other than aws:region, and the outputs that name every region.

Each region has its own registry: its pull-through caches and registry policy (one `RegistryPullThroughCachePolicy`
named `registry-<region>`) and its replication and scanning configurations (one `RegistrySettings` named
`registry-settings-<region>`). aws:region keeps the components `registry` and `registry-settings` (stack/deploy.py,
stack/registry.py), so a stack of one region registers exactly what it did before regions could be named.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi

from ecr_access.components.registry_pull_through_cache_policy import RegistryPullThroughCachePolicy
from ecr_access.components.registry_settings import RegistrySettings
from ecr_access.stack.args import cache_policy_args, settings_args
from ecr_access.stack.compile import CompiledStack, registry_owner
from ecr_access.stack.ordering import template_owner


def scanned_regions(compiled: CompiledStack) -> frozenset[str | None]:
    """The regions (None: aws:region) whose registry scanning configuration replaces the repositories' own scanOnPush."""
    s = compiled.config.registry_settings
    return frozenset(({None} if s.scanning is not None else set()) | {spec.region for spec in s.regional_scanning})


def deploy_cache_policy(compiled: CompiledStack, named_by: Callable[[str], tuple[pulumi.Resource, ...]],
                        region: str | None = None) -> RegistryPullThroughCachePolicy | None:
    """The single owner of the registry policy of `region` (None: aws:region, the component `registry`; else
    `registry-<region>`) and of its pull-through caches; None when that region has neither."""
    caches = [c for c in compiled.pull_through_caches if c.spec.region == region]
    policy = compiled.registry_policy if region is None else dict(compiled.regional_registry_policies).get(region)
    if not caches and policy is None:
        return None
    templates = tuple((c.spec.prefix, named_by(template_owner(c.spec.prefix, region))) for c in caches)
    name = "registry" if region is None else f"registry-{region}"
    return RegistryPullThroughCachePolicy(name, cache_policy_args(compiled, named_by(registry_owner(region)), templates, region))


def deploy_regions(compiled: CompiledStack, named_by: Callable[[str], tuple[pulumi.Resource, ...]]) -> dict[str, Any]:
    """Register the caches, registry policy, replication and scanning of every other region; return the outputs naming
    every region (none for a stack of one region)."""
    for region in compiled.regions[1:]:
        deploy_cache_policy(compiled, named_by, region)
        args = settings_args(compiled, region)
        if args.replication or args.scanning is not None:
            RegistrySettings(f"registry-settings-{region}", args)
    return region_outputs(compiled) if len(compiled.regions) > 1 else {}


def region_outputs(compiled: CompiledStack) -> dict[str, Any]:
    """Outputs that name the region of each repository, registry, cache, registry policy, replication and scanning."""
    home = compiled.config.registry
    s = compiled.config.registry_settings
    outputs: dict[str, Any] = {
        "repositoryRegions": {r.spec.name: r.spec.region or home.region for r in compiled.repositories},
        "registryUrls": {region: home.in_region(region).host for region in compiled.regions},
    }
    caches: dict[str, dict[str, str]] = {}
    for c in compiled.pull_through_caches:
        caches.setdefault(c.spec.region or home.region, {})[c.spec.prefix] = c.cache_url
    if caches:
        outputs["pullThroughCacheUrlsByRegion"] = caches
    policies = [(home.region, compiled.registry_policy), *compiled.regional_registry_policies]
    if any(policy is not None for _, policy in policies):
        outputs["registryPoliciesByRegion"] = {region: policy.json for region, policy in policies if policy is not None}
    rules = [(home.region, compiled.registry_settings.replication_rules), *compiled.registry_settings.regional_replication_rules]
    if any(found for _, found in rules):
        outputs["replicationRulesByRegion"] = {region: list(found) for region, found in rules if found}
    scannings = ([s.scanning] if s.scanning is not None else []) + list(s.regional_scanning)
    if scannings:
        outputs["scanTypeByRegion"] = {spec.region or home.region: spec.scan_type for spec in scannings}
    return outputs
