"""Team namespaces of stack config: a creation template per prefix (create-on-push) and who may use it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from model.constraints import shape
from model.creation_template import TEMPLATE_KEYS, CreationTemplate, read_template, refuse_scan_on_push
from model.errors import ConfigError, Problems
from model.grants import read_grant
from model.reader import Node, read_entries
from model.repositories import RepositorySettings, repository_name
from policies.arns import Registry
from policies.grants import Grant, Target
from policies.levels import TAG_RESOURCE_ACTION, Level

ROOT = "ROOT"
PRINCIPAL_KINDS = {"users": "user", "groups": "group", "roles": "role"}
NAMESPACE_GRANT_KEYS = tuple(PRINCIPAL_KINDS) + ("level", "levels", "actions")
NAMESPACE_KEYS = ("name", "appliedFor", "allowRootTemplate", "grants") + TEMPLATE_KEYS
CREATE_ON_PUSH = "CREATE_ON_PUSH"
DEFAULT_APPLIED_FOR = (CREATE_ON_PUSH,)


@dataclass(frozen=True)
class NamespaceGrant:
    """A grant on the whole namespace (`<name>/*`) for principals the stack declares, named by kind and name."""

    path: str
    grant: Grant
    principals: tuple[tuple[str, str, str], ...]  # (kind, name, config path of the name)


@dataclass(frozen=True)
class NamespaceSpec:
    """One team namespace: its creation template, when ECR applies it, and its grants."""

    name: str
    path: str
    template: CreationTemplate
    applied_for: tuple[str, ...] = DEFAULT_APPLIED_FOR
    grants: tuple[NamespaceGrant, ...] = ()


def read_namespaces(node: Node, defaults: RepositorySettings, registry: Registry,
                    problems: Problems | None = None) -> tuple[NamespaceSpec, ...]:
    """Read `ecr-access:namespaces`; every entry's problems are reported together (into `problems` when given, which
    returns the entries that read cleanly)."""
    return read_entries(node, lambda item: read_namespace(item, defaults, registry), lambda ns: ns.name, "name",
                        "is declared twice", problems)


def read_namespace(node: Node, defaults: RepositorySettings, registry: Registry) -> NamespaceSpec:
    """Read one `namespaces[i]` entry."""
    refuse_scan_on_push(node.value, node.path)
    entry = node.as_map(NAMESPACE_KEYS, required=("name",))
    name = entry.req("name", _name)
    applied_for = entry.get("appliedFor", _applied_for, DEFAULT_APPLIED_FOR)
    if name == ROOT and not entry.get("allowRootTemplate", Node.as_bool, False):
        raise ConfigError.at(f"{node.path}.name", _root_risk(applied_for), name)
    if entry.has("allowRootTemplate") and name != ROOT:
        raise ConfigError.at(f"{node.path}.allowRootTemplate", "applies only to the ROOT namespace", entry.value["allowRootTemplate"])
    template = read_template(entry, defaults, registry, f"Repositories created under {name}/ (ecr-access namespace)")
    grants = tuple(_grant(item, name) for item in entry.get("grants", Node.as_list, []))
    if grants and name == ROOT:
        raise ConfigError.at(f"{node.path}.grants", "ROOT has no namespace ARN to scope a grant to; grant each team prefix instead")
    return NamespaceSpec(
        name=name, path=node.path, template=template, applied_for=applied_for,
        grants=grants,
    )


def _root_risk(applied_for: tuple[str, ...]) -> str:
    # Why a ROOT template needs allowRootTemplate: what it would apply to, scenario by scenario.
    reach = {
        CREATE_ON_PUSH: "with CREATE_ON_PUSH it lets every principal that may push (ecr:CreateRepository on any repository) "
        "create repositories anywhere in the registry",
        "PULL_THROUGH_CACHE": "with PULL_THROUGH_CACHE it shapes the repositories of every pull-through cache rule without a "
        "template of its own (every ecr-access:pullThroughCache entry has its own, so only rules made outside this stack)",
        "REPLICATION": "with REPLICATION it shapes every repository replicated into this registry without a more specific template",
    }
    why = "; ".join(reach[s] for s in (CREATE_ON_PUSH, "PULL_THROUGH_CACHE", "REPLICATION") if s in applied_for)
    return (
        f"a ROOT template applies to every repository without a more specific template: {why}; "
        "name a team prefix, or set allowRootTemplate: true on this entry if that is intended"
    )


def with_tagging(grant: Grant, adds_tags: bool) -> Grant:
    """A `create` grant plus ecr:TagResource when the namespace's template tags the repositories it creates."""
    if Level.CREATE not in grant.levels or not adds_tags:
        return grant
    return replace(grant, actions=grant.actions + (TAG_RESOURCE_ACTION,))


