"""`ecr-access:namespaces`: team namespaces, each a creation template for its prefix (create-on-push) and its grants."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, model_validator

from ecr_access.config.base import NO_VALUE, Bool, Maybe, OneOrList, OneOrMany, Str, fail, field, refusals, refused_when
from ecr_access.config.constraints import shape, shaped
from ecr_access.config.errors import Problems
from ecr_access.config.sections import unique_entries
from ecr_access.features.namespaces.templates import CreationTemplate, TemplateConfig
from ecr_access.features.principals.grants import AccessKeys, named_actions
from ecr_access.features.repositories.settings import REPOSITORY_NAME, RepositorySettings
from ecr_access.iam.arns import Registry
from ecr_access.iam.grants import Grant, Placement, Target

ROOT = "ROOT"
PRINCIPAL_KINDS = {"users": "user", "groups": "group", "roles": "role"}
CREATE_ON_PUSH = "CREATE_ON_PUSH"
PULL_THROUGH_CACHE = "PULL_THROUGH_CACHE"
DEFAULT_APPLIED_FOR = (CREATE_ON_PUSH,)


@dataclass(frozen=True)
class Holder:
    """A principal the stack declares, named in a namespace's `grants[j]`: it holds the grant sourced at `grant`."""

    grant: str  # the source (config path) of the grant held
    kind: str
    name: str
    path: str  # the config path of the name


@dataclass(frozen=True)
class NamespaceSpec:
    """One team namespace: its creation template, when ECR applies it, its grants on `<name>/*` (identity grants, each
    sourced at its entry) and who holds them."""

    name: str
    path: str
    template: CreationTemplate
    applied_for: tuple[str, ...] = DEFAULT_APPLIED_FOR
    grants: tuple[Grant, ...] = ()
    holders: tuple[Holder, ...] = ()


def namespace_template_description(name: str) -> str:
    """The description of a namespace's creation template when none is given."""
    return f"Repositories created under {name}/ (ecr-access namespace)"


# The rules of a namespace, each one function the config and the TeamNamespace component ask (a message, or None).
def namespace_name_problem(value: str) -> str | None:
    """Why `value` cannot name a namespace: a template prefix ECR accepts that is also a repository name prefix (the
    namespace ARN is `repository/<name>/*`), or ROOT; None when it can."""
    problem = shape("ecr", "Prefix").problem(value)
    if problem or value.endswith("/"):
        return f"is not a namespace ECR accepts: {problem or 'must not end with /'}"
    problem = shape("ecr", "RepositoryName").problem(value)
    return f"{REPOSITORY_NAME}: {problem}" if value != ROOT and problem else None


def applied_for_problem(values: Sequence[str]) -> str | None:
    """Why a template cannot apply for `values` (none at all), or None."""
    return None if values else "is empty; a template applies for at least one of CREATE_ON_PUSH, REPLICATION, PULL_THROUGH_CACHE"


def root_problems(name: str, allow_root_template: bool | None, applied_for: Sequence[str]) -> list[tuple[str, str, Any]]:
    """What is refused about a ROOT template, as (key, message, value): ROOT unconfirmed by `allowRootTemplate`, which
    applies to ROOT only (`allow_root_template` None: not given)."""
    problems: list[tuple[str, str, Any]] = []
    if name == ROOT and not allow_root_template:
        problems.append(("name", _root_risk(applied_for or DEFAULT_APPLIED_FOR), ROOT))
    if allow_root_template is not None and name != ROOT:
        problems.append(("allowRootTemplate", "applies only to the ROOT namespace", allow_root_template))
    return problems


def _applied_for(values: tuple[str, ...]) -> tuple[str, ...]:
    problem = applied_for_problem(values)
    if problem:
        raise fail(problem)
    return tuple(sorted(set(values)))


NamespaceName = Annotated[Str, refused_when(namespace_name_problem)]
AppliedFor = Annotated[OneOrMany(shaped("ecr", "RCTAppliedFor")), AfterValidator(_applied_for)]


