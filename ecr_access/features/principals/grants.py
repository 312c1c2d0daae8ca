"""Grant entries: which access (levels, actions), on which target (repositories, namespaces), under which conditions.

`AccessKeys` (levels and actions) are shared by every kind of grant: a principal's, a namespace's, a repository policy's.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo, model_validator

from ecr_access.config.base import NO_VALUE, Bool, ConfigModel, Maybe, OneOrMany, Str, context, fail, field, refusals
from ecr_access.config.constraints import shape
from ecr_access.features.repositories.settings import REPOSITORY_NAME
from ecr_access.iam import catalog
from ecr_access.iam.document import Condition
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.grants import Grant, Target
from ecr_access.iam.guardrails import registry_admin
from ecr_access.iam.levels import (
    AUTH_TOKEN_ACTION,
    CONTROL_ACTIONS,
    Level,
    parse_level,
)

# A pattern may not reach these: administering or creating repositories is said with a level (admin, create) or by
# naming each action, never by a wildcard that happens to match them (`ecr:*` on a repository is 35 actions). Nor may
# a pattern reach the registry-wide admin actions (registry policy, replication, caches, templates; the shared
# `registry_admin` rule the CrossGuard pack applies too): those are named one by one.
_SHOWN_FIRST = ("ecr:DeleteRepository", "ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy", "ecr:PutLifecyclePolicy")
_NOT_BY_PATTERN = CONTROL_ACTIONS
_NAME_RULE = "lowercase letters and digits, separated by . _ - or /"


def _level(value: str) -> Level:
    try:
        return parse_level(value)
    except ValueError as err:
        raise fail(str(err)) from None


def _ecr_action(value: str) -> str:
    if not value.lower().startswith("ecr:"):
        # Grants are about repositories and the registry; other services' permissions belong elsewhere.
        raise fail("is not an ECR action (ecr:...); grants give ECR access only")
    try:
        infos = catalog.expand(value)
    except PolicyError as err:
        raise fail(str(err)) from None
    if not registry_admin.is_pattern(value):
        return value
    names = {info.name for info in infos} & _NOT_BY_PATTERN
    risky = [a for a in _SHOWN_FIRST if a in names] + sorted(names - set(_SHOWN_FIRST))
    registry = registry_admin.registry_admin_reached(value)
    why = []
    if risky:
        few = ", ".join(risky[:3]) + (f" and {len(risky) - 3} more" if len(risky) > 3 else "")
        why.append(f"is a pattern that matches actions which change, delete or create repositories ({few}): "
                   "give level admin to administer a repository (or create for a namespace), or name each action you mean")
    if registry:
        why.append(f"{'it also matches' if risky else 'is a pattern that matches'} registry-wide admin actions "
                   f"({', '.join(registry)}): name each one you mean, so that policies and the access report show it")
    if why:
        raise fail("; ".join(why))
    return value


def _name_of(name: str, what: str) -> None:
    # The messages name the value as written (`team-a/*`), and say why `*` is wrong rather than that it is short.
    if "*" in name or "?" in name:
        raise fail(f"may not hold * or ?: {what} is {_NAME_RULE} (a namespace such as team-a covers every repository under team-a/)")
    problem = shape("ecr", "RepositoryName").problem(name)
    if problem:
        raise fail(f"{REPOSITORY_NAME}: {problem}")


def _declared(value: str, info: ValidationInfo) -> str:
    _name_of(value, "a repository")
    if value not in context(info, "declared", frozenset()):
        raise fail("is not declared in ecr-access:repositories (grant a namespace for repositories made elsewhere)")
    return value


def _namespace(value: str) -> str:
    bare = value[:-2] if value.endswith("/*") else value.rstrip("/")
    _name_of(bare, "a namespace")
    return bare


def _ip_range(value: str) -> str:
    try:
        return str(ipaddress.ip_network(value, strict=True))
    except ValueError:
        raise fail("is not an IP address or CIDR range (e.g. 203.0.113.0/24, host bits zero)") from None


LevelName = Annotated[Str, AfterValidator(_level), Field(json_schema_extra={"enum": [lv.value for lv in Level]})]
EcrAction = Annotated[Str, Field(json_schema_extra={"pattern": "^[eE][cC][rR]:"}), AfterValidator(_ecr_action)]
DeclaredRepository = Annotated[Str, AfterValidator(_declared)]
Namespace = Annotated[Str, AfterValidator(_namespace)]
IpRange = Annotated[Str, AfterValidator(_ip_range)]
_LEVELS = ("`pull` (BatchGetImage, GetDownloadUrlForLayer, BatchCheckLayerAvailability), `push` (pull + upload actions), "
           "`read` (Describe*/List*/Get* metadata), `create` (namespaces), `admin` (everything that administers the "
           "repository). Levels combine.")


class AccessKeys(ConfigModel):
    """What a grant gives: levels and/or named ECR actions."""

    level: Maybe(OneOrMany(LevelName), "a list") = field(f"An access level: {_LEVELS}", None)
    levels: Maybe(OneOrMany(LevelName), "a list") = field(f"Access levels: {_LEVELS}", None)
    actions: Maybe(OneOrMany(EcrAction), "a list") = field(
        "Extra named ECR actions (e.g. `ecr:ListImages`). Patterns such as `ecr:Describe*` become the actions they match "
        "in the AWS catalog today; a pattern matching an action that changes, deletes or creates repositories (`ecr:*`, "
        "`ecr:Put*`) is refused: use `admin` or `create`, or name the actions; so is a pattern matching a registry-wide "
        "admin action (registry policy, replication, pull-through cache rules, creation templates: `ecr:*Registry*`): "
        "name each one.", None)

    @property
    def all_levels(self) -> frozenset[Level]:
        """`level` and `levels` together."""
        return frozenset((self.level or ()) + (self.levels or ()))

    def scoped_action_problems(self) -> list[tuple[Any, str, Any]]:
        """The actions that cannot be limited to the grant's target (they accept only Resource "*")."""
        return [
            (("actions", i), 'accepts only Resource "*", so it cannot be limited to repositories; put it in a grant without '
             "a target", action)
            for i, action in enumerate(self.actions or ())
            if all(info.wildcard_only for info in catalog.expand(action)) and action.lower() != AUTH_TOKEN_ACTION.lower()
        ]

    def access_problems(self) -> list[tuple[Any, str, Any]]:
        """Why the entry gives no access, if it does not."""
        if not self.all_levels and not self.actions:
            return [("", "needs levels (pull, push, read, create, admin) or actions", NO_VALUE)]
        return []


