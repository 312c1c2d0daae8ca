"""Compile a whole stack: every document built, validated and size-checked, or one ConfigError."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.pull_through import CompiledCache, compile_cache
from compiler.registry_policy import compile_registry_policy
from compiler.repositories import CompiledRepository, compile_repository
from model.errors import Problems
from model.stack import StackConfig
from policies.registry_policy import RegistryContribution
from policies.validate import RenderedPolicy


@dataclass(frozen=True)
class CompiledStack:
    """Everything the components register, computed without touching AWS.

    `registry_policy` is the registry's ONE policy (AWS keeps one per registry and region): features add
    `RegistryContribution`s in `compile_stack`, never a document or resource of their own.
    """

    config: StackConfig
    repositories: tuple[CompiledRepository, ...]
    pull_through_caches: tuple[CompiledCache, ...] = ()
    registry_policy: RenderedPolicy | None = None

    def documents(self) -> list[RenderedPolicy]:
        """Every rendered document of the stack, for reports and quota figures."""
        docs = [r.lifecycle_policy for r in self.repositories if r.lifecycle_policy is not None]
        docs += [c.lifecycle_policy for c in self.pull_through_caches if c.lifecycle_policy is not None]
        return docs + ([self.registry_policy] if self.registry_policy is not None else [])


def compile_stack(config: StackConfig) -> CompiledStack:
    """Compile the stack; every problem in every entry is reported at once."""
    problems = Problems()
    repositories = []
    for spec in config.repositories:
        with problems.collect():
            repositories.append(compile_repository(spec, config.registry))
    caches = []
    for cache in config.pull_through_caches:
        with problems.collect():
            caches.append(compile_cache(cache, config.registry))
    problems.raise_if_any()
    # Every registry policy contributor goes here (replication, cross-account access, ...): one merged document.
    contributions: list[RegistryContribution] = [c.contribution for c in caches if c.contribution is not None]
    registry_policy = compile_registry_policy(contributions, config.registry_policy_scope)
    return CompiledStack(
        config=config, repositories=tuple(repositories), pull_through_caches=tuple(caches), registry_policy=registry_policy
    )
