"""Compile declared repositories: ARNs, URLs, lifecycle and repository policies, all computed up front."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.config.blame import blame
from ecr_access.features.repositories.config import RepositorySpec
from ecr_access.features.repositories.settings import RepositorySettings
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


def compile_lifecycle(settings: RepositorySettings, path: str, label: str) -> RenderedPolicy | None:
    """The lifecycle policy of the settings written at `path` (a repository, a template), rendered and validated; None
    when it has none. A bad one is a ConfigError at `<path>.lifecycle`."""
    if settings.lifecycle is None:
        return None
    with blame(f"{path}.lifecycle"):
        return settings.lifecycle.rendered(label)


def compile_repository(
    spec: RepositorySpec, registry: Registry, policy_contributions: list[Contribution] | tuple[Contribution, ...] = ()
) -> CompiledRepository:
    """Compile one repository; bad documents are ConfigErrors at the config path that produced them."""
    home = registry.in_region(spec.region)  # the registry of the repository's own region
    return CompiledRepository(
        spec=spec,
        arn=home.repository_arn(spec.name),
        url=home.repository_url(spec.name),
        lifecycle_policy=compile_lifecycle(spec.settings, spec.path, spec.name),
        repository_policy=compile_repository_policy(spec.name, spec.path, list(policy_contributions)),
        policy_grants=tuple(g for c in policy_contributions if c.repository == spec.name for g in c.grants),
    )
