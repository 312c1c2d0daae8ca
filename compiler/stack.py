"""Compile a whole stack: every document built, validated and size-checked, or one ConfigError."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.principals import CompiledPrincipal, compile_access
from compiler.repositories import CompiledRepository, compile_repository
from model.errors import Problems
from model.stack import StackConfig
from policies.validate import RenderedPolicy


@dataclass(frozen=True)
class CompiledStack:
    """Everything the components register, computed without touching AWS."""

    config: StackConfig
    repositories: tuple[CompiledRepository, ...]
    principals: tuple[CompiledPrincipal, ...] = ()

    def principals_of(self, kind: str) -> tuple[CompiledPrincipal, ...]:
        """The compiled users, groups or roles (`kind` = user, group, role), in config order."""
        return tuple(p for p in self.principals if p.spec.kind == kind)

    def documents(self) -> list[RenderedPolicy]:
        """Every rendered document of the stack, for reports and quota figures."""
        docs = [r.lifecycle_policy for r in self.repositories if r.lifecycle_policy is not None]
        for principal in self.principals:
            docs += [p.document for p in principal.policies]
            docs += [principal.trust_policy] if principal.trust_policy else []
        return docs


def compile_stack(config: StackConfig) -> CompiledStack:
    """Compile the stack; every problem in every entry is reported at once."""
    problems = Problems()
    repositories = []
    for spec in config.repositories:
        with problems.collect():
            repositories.append(compile_repository(spec, config.registry))
    principals: tuple[CompiledPrincipal, ...] = ()
    with problems.collect():
        principals = compile_access(config.access, config.registry)
    problems.raise_if_any()
    return CompiledStack(config=config, repositories=tuple(repositories), principals=principals)
