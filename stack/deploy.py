"""Register the compiled stack as components and return the stack outputs."""

from __future__ import annotations

from typing import Any

from compiler.stack import CompiledStack
from components.ecr_repository import EcrRepository, EcrRepositoryArgs
from components.registry_pull_through_cache_policy import (
    RegistryPullThroughCachePolicy,
    RegistryPullThroughCachePolicyArgs,
)


def deploy(compiled: CompiledStack) -> dict[str, Any]:
    """Create every component of the stack; returns the outputs to export."""
    repositories = {
        r.spec.name: EcrRepository(r.spec.name, EcrRepositoryArgs(repository=r)) for r in compiled.repositories
    }
    outputs: dict[str, Any] = {
        "registryId": compiled.config.registry.account,
        "registryUrl": compiled.config.registry.host,
        "repositoryUrls": {name: repo.repository_url for name, repo in repositories.items()},
        "repositoryArns": {name: repo.arn for name, repo in repositories.items()},
    }
    if compiled.pull_through_caches or compiled.registry_policy is not None:
        # The single owner of the registry's policy: created once per stack.
        registry = RegistryPullThroughCachePolicy(
            "registry",
            RegistryPullThroughCachePolicyArgs(caches=compiled.pull_through_caches, registry_policy=compiled.registry_policy),
        )
        outputs["pullThroughCacheUrls"] = {c.spec.prefix: c.cache_url for c in compiled.pull_through_caches}
        outputs["pullThroughCacheUpstreams"] = registry.upstream_urls
        outputs["registryPolicy"] = registry.registry_policy_json
    return outputs
