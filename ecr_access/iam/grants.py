"""Grants: the one shape of access, from which every document derives.

A Grant says what (levels and extra actions on a target of repositories and namespaces, under conditions), to whom
when the document is a resource policy (`grantee`), where it is placed (an identity, repository or registry policy),
and where it came from (`source`: the config path or component argument that wrote it). Dependency edges and error
blame are read from `grantee`, `placement` and `source`, never from a rendered document.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum
from typing import Protocol

from ecr_access.iam import catalog
from ecr_access.iam.document import Condition
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.levels import AUTH_TOKEN_ACTION, CREATE_REPOSITORY_ACTION, Level, actions_for, parse_level
from ecr_access.iam.principals import Principals


class Placement(str, Enum):
    """The document a grant is written into."""

    IDENTITY = "identity"
    REPOSITORY = "repository"
    REGISTRY = "registry"
    # A KMS key's policy: the grantee may use the key through ECR for the target's repositories (pull: decrypt their
    # images, push: encrypt new ones).
    KEY = "key"


class NamedRepository(Protocol):
    """Anything naming one repository (an EcrRepository component has `repository_name`)."""

    @property
    def repository_name(self) -> str:
        """The repository's name."""
        ...


class NamedNamespace(Protocol):
    """Anything naming one namespace (a TeamNamespace component has `namespace_name`)."""

    @property
    def namespace_name(self) -> str:
        """The namespace's prefix."""
        ...


RepositoryRef = str | NamedRepository
NamespaceRef = str | NamedNamespace


def namespaces_above(name: str) -> list[str]:
    """The namespaces a repository or namespace name lies under, outermost first (`a/b/c` -> `a`, `a/b`)."""
    parts = name.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _repository(ref: RepositoryRef) -> str:
    return ref if isinstance(ref, str) else ref.repository_name


def _namespace(ref: NamespaceRef) -> str:
    return ref if isinstance(ref, str) else ref.namespace_name


@dataclass(frozen=True)
class Target:
    """The repositories a grant covers: named repositories and whole namespaces (`team-a` = `team-a/*`).

    `regions` says where a name lies outside the registry's own region: (`<repository>` or `<namespace>/*`, its
    regions) pairs. Empty in a stack of one region; a grant on an EcrRepository given a region carries it, and the
    stack places the names it declares in other regions (a namespace may span several).
    """

    repositories: tuple[str, ...] = ()
    namespaces: tuple[str, ...] = ()
    regions: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        placed: dict[str, set[str]] = {}
        for key, found in self.regions:
            placed.setdefault(key, set()).update(found)
        object.__setattr__(self, "repositories", tuple(sorted({_repository(r) for r in self.repositories})))
        object.__setattr__(
            self, "namespaces", tuple(sorted({_namespace(n).rstrip("/*").rstrip("/") for n in self.namespaces}))
        )
        object.__setattr__(self, "regions", tuple(sorted((key, tuple(sorted(found))) for key, found in placed.items() if found)))

    def covers(self, repository: str) -> bool:
        """True when the named repository falls under this target (present or created later)."""
        return repository in self.repositories or any(repository.startswith(f"{n}/") for n in self.namespaces)

    @property
    def is_empty(self) -> bool:
        """True when the target names nothing."""
        return not self.repositories and not self.namespaces


@dataclass(frozen=True)
class Grantee:
    """Who a resource-policy grant admits: principals, the conditions that narrow them, and a Sid word for them."""

    principals: Principals
    conditions: tuple[Condition, ...] = ()
    kind: str = "Principals"

    @property
    def aws_principals(self) -> tuple[str, ...]:
        """The IAM principals (ARNs or accounts) it names: what a policy naming them must wait for."""
        return self.principals.aws


