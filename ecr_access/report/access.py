"""The access matrix of a plan: who holds which levels and actions on which repository, and through which document.

Targets are the declared repositories, every wildcard repository pattern a principal is granted on (a namespace such
as `team-a/*`, or `*`), and `(registry)` for the registry-wide actions (`ecr:GetAuthorizationToken`, ...). A pattern
target is evaluated as its literal ARN, so it shows what a repository created later under it would get; its `covers`
lists the declared repositories it matches today.

Same-account principals combine their identity policies with resource policies that name them; external principals
(other accounts, services, `*`) hold only what resource policies give them; a cross-account principal also needs an
identity policy in its own account, which this plan cannot show. Whoever a role's trust policy lets assume it holds
the role's rows too, as `<principal> as role <name>` (see `report.trust`). Each allowed action carries the conditions,
with their values, it is allowed under (`Access.when`, see `report.conditions`), so the diff sees a condition change.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ecr_access.iam.catalog import expand
from ecr_access.iam.evaluate import Caller, Decision, Rule, evaluate, wildcard_match
from ecr_access.iam.levels import Level
from ecr_access.report.cells import Access, Principal, Via, external, named
from ecr_access.report.conditions import UNCONDITIONAL, allowed_when
from ecr_access.report.inventory import Inventory, load
from ecr_access.report.trust import assumers

__all__ = ["REGISTRY_TARGET", "Access", "Matrix", "Principal", "Via", "compute"]

REGISTRY_TARGET = "(registry)"


@lru_cache(maxsize=1)
def _actions() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(repository-scoped ECR actions, registry-wide ECR actions) from the catalog."""
    infos = expand("ecr:*")
    return (tuple(i.name for i in infos if i.resource_types), tuple(i.name for i in infos if not i.resource_types))


@dataclass
class Matrix:
    """The whole access report of one plan."""

    stack: str
    account: str
    repositories: tuple[str, ...]
    principals: list[Principal]
    access: list[Access]
    unresolved: list[str] = field(default_factory=list)

    def principal(self, key: str) -> Principal:
        """The principal with a key."""
        return next(p for p in self.principals if p.key == key)

    def rows(self, key: str) -> dict[str, Access]:
        """The targets of one principal."""
        return {a.target: a for a in self.access if a.principal == key}

    def to_json(self) -> dict[str, Any]:
        """The report as plain JSON-able data."""
        return {
            "stack": self.stack,
            "account": self.account,
            "repositories": list(self.repositories),
            "principals": [
                {"key": p.key, "kind": p.kind, "label": p.label, "internal": p.internal, "note": p.note,
                 **({"assumes": p.assumes} if p.assumes else {})}
                for p in self.principals
            ],
            "access": [
                {
                    "principal": a.principal, "target": a.target, "pattern": a.pattern, "covers": list(a.covers),
                    "levels": list(a.levels), "actions": list(a.actions), "conditional": a.conditional,
                    "conditions": list(a.conditions),
                    "when": {action: [list(alt) for alt in alts] for action, alts in a.when if alts != UNCONDITIONAL},
                    "via": [{"kind": v.kind, "document": v.document, "sid": v.sid} for v in a.via],
                }
                for a in self.access
            ],
            "unresolved": list(self.unresolved),
        }


def _resource_principals(inv: Inventory, internal_arns: set[str]) -> list[Principal]:
    """External principals (and this account) named in Allow statements of resource policies."""
    found: dict[str, Principal] = {}
    for rule in inv.resource_rules():
        if rule.effect != "Allow" or rule.principal is None:
            continue
        for key, value in named(rule.principal):
            p = external(inv.registry.account, inv.registry.partition, key, value)
            if p and p.key not in internal_arns:
                found.setdefault(p.key, p)
    return sorted(found.values(), key=lambda p: (p.kind, p.key))


def _internal(inv: Inventory) -> list[tuple[Principal, list[Rule]]]:
    """Users (with their groups' policies), roles, and groups without members, each with its identity rules."""
    out: list[tuple[Principal, list[Rule]]] = []
    for name, arn in sorted(inv.users.items()):
        rules = list(inv.identity.get(("user", name), []))
        for group in inv.groups_of(name):
            rules += [replace(r, source=f"{r.source} (group {group})") for r in inv.identity.get(("group", group), [])]
        groups = inv.groups_of(name)
        note = f"member of {', '.join(groups)}" if groups else ""
        out.append((Principal(arn, "user", f"user {name}", True, Caller("aws", arn), note), rules))
    for name, arn in sorted(inv.roles.items()):
        trusted = sorted({_trust_label(r) for r in inv.trust.get(name, ()) if r.effect == "Allow"})
        note = f"assumable by {', '.join(trusted)}" if trusted else ""
        out.append((Principal(arn, "role", f"role {name}", True, Caller("aws", arn), note),
                    list(inv.identity.get(("role", name), []))))
    for name, arn in sorted(inv.groups.items()):
        if not inv.members.get(name):
            out.append((Principal(arn, "group", f"group {name} (no members)", True, Caller("aws", arn)),
                        list(inv.identity.get(("group", name), []))))
    return out


