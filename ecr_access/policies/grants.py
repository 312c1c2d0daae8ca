"""Grants: (target repositories, access levels, extra actions, conditions), from which every document derives."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.policies.arns import Registry
from ecr_access.policies.document import Condition
from ecr_access.policies.levels import Level, actions_for


@dataclass(frozen=True)
class Target:
    """The repositories a grant covers: named repositories and whole namespaces (`team-a` = `team-a/*`)."""

    repositories: tuple[str, ...] = ()
    namespaces: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "repositories", tuple(sorted(set(self.repositories))))
        object.__setattr__(self, "namespaces", tuple(sorted({n.rstrip("/*").rstrip("/") for n in self.namespaces})))

    def resource_arns(self, registry: Registry) -> tuple[str, ...]:
        """Repository ARNs and namespace wildcard ARNs of this target, sorted."""
        arns = [registry.repository_arn(r) for r in self.repositories]
        arns += [registry.namespace_arn(n) for n in self.namespaces]
        return tuple(sorted(arns))

    def covers(self, repository: str) -> bool:
        """True when the named repository falls under this target (present or created later)."""
        return repository in self.repositories or any(repository.startswith(f"{n}/") for n in self.namespaces)

    @property
    def is_empty(self) -> bool:
        """True when the target names nothing."""
        return not self.repositories and not self.namespaces


@dataclass(frozen=True)
class Grant:
    """Access to a target: the levels (which combine), any extra named actions, and conditions on the request."""

    target: Target
    levels: frozenset[Level] = frozenset()
    actions: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "levels", frozenset(self.levels))
        object.__setattr__(self, "actions", tuple(sorted(set(self.actions))))

    @property
    def all_actions(self) -> tuple[str, ...]:
        """Every action the grant allows on its target, sorted."""
        return tuple(sorted(set(actions_for(self.levels)) | set(self.actions)))
