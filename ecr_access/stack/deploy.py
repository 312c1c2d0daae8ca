"""Register the compiled stack through the public components and return the stack outputs."""

from __future__ import annotations

from typing import Any

import pulumi

from ecr_access.components.ecr_repository import EcrRepository
from ecr_access.components.repo_policy import RepoPolicy
from ecr_access.components.repository_key import RepositoryKey  # loaded by EcrRepository anyway
from ecr_access.stack.access import deploy_access
from ecr_access.stack.args import key_args, repo_policy_args, repository_args
from ecr_access.stack.compile import CompiledStack
from ecr_access.stack.ordering import key_owner
from ecr_access.stack.regions import deploy_cache_policy, deploy_regions, scanned_regions
from ecr_access.stack.registry import deploy_registry_settings


def deploy(compiled: CompiledStack) -> dict[str, Any]:
    """Create every component of the stack; returns the outputs to export."""
    for warning in compiled.warnings:
        pulumi.log.warn(warning)
    # Principals first: resource policies that name one of them depend on its IAM resource.
    components: dict[tuple[str, str], Any] = {}
    access_outputs = deploy_access(compiled, components)

    def named_by(owner: str) -> tuple[pulumi.Resource, ...]:
        # The IAM user or role of each principal `owner`'s documents name (groups are never named).
        keys = [key for key in compiled.principals_named_by(owner) if key in components]
        return tuple(components[key].user if key[0] == "user" else components[key].role for key in keys)

    # Keys before the repositories they encrypt; a key waits for the users and roles its policy names.
    keys = {k.spec.name: RepositoryKey(k.spec.name, key_args(k, compiled, named_by(key_owner(k.spec.name)))) for k in compiled.keys}
    repositories = {}
    scanned = scanned_regions(compiled)  # a repository's own scanOnPush gives way to its region's scanning configuration
    for r in compiled.repositories:
        repo = repositories[r.spec.name] = EcrRepository(r.spec.name, repository_args(r.spec, r.spec.region in scanned, keys))
        if r.repository_policy is not None:
            # Under its repository in the plan; the name output makes the policy wait for the repository.
            RepoPolicy(
                f"{r.spec.name}-policy", repo_policy_args(r, repo, named_by(r.spec.name)),
                opts=pulumi.ResourceOptions(parent=repo),
            )
    outputs: dict[str, Any] = {
        "registryId": compiled.config.registry.account,
        "registryUrl": compiled.config.registry.host,
        "repositoryUrls": {name: repo.repository_url for name, repo in repositories.items()},
        "repositoryArns": {name: repo.arn for name, repo in repositories.items()},
        **access_outputs,
    }
    if keys:
        outputs["kmsKeyArns"] = {name: key.arn for name, key in keys.items()}
    registry = deploy_cache_policy(compiled, named_by)  # aws:region's (other regions: deploy_regions)
    if registry is not None:
        outputs["pullThroughCacheUrls"] = {c.spec.prefix: c.cache_url for c in compiled.pull_through_caches if c.spec.region is None}
        outputs["pullThroughCacheUpstreams"] = registry.upstream_urls
        outputs["registryPolicy"] = registry.registry_policy_json
    outputs.update(deploy_registry_settings(compiled, named_by))
    if compiled.config.pull_time_update_exclusions:
        from ecr_access.stack.exclusions import deploy_exclusions

        outputs.update(deploy_exclusions(compiled, components))
    if compiled.notifications:
        from ecr_access.stack.notifications import deploy_notifications

        outputs.update(deploy_notifications(compiled, keys))
    outputs.update(deploy_regions(compiled, named_by))
    return outputs