def _trust_label(rule: Rule) -> str:
    element = rule.principal
    if element == "*":
        return "*"
    values = [str(v) for vs in (element or {}).values() for v in ([vs] if isinstance(vs, str) else vs)]
    return " ".join(sorted(values)) + (" (conditional)" if rule.conditional else "")


def _pattern_targets(inv: Inventory, rules: list[Rule], caller: Caller) -> dict[str, str]:
    """Wildcard repository patterns the caller is allowed something on: label -> ARN to evaluate."""
    targets: dict[str, str] = {}
    for rule in rules:
        if rule.effect != "Allow" or not rule.matches_principal(caller):
            continue
        for resource in rule.resources or ():
            if "*" not in resource and "?" not in resource:
                continue
            if resource == "*":
                label = "*"
            elif ":ecr:" in resource and "repository/" in resource:
                label = resource.split("repository/", 1)[1]
            else:
                continue
            region = resource.split(":")[3] if resource.count(":") >= 5 else ""
            if region and "*" not in region and "?" not in region and region != inv.registry.region:
                # A namespace of another region of the stack: named with its region, evaluated there.
                targets.setdefault(f"{label} ({region})", inv.registry.in_region(region).repository_arn(label))
                continue
            targets.setdefault(label, inv.registry.repository_arn(label))
    return targets


def _cell(principal: Principal, target: str, arn: str, pool: list[Rule], actions: tuple[str, ...],
          covers: tuple[str, ...], pattern: bool) -> Access | None:
    allowed: set[str] = set()
    conditional = False
    via: set[Via] = set()
    conditions: set[str] = set()
    when = []
    for action in actions:
        result = evaluate(pool, action, arn, principal.caller)
        if not result.decision.allowed:
            continue
        allowed.add(action)
        when.append((action, allowed_when(result.allowed_by, result.denied_by)))
        conditional |= result.decision is Decision.CONDITIONAL
        via.update(Via(rule.kind, rule.source, rule.sid) for rule in result.allowed_by)
        for rule in result.allowed_by + result.denied_by:
            conditions.update(k for op in rule.conditions.values() if isinstance(op, dict) for k in op)
    if not allowed:
        return None
    levels = [lv for lv in Level if set(lv.actions) <= allowed]
    in_levels = {a for lv in levels for a in lv.actions}
    return Access(
        principal=principal.key, target=target, pattern=pattern, covers=covers,
        levels=tuple(lv.value for lv in levels), actions=tuple(sorted(allowed - in_levels)),
        conditional=conditional, conditions=tuple(sorted(conditions)), via=tuple(sorted(via, key=lambda v: (v.kind, v.document, v.sid))),
        when=tuple(when),
    )


def compute(plan: dict[str, Any]) -> Matrix:
    """The access matrix of a plan JSON object."""
    inv = load(plan)
    repo_actions, registry_actions = _actions()
    internal = _internal(inv)
    internal_arns = {p.key for p, _ in internal}
    principals = internal + [(p, []) for p in _resource_principals(inv, internal_arns)]
    access: list[Access] = []
    for principal, identity in principals:
        base = identity + list(inv.registry_rules)
        cell = _cell(principal, REGISTRY_TARGET, "*", base, registry_actions, (), False)
        access += [cell] if cell else []
        for name, arn in sorted(inv.repositories.items()):
            cell = _cell(principal, name, arn, base + list(inv.repository_rules.get(name, ())), repo_actions, (), False)
            access += [cell] if cell else []
        every = base + [r for rules in inv.repository_rules.values() for r in rules]
        patterns = _pattern_targets(inv, every, principal.caller)
        for label in inv.template_rules:
            if any(r.matches_principal(principal.caller) for r in inv.template_rules[label] if r.effect == "Allow"):
                patterns.setdefault(label, inv.registry.repository_arn(label))
        for label, arn in sorted(patterns.items()):
            covers = tuple(n for n, a in sorted(inv.repositories.items()) if wildcard_match(arn, a))
            pool = base + list(inv.template_rules.get(label, ()))
            cell = _cell(principal, label, arn, pool, repo_actions, covers, True)
            access += [cell] if cell else []
    roles, role_access = assumers(inv, [p for p, _ in internal], access)
    access += role_access
    keys = {a.principal for a in access}
    everyone = [p for p, _ in internal] + roles + [p for p, _ in principals[len(internal):]]
    return Matrix(
        stack=inv.stack, account=inv.registry.account, repositories=tuple(sorted(inv.repositories)),
        principals=[p for p in everyone if p.key in keys or p.internal and p.kind != "account" and not p.assumes],
        access=access, unresolved=inv.unresolved,
    )
