"""The `repositoryPolicy` key of a repository entry: grants to external principals, and explicit Denies."""

from __future__ import annotations

from dataclasses import dataclass

from model import external_principals as p
from model.errors import ConfigError, Problem
from model.grants import read_access
from model.reader import MapNode, Node
from policies.document import Condition
from policies.guardrails import callers
from policies.levels import Level

POLICY_KEY = "repositoryPolicy"
PRINCIPAL_KEYS = ("accounts", "principals", "organization", "organizationPaths", "services", "anyone")
GRANT_KEYS = PRINCIPAL_KEYS + ("level", "levels", "actions", "condition")
SERVICE_KEYS = ("name", "sourceAccount", "sourceArn", "sourceArns")
DENY_KEYS = ("actions", "except")


@dataclass(frozen=True)
class ServiceSpec:
    """A service principal; `source_account` None means the stack's own account."""

    name: str
    source_account: str | None = None
    source_arns: tuple[str, ...] = ()


@dataclass(frozen=True)
class PolicyGrantSpec:
    """One `repositoryPolicy.grants[j]` entry: who (several kinds may be combined) gets which access."""

    path: str
    levels: frozenset[Level]
    actions: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    principals: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    organization_paths: tuple[str, ...] = ()
    services: tuple[ServiceSpec, ...] = ()
    anyone: bool = False
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class DenySpec:
    """One `repositoryPolicy.deny[k]` entry: actions denied to everyone but the `except` ARNs."""

    path: str
    actions: tuple[str, ...]
    except_arns: tuple[str, ...] = ()


@dataclass(frozen=True)
class RepositoryPolicySpec:
    """A repository's own contribution to its repository policy; `path` is the `repositoryPolicy` key."""

    path: str
    grants: tuple[PolicyGrantSpec, ...] = ()
    denies: tuple[DenySpec, ...] = ()


def read_repository_policy(entry: Node, partition: str) -> RepositoryPolicySpec | None:
    """The `repositoryPolicy` of a repository entry, or None when it has none."""
    if not isinstance(entry.value, dict) or POLICY_KEY not in entry.value:
        return None
    node = entry.child(POLICY_KEY).as_map(("grants", "deny"))
    grants = tuple(_grant(n, partition) for n in node.get("grants", Node.as_list, []))
    denies = tuple(_deny(n, partition) for n in node.get("deny", Node.as_list, []))
    if not grants and not denies:
        raise node.fail("needs grants or deny (or remove it)")
    return RepositoryPolicySpec(path=node.path, grants=grants, denies=denies)


def _items(entry: MapNode, key: str, read) -> tuple[str, ...]:
    if not entry.has(key):
        return ()
    node = entry.child(key)
    items = [node] if isinstance(node.value, str) else node.as_list()
    return tuple(read(item) for item in items)


def _grant(node: Node, partition: str) -> PolicyGrantSpec:
    entry = node.as_map(GRANT_KEYS)
    levels, actions = read_access(entry)
    if Level.CREATE in levels:
        raise ConfigError.at(node.path, "level create is an identity grant (users, groups, roles, namespaces); "
                             "a repository policy applies to a repository that already exists", "create")
    spec = PolicyGrantSpec(
        path=node.path,
        levels=levels,
        actions=actions,
        accounts=_items(entry, "accounts", p.account_id),
        principals=_items(entry, "principals", lambda n: p.iam_principal_arn(n, partition)),
        organizations=_items(entry, "organization", p.organization_id),
        organization_paths=_items(entry, "organizationPaths", p.organization_path),
        services=tuple(_service(n, partition) for n in entry.get("services", Node.as_list, [])),
        anyone=entry.get("anyone", Node.as_bool, False),
        conditions=entry.get("condition", _conditions, ()),
    )
    if not any((spec.accounts, spec.principals, spec.organizations, spec.organization_paths, spec.services, spec.anyone)):
        raise ConfigError.at(node.path, f"names no principal; add one of {', '.join(PRINCIPAL_KEYS)}")
    if spec.anyone:
        _check_pinning(entry)
    return spec


def _check_pinning(entry: MapNode) -> None:
    """`anyone: true` whose condition names no known callers: say which value of a restricting key fails, and why."""
    condition = entry.value.get("condition")
    if callers.restricts_callers(condition):
        return
    problems = []
    for operator, key, _ in callers.restricting_tests(condition):
        raw = condition[operator][key]
        for i, value in enumerate([raw] if isinstance(raw, str) else raw):
            why = callers.pin_problem(key, str(value))
            if why:
                path = f"{entry.path}.condition.{operator}.{key}" + ("" if isinstance(raw, str) else f"[{i}]")
                problems.append(Problem(path, f"{why}; with anyone: true it would admit every AWS principal", value))
    if problems:
        raise ConfigError(problems)


def _service(node: Node, partition: str) -> ServiceSpec:
    if isinstance(node.value, str):
        return ServiceSpec(p.service_principal(node))
    entry = node.as_map(SERVICE_KEYS, required=("name",))
    name = entry.req("name", p.service_principal)
    account = entry.get("sourceAccount", p.account_id, None)

    def arn(item: Node) -> str:
        value = p.source_arn(item, partition)
        owner = value.split(":")[4]
        if account and owner not in ("", "*", account):
            raise item.fail(f"is in account {owner}, but sourceAccount is {account}")
        return value

    arns = _items(entry, "sourceArn", arn) + _items(entry, "sourceArns", arn)
    if account is None:
        # The functions' own account is the natural source account; the stack's account when ARNs do not say.
        owners = {a.split(":")[4] for a in arns} - {"", "*"}
        if len(owners) > 1:
            raise entry.fail(f"source ARNs are in accounts {', '.join(sorted(owners))}; set sourceAccount or split the entry")
        account = owners.pop() if owners else None
    return ServiceSpec(name=name, source_account=account, source_arns=arns)


def _conditions(node: Node) -> tuple[Condition, ...]:
    """`condition: {StringEquals: {aws:SourceVpce: vpce-1a2b3c4d}}`, as in an IAM policy."""
    if not isinstance(node.value, dict):
        raise node.fail("must map condition operators to keys, e.g. StringEquals: {aws:SourceVpce: vpce-1a2b3c4d}")
    out = []
    for operator in node.value:
        keys = node.child(operator)
        if not isinstance(keys.value, dict) or not keys.value:
            raise keys.fail("must map condition keys (e.g. aws:SourceVpce) to a value or a list of values")
        for key in keys.value:
            out.append(Condition(str(operator), str(key), keys.child(key).as_str_list()))
    if not out:
        raise node.fail("needs at least one operator, e.g. StringEquals: {aws:PrincipalOrgID: o-xxxxxxxxxx}")
    return tuple(out)


def _deny(node: Node, partition: str) -> DenySpec:
    entry = node.as_map(DENY_KEYS, required=("actions",))
    return DenySpec(
        path=node.path,
        actions=entry.req("actions", Node.as_str_list),
        except_arns=_items(entry, "except", lambda n: p.iam_arn_pattern(n, partition)),
    )
