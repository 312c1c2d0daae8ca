"""IAM principals: `ecr-access:users`, `ecr-access:groups`, `ecr-access:roles` and their grants."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from types import MappingProxyType
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, ValidationInfo, model_validator

from ecr_access.config.adoption import adoption_problems, import_id
from ecr_access.config.base import Bool, ConfigModel, Maybe, OneOrMany, Range, Str, context, fail, field, refusals
from ecr_access.config.constraints import shape_check, shaped
from ecr_access.config.errors import other_partition
from ecr_access.config.values import IamTags
from ecr_access.features.principals.grants import GrantConfig
from ecr_access.features.principals.pgp_key import pgp_key as public_pgp_key
from ecr_access.features.trust.config import TrustConfig
from ecr_access.features.trust.document import Trust
from ecr_access.iam.grants import Grant, Placement
from ecr_access.iam.packing import DEFAULT_MAX_POLICIES

_BOUNDARY = re.compile(r"arn:(aws[a-z-]*):iam::([0-9]{12}|aws):policy/[\w+=,.@/-]+", re.ASCII)
MAX_GROUPS_PER_USER = 10  # IAM quota
# The seconds IAM allows a role's sessions to last, and the default (the shortest).
SESSION_DURATION = (3600, 43200)
DEFAULT_SESSION_DURATION = SESSION_DURATION[0]
# The botocore shape of each kind's IAM name.
NAME_SHAPES = {"user": "userNameType", "group": "groupNameType", "role": "roleNameType"}
NO_USERNAME_IN_ROLES = "applies to users and groups: a role has no ${aws:username}"
# A role's description: the API shape and what the config and the component call it.
ROLE_DESCRIPTION = ("iam", "roleDescriptionType", "a role description")


@dataclass(frozen=True)
class AccessKeySpec:
    """An access key to create for a user; its secret is encrypted with `pgp_key` when one is given."""

    pgp_key: str | None = None


@dataclass(frozen=True)
class PrincipalSpec:
    """One IAM user, group or role and what it may do; `path` is where it sits in stack config."""

    kind: str
    name: str
    path: str
    iam_path: str = "/"
    grants: tuple[Grant, ...] = ()  # identity grants, each sourced at its config entry
    console: bool = False
    view_own_permissions: bool = False
    tags: Mapping[str, str] = dataclass_field(default_factory=lambda: MappingProxyType({}))
    permissions_boundary: str | None = None
    groups: tuple[str, ...] = ()
    access_key: AccessKeySpec | None = None
    trust: Trust | None = None
    description: str | None = None
    max_session_duration: int = DEFAULT_SESSION_DURATION
    # Set when the principal already exists: Pulumi imports it (IAM's import ID is the name).
    import_id: str | None = None


@dataclass(frozen=True)
class AccessConfig:
    """Every principal the stack manages, and how many managed policies each may take."""

    users: tuple[PrincipalSpec, ...] = ()
    groups: tuple[PrincipalSpec, ...] = ()
    roles: tuple[PrincipalSpec, ...] = ()
    max_policies: int = DEFAULT_MAX_POLICIES
    # Every (kind, name) declared, with the entries that have problems: what names them is not also undeclared.
    declared: frozenset[tuple[str, str]] = dataclass_field(default=frozenset(), compare=False, repr=False)

    @property
    def principals(self) -> tuple[PrincipalSpec, ...]:
        """Groups first (users join them), then users, then roles."""
        return self.groups + self.users + self.roles


def boundary_problem(value: Any, partition: str | None) -> str | None:
    """Why IAM would refuse `value` as a permissions boundary: a managed policy ARN (of `partition`, when known), or
    None (one rule for the config and the components)."""
    match = _BOUNDARY.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return "must be a managed policy ARN (arn:aws:iam::<account>:policy/<name> or arn:aws:iam::aws:policy/<name>)"
    if partition is not None and match.group(1) != partition:
        return other_partition(match.group(1), partition)
    return None


def _boundary(value: str, info: ValidationInfo) -> str:
    problem = boundary_problem(value, context(info, "partition", "aws"))
    if problem:
        raise fail(problem)
    return value


# Policies live on the same path as their principal, and a policy path is stricter: both shapes, in this order.
IAM_PATH_SHAPES = (("pathType", "an IAM path"), ("policyPathType", "an IAM path usable for policies too"))
IamPath = Annotated[shaped("iam", *IAM_PATH_SHAPES[0]), shape_check("iam", *IAM_PATH_SHAPES[1])]
Boundary = Annotated[Str, AfterValidator(_boundary)]
NAME_TYPES = {kind: shaped("iam", shape_name, f"an IAM {kind} name") for kind, shape_name in NAME_SHAPES.items()}
UserName = NAME_TYPES["user"]
GroupName = NAME_TYPES["group"]
RoleName = NAME_TYPES["role"]


class AccessKeyConfig(ConfigModel):
    """An access key of a user: its ID is an output, its secret a secret output (encrypted with `pgpKey` when given)."""

    enabled: Maybe(Bool, "true or false") = field("Create the access key. Default `true`.", None)
    pgp_key: Maybe(Annotated[Str, AfterValidator(public_pgp_key)]) = field(
        "`keybase:<username>` or a raw OpenPGP public key in base64 (`gpg --export <key> | base64`, not `--armor`); "
        "AWS encrypts the secret with it. A secret key is refused without being shown.", None)


class _Principal(ConfigModel):
    KIND: ClassVar[str] = "principal"
    path: Maybe(IamPath) = field("IAM path (`/division/team/`); the principal's policies use the same path. Default `/`.", None)
    grants: Maybe(list[GrantConfig], "a list") = field(
        "Grants: a target (`repository`/`repositories`, `namespace`/`namespaces`) and what may be done there "
        "(`levels`, `actions`), optionally with `sourceIps` and `mfa`.", None)
    console: Maybe(Bool, "true or false") = field(
        "Adds `ConsoleReadOnly` (browse the ECR console; pulling stays with the grants). Default `false`.", None)
    view_own_permissions: Maybe(Bool, "true or false") = field(
        "Adds `ViewOwnUserInfo` and `NavigateInConsole` (users and groups; a role has no `${aws:username}`). Default `false`.",
        None)
    adopt: Maybe(Bool, "true or false") = field(
        "It exists already in IAM: Pulumi imports it (by its name) instead of creating it; its `<name>-ecr-access` "
        "policies and their attachments are created. It is then protected (`ecr-access:protect`) and retained on "
        "delete: dropping the entry never deletes it. It may be removed after the first `pulumi up` (the import is done); keeping it keeps that protection. Default `false`.", None)
    import_id: Maybe(Str) = field(
        "The same as `adopt`, naming the import ID explicitly (must be the name: IAM imports users, groups and roles "
        "by name).", None)

    @model_validator(mode="after")
    def _refusals(self) -> _Principal:
        # aws.iam.User, Group and Role import by the name alone.
        name: str = getattr(self, "name")  # noqa: B009 - each kind declares its own name type
        problems = adoption_problems(self.adopt, self.import_id, name, f"{self.KIND} name",
                                     f"IAM imports a {self.KIND} by its name") + self._kind_problems()
        if problems:
            raise refusals(problems)
        return self

    def _kind_problems(self) -> list[tuple[str, str, Any]]:
        """Refusals only one kind of principal has (reported with the others)."""
        return []

    def common(self, kind: str, name: str, path: str) -> PrincipalSpec:
        """The keys every kind of principal has."""
        return PrincipalSpec(
            kind=kind, name=name, path=path, iam_path=self.path or "/",
            grants=tuple(g.grant.placed(Placement.IDENTITY, f"{path}.grants[{i}]") for i, g in enumerate(self.grants or ())),
            console=bool(self.console), view_own_permissions=bool(self.view_own_permissions),
            import_id=import_id(self.adopt, self.import_id, name),
        )


class _Tagged(_Principal):
    tags: Maybe(IamTags, "a map of tag keys to values") = field(
        "Tags on the principal and its policies (the same rules as repository tags; IAM tag keys ignore letter case, "
        "so two keys differing only in case are refused).", None)
    permissions_boundary: Maybe(Boundary) = field("ARN of a managed policy used as permissions boundary.", None)


class UserConfig(_Tagged):
    """An IAM user (component `ecr-access:iam:RepoAccessUser`)."""

    KIND: ClassVar[str] = "user"

    name: UserName = field(
        "IAM user name (botocore `userNameType`: 1-64 of `A-Za-z0-9+=,.@_-`, ASCII only). Unique, ignoring case.")
    groups: Maybe(OneOrMany(Str, MAX_GROUPS_PER_USER), "a list") = field("Names of groups declared in `ecr-access:groups` (at most 10).", None)
    access_key: Maybe(AccessKeyConfig, "a map") = field(
        "`{enabled: true}` creates one access key; `pgpKey` encrypts its secret.", None)

    def spec(self, path: str) -> PrincipalSpec:
        """The user as the compiler takes it."""
        groups = self.groups or ()
        key = self.access_key
        enabled = key is not None and key.enabled is not False
        return _tagged(self, self.common("user", self.name, path), groups=groups,
                       access_key=AccessKeySpec(pgp_key=key.pgp_key) if enabled and key else None)


class GroupConfig(_Principal):
    """An IAM group (component `ecr-access:iam:RepoAccessGroup`): users that share grants join it."""

    KIND: ClassVar[str] = "group"

    name: GroupName = field("IAM group name (botocore `groupNameType`). Unique, ignoring case.")

    def spec(self, path: str) -> PrincipalSpec:
        """The group as the compiler takes it."""
        return self.common("group", self.name, path)


class RoleConfig(_Tagged):
    """An IAM role (component `ecr-access:iam:RepoAccessRole`)."""

    KIND: ClassVar[str] = "role"

    name: RoleName = field("IAM role name (botocore `roleNameType`). Unique, ignoring case.")
    description: Maybe(shaped(*ROLE_DESCRIPTION)) = field("Role description.", None)
    max_session_duration: Maybe(Range(*SESSION_DURATION), "a whole number") = field("Seconds, 3600-43200. Default `3600`.", None)
    trust: TrustConfig = field("Who may assume the role: `accountRoot`, `principals`, `services`, `githubActions`.")

    def _kind_problems(self) -> list[tuple[str, str, Any]]:
        if self.view_own_permissions:
            return [("viewOwnPermissions", NO_USERNAME_IN_ROLES, True)]
        return []

    def spec(self, path: str) -> PrincipalSpec:
        """The role as the compiler takes it."""
        return _tagged(self, self.common("role", self.name, path), trust=self.trust.trust, description=self.description,
                       max_session_duration=self.max_session_duration or DEFAULT_SESSION_DURATION)


def _tagged(entry: _Tagged, spec: PrincipalSpec, **more: Any) -> PrincipalSpec:
    return replace(spec, tags=MappingProxyType(dict(entry.tags or {})), permissions_boundary=entry.permissions_boundary, **more)


SCHEMAS: dict[str, type[_Principal]] = {"user": UserConfig, "group": GroupConfig, "role": RoleConfig}
