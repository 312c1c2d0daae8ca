"""Register the compiled stack as components and return the stack outputs."""

from __future__ import annotations

from typing import Any

from compiler.stack import CompiledStack
from components.ecr_repository import EcrRepository, EcrRepositoryArgs
from stack.access import deploy_access


def deploy(compiled: CompiledStack) -> dict[str, Any]:
    """Create every component of the stack; returns the outputs to export."""
    repositories = {
        r.spec.name: EcrRepository(r.spec.name, EcrRepositoryArgs(repository=r)) for r in compiled.repositories
    }
    return {
        "registryId": compiled.config.registry.account,
        "registryUrl": compiled.config.registry.host,
        "repositoryUrls": {name: repo.repository_url for name, repo in repositories.items()},
        "repositoryArns": {name: repo.arn for name, repo in repositories.items()},
        **deploy_access(compiled),
    }
