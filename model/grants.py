"""Grant entries of stack config: which repositories, which levels, which extra actions."""

from __future__ import annotations

from model.errors import ConfigError
from model.reader import MapNode, Node
from model.repositories import repository_name
from policies import catalog
from policies.errors import PolicyError
from policies.grants import Grant, Target
from policies.levels import AUTH_TOKEN_ACTION, Level, parse_level

GRANT_KEYS = ("level", "levels", "actions", "repository", "repositories", "namespace", "namespaces")


def read_target(entry: Node, declared: frozenset[str], optional: bool = False) -> Target:
    """The target of a grant entry: `repository`/`repositories` (declared names) and/or `namespace`/`namespaces`.

    `optional` lets a grant whose actions all take only Resource "*" name no target (an empty Target).
    """
    names: list[str] = []
    namespaces: list[str] = []
    for key in ("repository", "repositories"):
        if key in entry.value:
            for i, name in enumerate(entry.child(key).as_str_list()):
                path = f"{entry.path}.{key}" + ("" if key == "repository" else f"[{i}]")
                repository_name(Node(name, path))
                if name not in declared:
                    raise ConfigError.at(
                        path, "is not declared in ecr-access:repositories (grant a namespace for repositories made elsewhere)", name
                    )
                names.append(name)
    for key in ("namespace", "namespaces"):
        if key in entry.value:
            for i, ns in enumerate(entry.child(key).as_str_list()):
                path = f"{entry.path}.{key}" + ("" if key == "namespace" else f"[{i}]")
                bare = ns[:-2] if ns.endswith("/*") else ns.rstrip("/")
                repository_name(Node(bare, path))
                namespaces.append(bare)
    target = Target(repositories=tuple(names), namespaces=tuple(namespaces))
    if target.is_empty and not optional:
        raise ConfigError.at(entry.path, "needs a target: repository, repositories, namespace or namespaces")
    return target


def read_grant(node: Node, declared: frozenset[str], extra_keys: tuple[str, ...] = ()) -> Grant:
    """One grant entry (`levels: [push]`, `repositories: [my-repo]`, ...); `extra_keys` are read by the caller."""
    entry = node.as_map(GRANT_KEYS + extra_keys)
    levels, actions = read_access(entry)
    wildcard = _wildcard_only(entry, actions)
    target = read_target(entry, declared, optional=not levels and all(wildcard))
    if Level.CREATE in levels and target.repositories:
        raise ConfigError.at(
            entry.path, "level create applies to namespaces (ecr:CreateRepository on <namespace>/*), not to named repositories",
            list(target.repositories),
        )
    for i, (action, star) in enumerate(zip(actions, wildcard)):
        if star and not target.is_empty and action.lower() != AUTH_TOKEN_ACTION.lower():
            raise ConfigError.at(
                f"{entry.path}.actions[{i}]",
                'accepts only Resource "*", so it cannot be limited to repositories; put it in a grant without a target',
                action,
            )
    return Grant(target=target, levels=levels, actions=_named(actions, targeted=not target.is_empty))


def _named(actions: tuple[str, ...], targeted: bool) -> tuple[str, ...]:
    # Patterns become the actions they match today, so a policy does not widen when AWS adds actions; on repositories
    # only the actions that take a repository are kept (`ecr:Describe*` there means DescribeImages and its kind).
    out: list[str] = []
    for action in actions:
        infos = catalog.expand(action)
        if "*" not in action and "?" not in action:
            out.append(infos[0].name)
            continue
        # (A pattern matching only such actions was refused above when the grant has a target.)
        out += [info.name for info in infos if not info.wildcard_only or not targeted]
    return tuple(out)


def read_access(entry: MapNode) -> tuple[frozenset[Level], tuple[str, ...]]:
    """The `level`/`levels` and `actions` of a grant entry; at least one of them is required."""
    levels = []
    for key in ("level", "levels"):
        if key in entry.value:
            for i, value in enumerate(entry.child(key).as_str_list()):
                try:
                    levels.append(parse_level(value))
                except ValueError as err:
                    path = f"{entry.path}.{key}" + ("" if key == "level" else f"[{i}]")
                    raise ConfigError.at(path, str(err), value) from None
    actions = entry.get("actions", Node.as_str_list, ())
    for i, action in enumerate(actions):
        if not action.lower().startswith("ecr:"):
            # Grants are about repositories and the registry; other services' permissions belong elsewhere.
            raise ConfigError.at(f"{entry.path}.actions[{i}]", "is not an ECR action (ecr:...); grants give ECR access only", action)
    if not levels and not actions:
        raise ConfigError.at(entry.path, "needs levels (pull, push, read) or actions")
    return frozenset(levels), actions


def _wildcard_only(entry: Node, actions: tuple[str, ...]) -> list[bool]:
    # Actions such as ecr:CreatePullThroughCacheRule apply to the registry, not to a repository.
    out = []
    for i, action in enumerate(actions):
        try:
            out.append(all(info.wildcard_only for info in catalog.expand(action)))
        except PolicyError as err:
            raise ConfigError.at(f"{entry.path}.actions[{i}]", str(err), action) from None
    return out
