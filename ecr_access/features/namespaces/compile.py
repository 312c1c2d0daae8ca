"""Compile a team namespace: its creation template's lifecycle policy, rendered and validated."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.features.namespaces.config import NamespaceSpec
from ecr_access.features.repositories.compile import compile_lifecycle
from ecr_access.iam.validate import RenderedPolicy


@dataclass(frozen=True)
class CompiledNamespace:
    """A team namespace ready to register: its spec and its template's rendered lifecycle policy."""

    spec: NamespaceSpec
    lifecycle_policy: RenderedPolicy | None


def compile_namespace(spec: NamespaceSpec) -> CompiledNamespace:
    """Compile one namespace; a bad lifecycle policy is a ConfigError at `<namespace>.lifecycle`."""
    lifecycle = compile_lifecycle(spec.template.settings, spec.path, f"{spec.name} template")
    return CompiledNamespace(spec=spec, lifecycle_policy=lifecycle)
