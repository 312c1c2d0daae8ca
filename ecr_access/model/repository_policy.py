"""The `repositoryPolicy` key of a repository entry: grants to external principals, and explicit Denies."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.model import external_principals as p
from ecr_access.model.grants import named_actions, read_access
from ecr_access.model.errors import other_partition
from ecr_access.model.reader import MapNode, Node
from ecr_access.policies import catalog
from ecr_access.policies.document import Condition
from ecr_access.policies.guardrails import callers, registry_admin
from ecr_access.policies.errors import PolicyError
from ecr_access.policies.levels import AUTH_TOKEN_ACTION, Level
from ecr_access.policies.validate import RESTRICTING_HINT

POLICY_KEY = "repositoryPolicy"
PRINCIPAL_KEYS = ("accounts", "principals", "organization", "organizationPaths", "services", "anyone")
GRANT_KEYS = PRINCIPAL_KEYS + ("level", "levels", "actions", "condition")
SERVICE_KEYS = ("name", "sourceAccount", "sourceArn", "sourceArns")
DENY_KEYS = ("actions", "except")
_RESTRICTING = {k.lower() for k in callers.RESTRICTING_KEYS}


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
    """The `repositoryPolicy` of a repository entry, or None when it has none; every problem in it is reported."""
    if not isinstance(entry.value, dict) or POLICY_KEY not in entry.value:
        return None
    with entry.child(POLICY_KEY).entry(("grants", "deny")) as node:
        grants = node.items("grants", lambda n: _grant(n, partition))
        denies = node.items("deny", lambda n: _deny(n, partition))
        if not grants and not denies and node.ok("grants", "deny"):
            node.problem(node.path, "needs grants or deny (or remove it)", node.value)
    return RepositoryPolicySpec(path=node.path, grants=grants, denies=denies)


def _grant(node: Node, partition: str) -> PolicyGrantSpec:
    with node.entry(GRANT_KEYS) as entry:
        levels, actions = read_access(entry)
        if Level.CREATE in levels:
            entry.problem(node.path, "level create is an identity grant (users, groups, roles, namespaces); "
                          "a repository policy applies to a repository that already exists", "create")
        for i, action in enumerate(actions):
            infos = catalog.expand(action)
            if AUTH_TOKEN_ACTION in {info.name for info in infos}:
                via = "" if action.lower() == AUTH_TOKEN_ACTION.lower() else f" (it matches {AUTH_TOKEN_ACTION})"
                entry.problem(f"{node.path}.actions[{i}]", f"has no effect in a repository policy{via}: "
                              "ecr:GetAuthorizationToken is granted by identity policy", action)
            elif registry_admin.is_pattern(action) and all(info.wildcard_only for info in infos):
                entry.problem(f"{node.path}.actions[{i}]", "matches only registry-wide actions, which a repository policy "
                              "cannot grant (they take no repository)", action)
        # Patterns become the actions that take a repository and match today, as in identity grants.
        actions = named_actions(actions, targeted=True)
        spec = PolicyGrantSpec(
            path=node.path,
            levels=levels,
            actions=actions,
            accounts=entry.items("accounts", p.account_id),
            principals=entry.items("principals", lambda n: p.iam_principal_arn(n, partition)),
            organizations=entry.items("organization", p.organization_id),
            organization_paths=entry.items("organizationPaths", p.organization_path),
            services=entry.items("services", lambda n: _service(n, partition)),
            anyone=entry.get("anyone", Node.as_bool, False),
            conditions=entry.get("condition", _conditions, ()),
        )
        named = (spec.accounts, spec.principals, spec.organizations, spec.organization_paths, spec.services, spec.anyone)
        if not any(named) and entry.ok(*PRINCIPAL_KEYS):
            entry.problem(node.path, f"names no principal; add one of {', '.join(PRINCIPAL_KEYS)}")
        if spec.anyone and entry.ok("condition"):
            if not _foreign_arns(entry, partition):
                _check_anyone(entry, spec.conditions)
    return spec


def _foreign_arns(entry: MapNode, partition: str) -> bool:
    # Under anyone: true, an ARN of another partition matches no caller of this stack: the test it stands in is void.
    found_any = False
    arn_keys = {k.lower() for k in callers.ARN_KEYS}
    for operator, tests in entry.value.get("condition", {}).items():
        for path, value in [pv for key in tests if str(key).lower() in arn_keys for pv in _values_at(entry, operator, key)]:
            parts = value.split(":")
            if len(parts) > 2 and parts[0] == "arn" and parts[1] != partition and not set(parts[1]) & {"*", "?"}:
                entry.problem(path, other_partition(parts[1], partition) + ": it matches no caller of this stack", value)
                found_any = True
    return found_any


def _values_at(entry: MapNode, operator: str, key: str) -> list[tuple[str, str]]:
    # Each value of one condition test with its config path (`...condition.StringLike.aws:PrincipalArn[1]`).
    raw = entry.value["condition"][operator][key]
    at = f"{entry.path}.condition.{operator}.{key}"
    return [(at, raw)] if isinstance(raw, str) else [(f"{at}[{i}]", v) for i, v in enumerate(raw)]


def _check_anyone(entry: MapNode, conditions: tuple[Condition, ...]) -> None:
    # The validator refuses the same statement later (policies.callers, one rule); here the user's own words are at hand.
    block: dict[str, dict[str, list[str]]] = {}
    for c in conditions:
        block.setdefault(c.operator, {})[c.key] = list(c.values)
    if callers.restricts_callers(block):
        return
    if not conditions:
        entry.problem(f"{entry.path}.anyone", f"admits every AWS principal; {RESTRICTING_HINT}", True)
        return
    loose = _loose_values(entry)
    if loose:
        for path, why, value in loose:
            entry.problem(path, f"{why}; with anyone: true it would admit every AWS principal", value)
        return
    reasons = [_why_loose(c) for c in conditions if c.key.lower() in _RESTRICTING]
    why = "; ".join(reasons) if reasons else f"it tests none of {', '.join(callers.RESTRICTING_KEYS)}"
    entry.problem(f"{entry.path}.condition", f"does not restrict anyone: true to known callers: {why}", entry.value["condition"])


def _loose_values(entry: MapNode) -> list[tuple[str, str, object]]:
    # Each value of a positive restricting test that does not pin its callers, at its own path in the user's condition.
    out = []
    for operator, key, _ in callers.restricting_tests(entry.value["condition"]):
        for path, value in _values_at(entry, operator, key):
            why = callers.pin_problem(key, str(value))
            if why:
                out.append((path, why, value))
    return out


def _why_loose(c: Condition) -> str:
    if c.operator.endswith("IfExists"):
        return f"{c.operator} {c.key} is true when the key is absent (...IfExists), so callers without it get in"
    if c.operator.startswith("ForAllValues:"):
        return f"{c.operator} {c.key} is true when the key is absent (ForAllValues: holds for no values), so callers without it get in"
    if c.operator not in callers.RESTRICTING_OPERATORS:
        return f"{c.operator} {c.key} is not a positive test ({', '.join(callers.RESTRICTING_OPERATORS[:4])}, or ForAnyValue: of them)"
    loose = [v for v in c.values if not callers.pins(c.key, v)]
    return f"{c.operator} {c.key} {', '.join(loose)} does not name one organization, account, ARN with its account, or VPC (endpoint)"


def _service(node: Node, partition: str) -> ServiceSpec:
    if isinstance(node.value, str):
        return ServiceSpec(p.service_principal(node, partition))
    with node.entry(SERVICE_KEYS) as entry:
        name = entry.req("name", lambda n: p.service_principal(n, partition))
        account = entry.get("sourceAccount", p.account_id, None)

        def arn(item: Node) -> str:
            value = p.source_arn(item, partition)
            owner = value.split(":")[4]
            if account and owner not in ("", "*", account):
                raise item.fail(f"is in account {owner}, but sourceAccount is {account}")
            return value

        arns = entry.items("sourceArn", arn) + entry.items("sourceArns", arn)
        if account is None and entry.ok("sourceAccount"):
            # The functions' own account is the natural source account; the stack's account when ARNs do not say.
            owners = {a.split(":")[4] for a in arns} - {"", "*"}
            if len(owners) > 1:
                entry.problem(entry.path, f"source ARNs are in accounts {', '.join(sorted(owners))}; set sourceAccount or split the entry", entry.value)
            account = min(owners) if owners else None
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
    with node.entry(DENY_KEYS) as entry:
        if not entry.has("actions"):
            entry.problem(f"{node.path}.actions", "is required")
        spec = DenySpec(
            path=node.path,
            actions=entry.items("actions", _deny_action),
            except_arns=entry.items("except", lambda n: p.iam_arn_pattern(n, partition)),
        )
    return spec


def _deny_action(node: Node) -> str:
    # A repository policy acts on ECR only; the pattern is checked (and named) as the user wrote it.
    action = node.as_str()
    if not action.lower().startswith("ecr:"):
        raise node.fail("is not an ECR action (ecr:...): a repository policy can deny only ECR actions")
    try:
        catalog.expand(action)
    except PolicyError as err:
        raise node.fail(str(err)) from None
    return action