class GrantConfig(AccessKeys):
    """One grant of a user, group or role: a target and what may be done there."""

    repository: Maybe(OneOrMany(DeclaredRepository), "a list") = field(
        "A repository declared in `ecr-access:repositories`.", None)
    repositories: Maybe(OneOrMany(DeclaredRepository), "a list") = field(
        "Repositories declared in `ecr-access:repositories`.", None)
    namespace: Maybe(OneOrMany(Namespace), "a list") = field(
        "`team-a` or `team-a/*`: every repository under `team-a/`, including ones created later.", None)
    namespaces: Maybe(OneOrMany(Namespace), "a list") = field("Namespaces, as `namespace`.", None)
    source_ips: Maybe(OneOrMany(IpRange), "a list") = field(
        "IP addresses/CIDR ranges: the grant's statement gets `IpAddress aws:SourceIp`.", None)
    mfa: Maybe(Bool, "true or false") = field(
        "`true`: the grant's statement gets `Bool aws:MultiFactorAuthPresent = true`. Default `false`.", None)

    @property
    def target(self) -> Target:
        """The repositories and namespaces the grant covers."""
        return Target(repositories=(self.repository or ()) + (self.repositories or ()),
                      namespaces=(self.namespace or ()) + (self.namespaces or ()))

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """`sourceIps` -> `IpAddress aws:SourceIp`; `mfa: true` -> `Bool aws:MultiFactorAuthPresent`."""
        out = [Condition("IpAddress", "aws:SourceIp", self.source_ips)] if self.source_ips else []
        if self.mfa:
            out.append(Condition("Bool", "aws:MultiFactorAuthPresent", ("true",)))
        return tuple(out)

    @property
    def grant(self) -> Grant:
        """The grant; patterns become the actions they match today (so a policy does not widen when AWS adds actions)."""
        target = self.target
        return Grant(target=target, levels=self.all_levels, actions=named_actions(self.actions or (), not target.is_empty),
                     conditions=self.conditions)

    @model_validator(mode="after")
    def _consistent(self) -> GrantConfig:
        problems = self.access_problems()
        wildcard = [all(info.wildcard_only for info in catalog.expand(action)) for action in self.actions or ()]
        target = self.target
        if target.is_empty and not (not self.all_levels and all(wildcard)):
            problems.append(("", "needs a target: repository, repositories, namespace or namespaces", NO_VALUE))
        if Level.CREATE in self.all_levels and target.repositories:
            problems.append(("", "level create applies to namespaces (ecr:CreateRepository on <namespace>/*), not to named "
                             "repositories", list(target.repositories)))
        if not target.is_empty:
            problems += self.scoped_action_problems()
        if problems:
            raise refusals(problems)
        return self


def named_actions(actions: tuple[str, ...], targeted: bool) -> tuple[str, ...]:
    """The actions of a grant: patterns become the actions they match today."""
    # On repositories only the actions that take a repository are kept (`ecr:Describe*` there means DescribeImages...).
    out: list[str] = []
    for action in actions:
        infos = catalog.expand(action)
        if not registry_admin.is_pattern(action):
            out.append(infos[0].name)
            continue
        out += [info.name for info in infos if not info.wildcard_only or not targeted]
    return tuple(out)
