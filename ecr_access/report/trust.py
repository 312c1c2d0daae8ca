"""Who holds a role's access by assuming it: every principal its trust policy lets call `sts:AssumeRole*`.

Each such principal gets the role's rows as its own (key `<principal> as <role ARN>`), under the trust policy's
conditions as well as the role's: a GitHub Actions OIDC provider trusted for one repository's `sub` holds the role's
push, conditionally on that `sub`. A trusted user or role of the stack keeps its own label; this account's root
stands for every principal of the account whose identity policy allows assuming the role.
"""

from __future__ import annotations

from dataclasses import replace

from ecr_access.report.cells import Access, Principal, Via, external, named
from ecr_access.report.conditions import UNCONDITIONAL, Alternatives, allowed_when, conjoin
from ecr_access.report.inventory import Inventory

ASSUME_ACTIONS = ("sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML")


def _trusted(inv: Inventory, role: str, internal: dict[str, Principal]) -> dict[str, Principal]:
    """The principals the Allow statements of a role's trust policy name, by key."""
    found: dict[str, Principal] = {}
    for rule in inv.trust.get(role, ()):
        if rule.effect != "Allow" or not any(rule.matches_action(a) for a in ASSUME_ACTIONS):
            continue
        for key, value in named(rule.principal):
            p = internal.get(value) if key == "AWS" else None
            p = p or external(inv.registry.account, inv.registry.partition, key, value)
            if p is not None:
                found.setdefault(p.key, p)
    return found


def _assume(inv: Inventory, role: str, principal: Principal) -> tuple[Alternatives, tuple[Via, ...], tuple[str, ...]] | None:
    """Conditions, statements and condition keys under which `principal` may assume `role` (None: it may not)."""
    rules = [r for r in inv.trust.get(role, ())
             if any(r.matches_action(a) for a in ASSUME_ACTIONS) and r.matches_principal(principal.caller)]
    allows = [r for r in rules if r.effect == "Allow"]
    denies = [r for r in rules if r.effect == "Deny"]
    if not allows or any(not r.conditional for r in denies):
        return None
    via = tuple(sorted({Via("trust", r.source, r.sid) for r in allows}, key=lambda v: v.sid))
    keys = tuple(sorted({k for r in allows + denies for block in r.conditions.values() if isinstance(block, dict)
                         for k in block}))
    return allowed_when(allows, denies), via, keys


def assumers(inv: Inventory, internal: list[Principal], access: list[Access]) -> tuple[list[Principal], list[Access]]:
    """The principals that may assume each role of the stack, and the role's rows as theirs."""
    by_key = {p.key: p for p in internal}
    principals: list[Principal] = []
    rows: list[Access] = []
    for name, arn in sorted(inv.roles.items()):
        own = [a for a in access if a.principal == arn]
        for trusted in sorted(_trusted(inv, name, by_key).values(), key=lambda p: (p.kind, p.key)):
            found = _assume(inv, name, trusted)
            if found is None:
                continue
            when, via, keys = found
            key = f"{trusted.key} as {arn}"
            principals.append(replace(trusted, key=key, label=f"{trusted.label} as role {name}", note="", assumes=arn))
            conditional = when != UNCONDITIONAL
            rows += [
                replace(a, principal=key, conditional=a.conditional or conditional,
                        conditions=tuple(sorted(set(a.conditions) | set(keys))), via=a.via + via,
                        when=tuple((action, conjoin(alts, when)) for action, alts in a.when))
                for a in own
            ]
    return principals, rows
