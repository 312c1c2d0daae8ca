"""Grant entries of stack config: which repositories, which levels, which extra actions."""

from __future__ import annotations

from ecr_access.model.errors import ConfigError
from ecr_access.model.reader import MapNode, Node
from ecr_access.model.repositories import repository_name
from ecr_access.policies import catalog
from ecr_access.policies.errors import PolicyError
from ecr_access.policies.grants import Grant, Target
from ecr_access.policies.guardrails import registry_admin
from ecr_access.policies.levels import ADMIN_ONLY_ACTIONS, AUTH_TOKEN_ACTION, CREATE_REPOSITORY_ACTION, Level, parse_level

GRANT_KEYS = ("level", "levels", "actions", "repository", "repositories", "namespace", "namespaces")
# A pattern may not reach these: administering or creating repositories is said with a level (admin, create) or by
# naming each action, never by a wildcard that happens to match them (`ecr:*` on a repository is 35 actions). Nor may
# a pattern reach the registry-wide admin actions (registry policy, replication, caches, templates; the shared
# `registry_admin` rule the CrossGuard pack applies too): those are named one by one.
_SHOWN_FIRST = ("ecr:DeleteRepository", "ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy", "ecr:PutLifecyclePolicy")
_NOT_BY_PATTERN = frozenset(ADMIN_ONLY_ACTIONS + (CREATE_REPOSITORY_ACTION, "ecr:BatchImportUpstreamImage", "ecr:ReplicateImage"))


def read_target(entry: MapNode, declared: frozenset[str], optional: bool = False) -> Target:
    """The target of a grant entry: `repository`/`repositories` (declared names) and/or `namespace`/`namespaces`.

    `optional` lets a grant whose actions all take only Resource "*" name no target (an empty Target).
    """
    names = entry.items("repository", lambda n: _declared(n, declared)) + entry.items("repositories", lambda n: _declared(n, declared))
    namespaces = entry.items("namespace", _namespace) + entry.items("namespaces", _namespace)
    target = Target(repositories=names, namespaces=namespaces)
    if target.is_empty and not optional and entry.ok("repository", "repositories", "namespace", "namespaces"):
        entry.problem(entry.path, "needs a target: repository, repositories, namespace or namespaces")
    return target


def _declared(node: Node, declared: frozenset[str]) -> str:
    name = node.as_str()
    _name_of(node, name, "a repository")
    if name not in declared:
        raise node.fail("is not declared in ecr-access:repositories (grant a namespace for repositories made elsewhere)")
    return name


def _namespace(node: Node) -> str:
    value = node.as_str()
    bare = value[:-2] if value.endswith("/*") else value.rstrip("/")
    _name_of(node, bare, "a namespace")
    return bare


def _name_of(node: Node, name: str, what: str) -> None:
    # The messages name the value as written (`team-a/*`), and say why `*` is wrong rather than that it is short.
    if "*" in name or "?" in name:
        raise node.fail(
            f"may not hold * or ?: {what} is lowercase letters and digits, separated by . _ - or / "
            "(a namespace such as team-a covers every repository under team-a/)"
        )
    try:
        repository_name(Node(name, node.path))
    except ConfigError as err:
        raise node.fail(err.problems[0].message) from None


def read_grant(node: Node, declared: frozenset[str]) -> Grant:
    """One grant entry (`levels: [push]`, `repositories: [my-repo]`, ...); every problem in it is reported."""
    with node.entry(GRANT_KEYS) as entry:
        return read_grant_entry(entry, declared)


def read_grant_entry(entry: MapNode, declared: frozenset[str]) -> Grant:
    """The grant keys of an open entry (`Node.entry`), which may hold more keys its caller reads."""
    levels, actions = read_access(entry)
    wildcard = [all(info.wildcard_only for info in catalog.expand(action)) for action in actions]
    target = read_target(entry, declared, optional=not levels and all(wildcard))
    if Level.CREATE in levels and target.repositories:
        entry.problem(
            entry.path, "level create applies to namespaces (ecr:CreateRepository on <namespace>/*), not to named repositories",
            list(target.repositories),
        )
    for i, (action, star) in enumerate(zip(actions, wildcard)):
        if star and not target.is_empty and action.lower() != AUTH_TOKEN_ACTION.lower():
            entry.problem(
                f"{entry.path}.actions[{i}]",
                'accepts only Resource "*", so it cannot be limited to repositories; put it in a grant without a target',
                action,
            )
    return Grant(target=target, levels=levels, actions=named_actions(actions, targeted=not target.is_empty))


def named_actions(actions: tuple[str, ...], targeted: bool) -> tuple[str, ...]:
    """Patterns become the actions they match today, so a policy does not widen when AWS adds actions; on repositories
    (`targeted`) only the actions that take a repository are kept (`ecr:Describe*` there means DescribeImages and its kind)."""
    out: list[str] = []
    for action in actions:
        infos = catalog.expand(action)
        if not registry_admin.is_pattern(action):
            out.append(infos[0].name)
            continue
        # (A pattern matching only such actions was refused above when the grant has a target.)
        out += [info.name for info in infos if not info.wildcard_only or not targeted]
    return tuple(out)


def read_access(entry: MapNode) -> tuple[frozenset[Level], tuple[str, ...]]:
    """The `level`/`levels` and `actions` of a grant entry; at least one of them is required."""
    levels = entry.items("level", _level) + entry.items("levels", _level)
    actions = entry.items("actions", _ecr_action)
    if not levels and not actions and entry.ok("level", "levels", "actions"):
        entry.problem(entry.path, "needs levels (pull, push, read, create, admin) or actions")
    return frozenset(levels), actions


def _level(node: Node) -> Level:
    try:
        return parse_level(node.as_str())
    except ValueError as err:
        raise node.fail(str(err)) from None


def _ecr_action(node: Node) -> str:
    action = node.as_str()
    if not action.lower().startswith("ecr:"):
        # Grants are about repositories and the registry; other services' permissions belong elsewhere.
        raise node.fail("is not an ECR action (ecr:...); grants give ECR access only")
    try:
        infos = catalog.expand(action)
    except PolicyError as err:
        raise node.fail(str(err)) from None
    if not registry_admin.is_pattern(action):
        return action
    names = {info.name for info in infos} & _NOT_BY_PATTERN
    risky = [a for a in _SHOWN_FIRST if a in names] + sorted(names - set(_SHOWN_FIRST))
    registry = registry_admin.registry_admin_reached(action)
    why = []
    if risky:
        few = ", ".join(risky[:3]) + (f" and {len(risky) - 3} more" if len(risky) > 3 else "")
        why.append(f"is a pattern that matches actions which change, delete or create repositories ({few}): "
                   "give level admin to administer a repository (or create for a namespace), or name each action you mean")
    if registry:
        why.append(f"{'it also matches' if risky else 'is a pattern that matches'} registry-wide admin actions "
                   f"({', '.join(registry)}): name each one you mean, so that policies and the access report show it")
    if why:
        raise node.fail("; ".join(why))
    return action
