"""What changed between two plans: resources added/removed/replaced/updated, and access gained/lost, riskiest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecr_access.iam.guardrails import registry_admin
from ecr_access.iam.levels import CONTROL_ACTIONS, Level
from ecr_access.report.access import REGISTRY_TARGET, Access, Matrix
from ecr_access.report.conditions import describe, relation

# Inputs whose change makes the provider replace the resource (delete + create), per type.
REPLACE_ON = {
    "aws:ecr/repository:Repository": ("name", "encryptionConfigurations"),
    "aws:ecr/repositoryPolicy:RepositoryPolicy": ("repository",),
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": ("repository",),
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": ("ecrRepositoryPrefix", "upstreamRegistryUrl"),
    "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": ("prefix",),
    "aws:ecr/pullTimeUpdateExclusion:PullTimeUpdateExclusion": ("principalArn",),
    "aws:iam/user:User": ("name",),
    "aws:iam/group:Group": ("name",),
    "aws:iam/role:Role": ("name", "path"),
    "aws:iam/policy:Policy": ("name", "path", "description"),
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": ("user", "policyArn"),
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": ("group", "policyArn"),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ("role", "policyArn"),
    "aws:iam/userGroupMembership:UserGroupMembership": ("user",),
    "aws:iam/accessKey:AccessKey": ("user", "pgpKey"),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": ("url",),
    "aws:kms/key:Key": ("customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId"),
    "aws:kms/alias:Alias": ("name",),
    # A replaced topic loses its subscriptions.
    "aws:sns/topic:Topic": ("name", "fifoTopic"),
    "aws:sns/topicPolicy:TopicPolicy": ("arn",),
    "aws:cloudwatch/eventRule:EventRule": ("name", "eventBusName"),
    "aws:cloudwatch/eventTarget:EventTarget": ("rule", "targetId", "eventBusName"),
}
REPOSITORY = "aws:ecr/repository:Repository"
# What replacing or deleting a resource loses that no `pulumi up` brings back.
HOLDS = {REPOSITORY: "its images", "aws:kms/key:Key": "what it encrypted (unreadable)",
         "aws:sns/topic:Topic": "its subscriptions"}

# Actions that change who controls a repository or the registry, or what they hold: admin's, creating and filling
# repositories, and the registry-wide settings (the rules the program and the pack apply).
ADMIN_ACTIONS = CONTROL_ACTIONS | frozenset(registry_admin.REGISTRY_ADMIN_ACTIONS)
# The level that administers a repository: change or delete it, its policies and its images.
ADMIN_LEVEL = Level.ADMIN.value


@dataclass(frozen=True)
class ResourceChange:
    """One resource that is added, removed, replaced or updated in place."""

    change: str  # added | removed | replaced | updated | moved
    type: str
    name: str
    urn: str
    detail: str = ""
    warnings: tuple[str, ...] = ()  # e.g. "protect turned off": the resource can now be deleted or replaced


@dataclass(frozen=True)
class AccessChange:
    """Levels/actions one principal gains or loses on one target, with a risk score (higher = review first)."""

    change: str  # gained | lost
    principal: str
    label: str
    target: str
    granted: tuple[str, ...]
    risk: int
    reasons: tuple[str, ...]
    conditions: str = ""  # the conditions (`operator key = values`) it is held under after the change ("" = none)
    previous: str = ""  # ... and before it


def _by_urn(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["urn"]: r for r in plan.get("resources") or []}


# Options that, turned off, let a delete or replacement go through (a repository's images go with it).
SAFETY_OPTIONS = ("protect", "retainOnDelete")


def _option_changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[list[str], tuple[str, ...]]:
    """(options whose value changed, warnings for safety options turned off)."""
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    warnings = tuple(f"{k} turned off" for k in SAFETY_OPTIONS if before.get(k) and not after.get(k))
    return changed, warnings


def _loss(how: str, type_: str, options: dict[str, Any] | None = None) -> tuple[str, ...]:
    # A data-holding resource replaced, or deleted (unless Pulumi keeps it: protected or retained on delete).
    if type_ not in HOLDS or (options and (options.get("protect") or options.get("retainOnDelete"))):
        return ()
    return (f"{how}: {HOLDS[type_]} lost",)


def resource_changes(base: dict[str, Any], head: dict[str, Any]) -> list[ResourceChange]:
    """Resources added, removed, replaced (replace-triggering input changed, or a repository name moved to a new URN),
    updated (inputs or resource options changed); protect/retainOnDelete turned off is a warning, listed first."""
    old, new = _by_urn(base), _by_urn(head)
    aliased = {alias for r in new.values() for alias in (r.get("options") or {}).get("aliases") or []}
    out: list[ResourceChange] = []
    for urn, res in new.items():
        if urn not in old:
            continue
        before, after = old[urn].get("inputs") or {}, res.get("inputs") or {}
        options, warnings = _option_changes(old[urn].get("options") or {}, res.get("options") or {})
        if before == after and not options:
            continue
        triggers = [k for k in REPLACE_ON.get(res["type"], ()) if before.get(k) != after.get(k)]
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        kind = "replaced" if triggers else "updated"
        detail = [f"changed: {', '.join(triggers or changed)}"] if changed else []
        detail += [f"options: {', '.join(options)}"] if options else []
        warnings += _loss("replaced", res["type"]) if triggers else ()
        out.append(ResourceChange(kind, res["type"], res["name"], urn, "; ".join(detail), warnings))
    removed = {u: r for u, r in old.items() if u not in new and u not in aliased}
    added = {u: r for u, r in new.items() if u not in old and not set((r.get("options") or {}).get("aliases") or []) & set(old)}
    removed_repos = {(r.get("inputs") or {}).get("name"): u for u, r in removed.items() if r["type"] == REPOSITORY}
    for urn, res in added.items():
        name = (res.get("inputs") or {}).get("name")
        if res["type"] == REPOSITORY and name in removed_repos:
            old_urn = removed.pop(removed_repos.pop(name))["urn"]
            out.append(ResourceChange("replaced", res["type"], res["name"], urn, f"same repository name, new URN (was {old_urn})",
                                      _loss("replaced", res["type"])))
        else:
            out.append(ResourceChange("added", res["type"], res["name"], urn))
    out += [ResourceChange("removed", r["type"], r["name"], u, warnings=_loss("deleted", r["type"], r.get("options") or {}))
            for u, r in removed.items()]
    for urn, res in new.items():
        moved_from = set((res.get("options") or {}).get("aliases") or []) & set(old)
        if urn not in old and moved_from:
            out.append(ResourceChange("moved", res["type"], res["name"], urn, f"alias of {min(moved_from)}: no replacement"))
    order = {"replaced": 0, "removed": 1, "added": 2, "updated": 3, "moved": 4}
    return sorted(out, key=lambda c: (not c.warnings, order[c.change], c.type, c.name))


def _risk(matrix: Matrix, base: Matrix, key: str, target: str, gained: frozenset[str]) -> tuple[int, tuple[str, ...]]:
    principal = matrix.principal(key)
    row = matrix.rows(key)[target]
    known = {p.key for p in base.principals}
    score, reasons = 0, list[str]()
    if principal.kind == "anyone":
        score, reasons = score + 1000, reasons + ["wildcard principal"]
    if not principal.internal and principal.who not in {p.who for p in base.principals}:
        score, reasons = score + 500, reasons + ["new principal from outside this stack"]
    elif not principal.internal:
        score, reasons = score + 200, reasons + ["principal from outside this stack"]
    if principal.assumes and key not in known:
        score, reasons = score + 50, reasons + ["trust gained"]
    if "push" in gained:
        score, reasons = score + 100, reasons + ["push"]
    if ADMIN_LEVEL in gained or gained & ADMIN_ACTIONS:
        score, reasons = score + 100, reasons + ["admin actions"]
    if row.pattern:
        score, reasons = score + (60 if target == "*" else 40), reasons + ["wildcard target" if target == "*" else "namespace target"]
    if "pull" in gained:
        score += 20
    if row.conditional:
        score, reasons = score - 5, reasons + ["conditional"]
    return score + len(gained), tuple(reasons)


# How a condition change of items held before and after is reported: (gained reason, lost reason); None = not reported.
_CONDITION_CHANGE = {"removed": ("condition removed", None), "added": (None, "condition added"),
                     "changed": ("condition changed", "condition changed")}
_CONDITION_RISK = {"condition removed": 50, "condition changed": 30}


def _groups(then: Access | None, now: Access | None, side: int) -> dict[str, set[str]]:
    """Items gained (side 0) or lost (side 1) between two cells, by reason ("" = held on one side only)."""
    old, new = (then, now) if side == 0 else (now, then)
    held_old = old.granted if old else frozenset()
    groups: dict[str, set[str]] = {"": set((new.granted if new else frozenset()) - held_old)}
    if then and now:
        for item in then.granted & now.granted:
            verdicts = {relation(a, b) for a, b in zip(then.when_of(item), now.when_of(item))} - {"same"}
            verdict = verdicts.pop() if len(verdicts) == 1 else ("changed" if verdicts else "same")
            reason = _CONDITION_CHANGE.get(verdict, (None, None))[side]
            if reason:
                groups.setdefault(reason, set()).add(item)
    return {reason: items for reason, items in groups.items() if items}


def _described(then: Access | None, now: Access | None, items: set[str]) -> tuple[str, str]:
    """The conditions of some items after and before a change (a side where they are not compared: "")."""
    def conditions(cell: Access | None) -> str:
        return describe(w for i in sorted(items) for w in cell.when_of(i)) if cell else ""

    return conditions(now), conditions(then)


def access_changes(base: Matrix, head: Matrix) -> list[AccessChange]:
    """Access gained (riskiest first), then access lost, per principal and target; condition changes count too."""
    before = {(a.principal, a.target): a for a in base.access}
    after = {(a.principal, a.target): a for a in head.access}
    gained, lost = [], []
    for (key, target), now in after.items():
        then = before.get((key, target))
        for reason, items in _groups(then, now, 0).items():
            risk, reasons = _risk(head, base, key, target, frozenset(items))
            risk += _CONDITION_RISK.get(reason, 0)
            reasons = (reason,) + reasons if reason else reasons
            gained.append(AccessChange("gained", key, head.principal(key).label, target, tuple(sorted(items)), risk,
                                       reasons, *_described(then if reason else None, now, items)))
    for (key, target), was in before.items():
        still = after.get((key, target))
        for reason, items in _groups(was, still, 1).items():
            lost.append(AccessChange("lost", key, base.principal(key).label, target, tuple(sorted(items)), 0,
                                     (reason,) if reason else (), *_described(was, still if reason else None, items)))
    gained.sort(key=lambda c: (-c.risk, c.label, c.target != REGISTRY_TARGET, c.target))
    lost.sort(key=lambda c: (c.label, c.target))
    return gained + lost