@dataclass(frozen=True)
class Grant:
    """Access to a target: the levels (which combine), extra named actions, conditions on the request; for a
    resource policy, the grantee; the document it is placed in, and the config path or argument it came from.

    `levels` may be given as Level values or their names (`"pull"`); an unknown name stays as written, for
    `problems()` to report.
    """

    target: Target = Target()
    levels: frozenset[Level | str] = frozenset()  # an unknown name stays a str (see `problems()`)
    actions: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    grantee: Grantee | None = None
    placement: Placement = Placement.IDENTITY
    source: str = ""

    def __post_init__(self) -> None:
        levels = [self.levels] if isinstance(self.levels, (str, Level)) else self.levels
        object.__setattr__(self, "levels", frozenset(_level(v) for v in levels))
        actions = [self.actions] if isinstance(self.actions, str) else self.actions
        object.__setattr__(self, "actions", tuple(sorted(set(actions))))
        object.__setattr__(self, "conditions", tuple(self.conditions))

    @classmethod
    def on(
        cls, *repositories: RepositoryRef, levels: Iterable[Level | str] = (), actions: Iterable[str] = (),
        conditions: Iterable[Condition] = (), namespaces: Iterable[NamespaceRef] = (),
    ) -> Grant:
        """An identity grant on repositories (EcrRepository components or names) and namespaces."""
        # An EcrRepository given a region places the grant there (`repository_region`; None: the registry's own).
        placed = tuple((_repository(r), (region,)) for r in repositories
                       if not isinstance(r, str) and (region := getattr(r, "repository_region", None)) is not None)
        return cls(
            Target(tuple(_repository(r) for r in repositories), tuple(_namespace(n) for n in namespaces), placed),
            frozenset(levels), tuple(actions), tuple(conditions)
        )

    @classmethod
    def on_namespace(
        cls, *namespaces: NamespaceRef, levels: Iterable[Level | str] = (), actions: Iterable[str] = (),
        conditions: Iterable[Condition] = (),
    ) -> Grant:
        """An identity grant on every repository under the namespaces (TeamNamespace components or prefixes)."""
        return cls.on(levels=levels, actions=actions, conditions=conditions, namespaces=namespaces)

    @classmethod
    def allow(
        cls, grantee: Grantee, *, levels: Iterable[Level | str] = (), actions: Iterable[str] = (),
        conditions: Iterable[Condition] = (),
    ) -> Grant:
        """A repository-policy grant: `grantee` gets the levels and actions on the repository holding the policy."""
        return cls(
            levels=frozenset(levels), actions=tuple(actions), conditions=tuple(conditions), grantee=grantee,
            placement=Placement.REPOSITORY,
        )

    def to(self, grantee: Grantee) -> Grant:
        """The same access given to `grantee` by a repository policy."""
        return replace(self, grantee=grantee, placement=Placement.REPOSITORY)

    def placed(self, placement: Placement, source: str) -> Grant:
        """The same grant, written into `placement`, blamed on `source`."""
        placed = copy.copy(self)  # already normalized: no second __post_init__ (a stack places thousands)
        object.__setattr__(placed, "placement", placement)
        object.__setattr__(placed, "source", source)
        return placed

    @property
    def all_actions(self) -> tuple[str, ...]:
        """Every action the grant allows on its target, sorted."""
        known = frozenset(level for level in self.levels if isinstance(level, Level))  # unknown: see problems()
        return tuple(sorted(set(actions_for(known)) | set(self.actions)))

    def problems(self) -> list[tuple[str, str, object]]:
        """What is wrong with this grant for its placement, as (field, message, value); empty when it is sound.

        Checks the levels and actions against the catalog and the target against the placement; the documents built
        from it are validated again as a whole (ecr_access.iam.validate).
        """
        out: list[tuple[str, str, object]] = []
        for level in sorted(self.levels, key=str):
            if not isinstance(level, Level):
                out.append(("levels", _unknown_level(level), level))
        if not self.levels and not self.actions:
            out.append(("levels", "a grant needs levels (pull, push, read, create, admin) or actions", []))
        wildcard_only = []
        for i, action in enumerate(self.actions):
            if not action.lower().startswith("ecr:"):
                out.append((f"actions[{i}]", "is not an ECR action (ecr:...); grants give ECR access only", action))
                continue
            try:
                infos = catalog.expand(action)
            except PolicyError as err:
                out.append((f"actions[{i}]", str(err), action))
                continue
            wildcard_only.append(all(info.wildcard_only for info in infos))
            if self.placement is not Placement.IDENTITY and AUTH_TOKEN_ACTION in {info.name for info in infos}:
                out.append((f"actions[{i}]", f"has no effect in a resource policy: {AUTH_TOKEN_ACTION} is granted by "
                            "identity policy", action))
        out += self._target_problems(all(wildcard_only) and bool(self.actions))
        return out

    def _target_problems(self, only_wildcard_actions: bool) -> list[tuple[str, str, object]]:
        out: list[tuple[str, str, object]] = []
        if self.placement is Placement.IDENTITY:
            if self.grantee is not None:
                out.append(("grantee", "an identity grant admits whoever holds it; give a grantee only in a "
                            "repository policy", self.grantee.kind))
            if self.target.is_empty and (self.levels or not only_wildcard_actions):
                out.append(("target", "needs repositories or namespaces", []))
            if Level.CREATE in self.levels and self.target.repositories:
                out.append(("levels", f"level create applies to namespaces ({CREATE_REPOSITORY_ACTION} on "
                            "<namespace>/*), not to named repositories", list(self.target.repositories)))
            return out
        if self.grantee is None:
            out.append(("grantee", f"a {self.placement.value} policy grant needs a grantee (who gets the access)", None))
        if Level.CREATE in self.levels:
            out.append(("levels", "level create is an identity grant; a repository policy applies to a repository "
                        "that already exists", "create"))
        if self.placement is Placement.KEY and (self.target.namespaces or not self.target.repositories):
            out.append(("target", "a key policy grant names the repositories the key encrypts (not namespaces)",
                        list(self.target.namespaces)))
        return out


def _level(value: Level | str) -> Level | str:
    if isinstance(value, Level):
        return value
    try:
        return parse_level(str(value))
    except ValueError:
        return value


def _unknown_level(value: object) -> str:
    try:
        parse_level(str(value))
    except ValueError as err:
        return str(err)
    return f"is not a level: {value!r}"  # pragma: no cover - _level would have parsed it


def named_aws_principals(grants: Iterable[Grant]) -> frozenset[str]:
    """The IAM principals the grantees of resource-policy grants name (what those policies must wait for)."""
    return frozenset(arn for g in grants if g.grantee is not None for arn in g.grantee.aws_principals)
