"""Compile declared repositories: ARNs, URLs, lifecycle and repository policies, all computed up front."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.config.blame import blame
from ecr_access.features.repositories.config import RepositorySpec
from ecr_access.features.repository_policy.compile import compile_repository_policy
from ecr_access.iam.arns import Registry
from ecr_access.iam.grants import Grant
from ecr_access.iam.merge import Contribution
from ecr_access.iam.validate import RenderedPolicy


@dataclass(frozen=True)
class CompiledRepository:
    """A repository ready to register: its spec, computed ARN and URL, rendered lifecycle and repository policies."""

    spec: RepositorySpec
    arn: str
    url: str
    lifecycle_policy: RenderedPolicy | None
    repository_policy: RenderedPolicy | None = None
    # The Grants its repository policy was built from (their grantees: the principals the policy names).
    policy_grants: tuple[Grant, ...] = ()


def compile_repository(
    spec: RepositorySpec, registry: Registry, policy_contributions: list[Contribution] | tuple[Contribution, ...] = ()
) -> CompiledRepository:
    """Compile one repository; bad documents are ConfigErrors at the config path that produced them."""
    lifecycle = None
    if spec.settings.lifecycle is not None:
        with blame(f"{spec.path}.lifecycle"):
            lifecycle = spec.settings.lifecycle.rendered(spec.name)
    home = registry.in_region(spec.region)  # the registry of the repository's own region
    return CompiledRepository(
        spec=spec,
        arn=home.repository_arn(spec.name),
        url=home.repository_url(spec.name),
        lifecycle_policy=lifecycle,
        repository_policy=compile_repository_policy(spec.name, spec.path, list(policy_contributions)),
        policy_grants=tuple(g for c in policy_contributions if c.repository == spec.name for g in c.grants),
    )