class NamespaceGrantConfig(AccessKeys):
    """A grant on the whole namespace (`<name>/*`) for users, groups or roles this stack declares."""

    users: Maybe(OneOrList(Str), "a list") = field("Users declared in `ecr-access:users`.", None)
    groups: Maybe(OneOrList(Str), "a list") = field("Groups declared in `ecr-access:groups`.", None)
    roles: Maybe(OneOrList(Str), "a list") = field("Roles declared in `ecr-access:roles`.", None)

    def holders(self, path: str) -> tuple[Holder, ...]:
        """Every principal named, holding the grant sourced at `path`."""
        out = []
        for key, kind in PRINCIPAL_KINDS.items():
            value = getattr(self, key)
            for i, name in enumerate([value] if isinstance(value, str) else value or []):
                out.append(Holder(path, kind, name, f"{path}.{key}" + ("" if isinstance(value, str) else f"[{i}]")))
        return tuple(out)

    @model_validator(mode="after")
    def _consistent(self) -> NamespaceGrantConfig:
        problems = self.access_problems() + self.scoped_action_problems()
        if not self.holders(""):
            problems.append(("", "names no principal; add users, groups or roles declared in this stack", NO_VALUE))
        if problems:
            raise refusals(problems)
        return self

    def grant(self, path: str, namespace: str) -> Grant:
        """The identity grant on `namespace`, sourced at `path`; ecr:TagResource is added with every namespace known
        (nested templates decide it)."""
        return Grant(target=Target(namespaces=(namespace,)), levels=self.all_levels,
                     actions=named_actions(self.actions or (), targeted=True), placement=Placement.IDENTITY, source=path)


class NamespaceConfig(TemplateConfig):
    """A team namespace: the creation template ECR applies under its prefix, and who may use it."""

    name: NamespaceName = field(
        "The prefix (repository-name segments, no trailing `/`), or `ROOT` (every repository without a more specific "
        "template; needs `allowRootTemplate`). Unique.")
    applied_for: Maybe(AppliedFor, "a list") = field(
        "When ECR applies the template: `CREATE_ON_PUSH`, `REPLICATION`, `PULL_THROUGH_CACHE`. Default `[CREATE_ON_PUSH]`.", None)
    allow_root_template: Maybe(Bool, "true or false") = field("Confirms a `ROOT` template. Default `false`.", None)
    grants: Maybe(list[NamespaceGrantConfig], "a list") = field(
        "Grants on the whole namespace (`<name>/*`) for principals this stack declares: `users`/`groups`/`roles` and "
        "`levels`/`actions`.", None)

    @model_validator(mode="after")
    def _root(self) -> NamespaceConfig:
        problems: list[tuple[Any, str, Any]] = list(root_problems(self.name, self.allow_root_template, self.applied_for or ()))
        if self.grants and self.name == ROOT:
            problems.append(("grants", "ROOT has no namespace ARN to scope a grant to; grant each team prefix instead", NO_VALUE))
        if problems:
            raise refusals(problems)
        return self


def _root_risk(applied_for: Sequence[str]) -> str:
    # Why a ROOT template needs allowRootTemplate: what it would apply to, scenario by scenario.
    reach = {
        CREATE_ON_PUSH: "with CREATE_ON_PUSH it lets every principal that may push (ecr:CreateRepository on any repository) "
        "create repositories anywhere in the registry",
        PULL_THROUGH_CACHE: "with PULL_THROUGH_CACHE it shapes the repositories of every pull-through cache rule without a "
        "template of its own (every ecr-access:pullThroughCache entry has its own, so only rules made outside this stack)",
        "REPLICATION": "with REPLICATION it shapes every repository replicated into this registry without a more specific template",
    }
    why = "; ".join(reach[s] for s in (CREATE_ON_PUSH, PULL_THROUGH_CACHE, "REPLICATION") if s in applied_for)
    return (
        f"a ROOT template applies to every repository without a more specific template: {why}; "
        "name a team prefix, or set allowRootTemplate: true on this entry if that is intended"
    )


def read_namespaces(value: Any, path: str, defaults: RepositorySettings, registry: Registry, problems: Problems,
                    context: dict[str, Any]) -> tuple[NamespaceSpec, ...]:
    """Read `ecr-access:namespaces`; every entry's problems are reported together."""
    out = []
    for at, entry in unique_entries(value, path, NamespaceConfig, problems, context, lambda ns: ns.name, "name", "is declared twice"):
        template = entry.template(defaults, registry, namespace_template_description(entry.name), at, problems)
        if template is None:
            continue
        paths = [(f"{at}.grants[{i}]", g) for i, g in enumerate(entry.grants or ())]
        out.append(NamespaceSpec(name=entry.name, path=at, template=template,
                                 applied_for=entry.applied_for or DEFAULT_APPLIED_FOR,
                                 grants=tuple(g.grant(path, entry.name) for path, g in paths),
                                 holders=tuple(h for path, g in paths for h in g.holders(path))))
    return tuple(out)