def push_template(name: str, namespaces: tuple[NamespaceSpec, ...]) -> NamespaceSpec | None:
    """The namespace whose template ECR applies when a push creates a repository under `name/`.

    As ECR picks it: among the templates applied for CREATE_ON_PUSH, the one with the longest prefix that `name`
    equals or lies under (`team-a` applies to `team-a/sub/x` unless `team-a/sub` has its own), else ROOT.
    """
    best: NamespaceSpec | None = None
    for ns in namespaces:
        if CREATE_ON_PUSH not in ns.applied_for:
            continue
        if ns.name == ROOT:
            best = best or ns
        elif (name == ns.name or name.startswith(f"{ns.name}/")) and (best is None or best.name == ROOT or len(ns.name) > len(best.name)):
            best = ns
    return best


def tagged_namespaces(name: str, namespaces: tuple[NamespaceSpec, ...]) -> tuple[str, ...]:
    """Where under `name/` a push creates repositories that a template tags: `name` itself, or its tagging sub-namespaces."""
    own = push_template(name, namespaces)
    if own is not None and own.template.adds_tags:
        return (name,)
    return tuple(
        ns.name for ns in namespaces
        if ns.name.startswith(f"{name}/") and CREATE_ON_PUSH in ns.applied_for and ns.template.adds_tags
    )


def split_by_tagging(grant: Grant, namespaces: tuple[NamespaceSpec, ...]) -> tuple[Grant, ...]:
    """A `create` grant, plus ecr:TagResource wherever under its namespaces create-on-push adds tags."""
    if Level.CREATE not in grant.levels:
        return (grant,)
    found = {t for n in grant.target.namespaces for t in tagged_namespaces(n, namespaces)}
    tagged = {t for t in found if not any(t.startswith(f"{o}/") for o in found)}
    whole = tuple(n for n in grant.target.namespaces if n in tagged)
    nested = tuple(sorted(tagged - set(whole)))
    plain = Target(repositories=grant.target.repositories, namespaces=tuple(n for n in grant.target.namespaces if n not in tagged))
    out = [] if plain.is_empty else [replace(grant, target=plain)]
    if whole:
        out.append(with_tagging(replace(grant, target=Target(namespaces=whole)), True))
    if nested:  # the grant's create already covers these; a template below it adds tags there
        out.append(Grant(target=Target(namespaces=nested), actions=(TAG_RESOURCE_ACTION,), conditions=grant.conditions))
    return tuple(out)


def _name(node: Node) -> str:
    value = node.as_str()
    problem = shape("ecr", "Prefix").problem(value)
    if problem or value.endswith("/"):
        raise node.fail(f"is not a namespace ECR accepts: {problem or 'must not end with /'}")
    if value != ROOT:
        repository_name(node)  # the namespace ARN `repository/<name>/*` must be a repository name prefix
    return value


def _applied_for(node: Node) -> tuple[str, ...]:
    values = node.as_str_list()
    allowed = shape("ecr", "RCTAppliedFor")
    for i, value in enumerate(values):
        problem = allowed.problem(value)
        if problem:
            raise ConfigError.at(f"{node.path}[{i}]", problem, value)
    if not values:
        raise node.fail("is empty; a template applies for at least one of CREATE_ON_PUSH, REPLICATION, PULL_THROUGH_CACHE")
    return tuple(sorted(set(values)))


def _grant(node: Node, namespace: str) -> NamespaceGrant:
    entry = node.as_map(NAMESPACE_GRANT_KEYS)
    principals = []
    for key, kind in PRINCIPAL_KINDS.items():
        if entry.has(key):
            for i, name in enumerate(entry.child(key).as_str_list()):
                principals.append((kind, name, f"{node.path}.{key}" + ("" if isinstance(entry.value[key], str) else f"[{i}]")))
    if not principals:
        raise node.fail("names no principal; add users, groups or roles declared in this stack")
    # The namespace is the target: read the levels/actions as any grant on `namespace: <name>`.
    body = {k: v for k, v in node.value.items() if k not in PRINCIPAL_KINDS}
    grant = read_grant(Node({**body, "namespace": namespace}, node.path), frozenset())
    # ecr:TagResource is added with every namespace known (model.registry_settings): nested templates decide it.
    return NamespaceGrant(path=node.path, grant=grant, principals=tuple(principals))
