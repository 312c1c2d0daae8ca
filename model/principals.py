"""IAM principals of stack config: `ecr-access:users`, `ecr-access:groups`, `ecr-access:roles` and their grants."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Mapping

from model.constraints import shaped
from model.errors import Problems, other_partition
from model.grant_conditions import CONDITION_KEYS, read_conditions
from model.grants import GRANT_KEYS, read_grant_entry
from model.pgp_key import pgp_key
from model.reader import Node, entry_name
from model.repositories import read_tags
from model.trust import read_trust
from policies.grants import Grant
from policies.packing import DEFAULT_MAX_POLICIES, MAX_POLICIES_LIMIT
from policies.trust import Trust

_COMMON_KEYS = ("name", "path", "grants", "console")
USER_KEYS = _COMMON_KEYS + ("tags", "permissionsBoundary", "viewOwnPermissions", "groups", "accessKey")
GROUP_KEYS = _COMMON_KEYS + ("viewOwnPermissions",)
ROLE_KEYS = _COMMON_KEYS + ("tags", "permissionsBoundary", "description", "maxSessionDuration", "trust", "viewOwnPermissions")
_NAME_SHAPES = {"user": "userNameType", "group": "groupNameType", "role": "roleNameType"}
_BOUNDARY = re.compile(r"arn:(aws[a-z-]*):iam::([0-9]{12}|aws):policy/[\w+=,.@/-]+", re.ASCII)
_MAX_GROUPS_PER_USER = 10  # IAM quota


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
    grants: tuple[tuple[str, Grant], ...] = ()
    console: bool = False
    view_own_permissions: bool = False
    tags: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    permissions_boundary: str | None = None
    groups: tuple[str, ...] = ()
    access_key: AccessKeySpec | None = None
    trust: Trust | None = None
    description: str | None = None
    max_session_duration: int = 3600


@dataclass(frozen=True)
class AccessConfig:
    """Every principal the stack manages, and how many managed policies each may take."""

    users: tuple[PrincipalSpec, ...] = ()
    groups: tuple[PrincipalSpec, ...] = ()
    roles: tuple[PrincipalSpec, ...] = ()
    max_policies: int = DEFAULT_MAX_POLICIES
    # Every (kind, name) declared, with the entries that have problems: what names them is not also undeclared.
    declared: frozenset[tuple[str, str]] = field(default=frozenset(), compare=False, repr=False)

    @property
    def principals(self) -> tuple[PrincipalSpec, ...]:
        """Groups first (users join them), then users, then roles."""
        return self.groups + self.users + self.roles


def read_access(values: Mapping[str, Any], declared: frozenset[str], problems: Problems, partition: str) -> AccessConfig:
    """Read the principal sections and the policy-count setting, collecting every problem into `problems`."""
    max_policies = DEFAULT_MAX_POLICIES
    key = "ecr-access:maxManagedPoliciesPerPrincipal"
    with problems.collect():
        if key in values:
            value = values[key]  # the CLI passes numbers as strings
            max_policies = Node(int(value) if _whole(value) else value, key).as_int(1, MAX_POLICIES_LIMIT)
    sections: dict[str, list[PrincipalSpec]] = {"group": [], "user": [], "role": []}
    names: dict[str, set[str]] = {kind: set() for kind in sections}
    for kind in sections:
        key = f"ecr-access:{kind}s"
        if key not in values:
            continue
        seen: dict[str, str] = {}
        with problems.collect():
            for node in Node(values[key], key).as_list():
                # A bad entry still declares its name (when that is valid): what names it is not also reported.
                name = entry_name(node, lambda n: _name(n, kind))
                if name is not None and name.lower() in seen:
                    problems.add(f"{node.path}.name", f"is declared twice (first at {seen[name.lower()]}); IAM names ignore case", name)
                    continue
                if name is not None:
                    seen[name.lower()] = node.path
                    names[kind].add(name)
                with problems.collect():
                    sections[kind].append(read_principal(node, kind, declared, partition))
    for user in sections["user"]:
        for i, group in enumerate(user.groups):
            if group not in names["group"]:
                problems.add(f"{user.path}.groups[{i}]", "is not declared in ecr-access:groups", group)
    return AccessConfig(
        users=tuple(sections["user"]), groups=tuple(sections["group"]), roles=tuple(sections["role"]), max_policies=max_policies,
        declared=frozenset((kind, name) for kind, found in names.items() for name in found),
    )


def read_principal(node: Node, kind: str, declared: frozenset[str], partition: str) -> PrincipalSpec:
    """Read one `users[i]`, `groups[i]` or `roles[i]` entry of a stack in `partition`; every problem in it is reported."""
    allowed = {"user": USER_KEYS, "group": GROUP_KEYS, "role": ROLE_KEYS}[kind]
    with node.entry(allowed) as entry:
        spec = PrincipalSpec(
            kind=kind,
            name=entry.req("name", lambda n: _name(n, kind)),
            path=node.path,
            iam_path=entry.get("path", _iam_path, "/"),
            grants=entry.items("grants", lambda n: (n.path, _grant(n, declared))),
            console=entry.get("console", Node.as_bool, False),
            view_own_permissions=entry.get("viewOwnPermissions", Node.as_bool, False),
            tags=MappingProxyType(entry.get("tags", lambda n: read_tags(n, iam=True), {})),
            permissions_boundary=entry.get("permissionsBoundary", lambda n: _boundary(n, partition), None),
        )
        if spec.view_own_permissions and kind == "role":
            entry.problem(f"{node.path}.viewOwnPermissions", "applies to users and groups: a role has no ${aws:username}", True)
        if kind == "user":
            spec = replace(
                spec,
                groups=entry.get("groups", lambda n: n.as_str_list(max_items=_MAX_GROUPS_PER_USER), ()),
                access_key=entry.get("accessKey", _access_key, None),
            )
        if kind == "role":
            spec = replace(
                spec,
                trust=entry.req("trust", lambda n: read_trust(n, partition)),
                description=entry.get("description", lambda n: shaped(n, "iam", "roleDescriptionType", "a role description"), None),
                max_session_duration=entry.get("maxSessionDuration", lambda n: n.as_int(3600, 43200), 3600),
            )
    return spec


def _name(node: Node, kind: str) -> str:
    return shaped(node, "iam", _NAME_SHAPES[kind], f"an IAM {kind} name")


def check_access_given(access: AccessConfig, problems: Problems) -> None:
    """Every user and group must get some access (grants, console, groups, or a namespace's grants); roles may not."""
    for spec in access.users + access.groups:
        if not (spec.grants or spec.console or spec.view_own_permissions or spec.groups):
            problems.add(
                f"{spec.path}.grants",
                f"is empty: this {spec.kind} would get no access (add grants, groups for a user, or name it in a namespace's grants)",
            )


def _grant(node: Node, declared: frozenset[str]) -> Grant:
    with node.entry(GRANT_KEYS + CONDITION_KEYS) as entry:
        grant = read_grant_entry(entry, declared)
        return replace(grant, conditions=read_conditions(entry))


def _iam_path(node: Node) -> str:
    value = shaped(node, "iam", "pathType", "an IAM path")
    # Policies live on the same path as their principal, and a policy path is stricter.
    return shaped(Node(value, node.path), "iam", "policyPathType", "an IAM path usable for policies too")


def _boundary(node: Node, partition: str) -> str:
    value = node.as_str()
    match = _BOUNDARY.fullmatch(value)
    if not match:
        raise node.fail("must be a managed policy ARN (arn:aws:iam::<account>:policy/<name> or arn:aws:iam::aws:policy/<name>)")
    if match.group(1) != partition:
        raise node.fail(other_partition(match.group(1), partition))
    return value


def _access_key(node: Node) -> AccessKeySpec | None:
    entry = node.as_map(("enabled", "pgpKey"))
    if not entry.get("enabled", Node.as_bool, True):
        return None
    return AccessKeySpec(pgp_key=entry.get("pgpKey", pgp_key, None))


def _whole(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value) is not None
