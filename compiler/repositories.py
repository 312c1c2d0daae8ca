"""Compile declared repositories: ARNs, URLs and lifecycle policies, all computed up front."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.errors import blame
from model.repositories import RepositorySpec
from policies.arns import Registry
from policies.validate import RenderedPolicy


@dataclass(frozen=True)
class CompiledRepository:
    """A repository ready to register: its spec, its computed ARN and URL, its rendered lifecycle policy."""

    spec: RepositorySpec
    arn: str
    url: str
    lifecycle_policy: RenderedPolicy | None


def compile_repository(spec: RepositorySpec, registry: Registry) -> CompiledRepository:
    """Compile one repository; a bad lifecycle policy is a ConfigError at `<repository>.lifecycle`."""
    lifecycle = None
    if spec.settings.lifecycle is not None:
        with blame(f"{spec.path}.lifecycle"):
            lifecycle = spec.settings.lifecycle.rendered(spec.name)
    return CompiledRepository(
        spec=spec, arn=registry.repository_arn(spec.name), url=registry.repository_url(spec.name), lifecycle_policy=lifecycle
    )
