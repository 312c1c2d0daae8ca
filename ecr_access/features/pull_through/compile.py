"""Compile pull-through caches: template lifecycle policies and each cache's registry policy contribution."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.features.pull_through import PullThroughCacheSpec
from ecr_access.features.pull_through.statements import CacheAccess, cache_grants, cache_statements
from ecr_access.features.registry_policy.document import RegistryContribution
from ecr_access.features.repositories.compile import compile_lifecycle
from ecr_access.iam.arns import Registry
from ecr_access.iam.validate import RenderedPolicy


@dataclass(frozen=True)
class CompiledCache:
    """A cache ready to register: its spec, the URL to pull through it, its template's lifecycle policy, its statements."""

    spec: PullThroughCacheSpec
    cache_url: str
    lifecycle_policy: RenderedPolicy | None
    contribution: RegistryContribution | None


def compile_cache(spec: PullThroughCacheSpec, registry: Registry) -> CompiledCache:
    """Compile one cache (`registry`: the stack's); a bad lifecycle policy is a ConfigError at `<cache>.template.lifecycle`."""
    lifecycle = compile_lifecycle(spec.template.settings, f"{spec.path}.template", f"{spec.prefix} template")
    registry = registry.in_region(spec.region)  # its statement and URL are of the cache's region
    access = CacheAccess(spec.prefix, spec.principals, spec.tags_repositories)
    statements = cache_statements([access], registry)
    return CompiledCache(
        spec=spec,
        cache_url=registry.repository_url(spec.prefix),
        lifecycle_policy=lifecycle,
        contribution=RegistryContribution(source=spec.path, statements=statements, grants=cache_grants(access, spec.path))
        if statements else None,
    )
