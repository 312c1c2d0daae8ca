"""What changed between two plans: resources added/removed/replaced/updated, and access gained/lost, riskiest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from report.access import REGISTRY_TARGET, Matrix

# Inputs whose change makes the provider replace the resource (delete + create), per type.
REPLACE_ON = {
    "aws:ecr/repository:Repository": ("name", "encryptionConfigurations"),
    "aws:ecr/repositoryPolicy:RepositoryPolicy": ("repository",),
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": ("repository",),
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": ("ecrRepositoryPrefix", "upstreamRegistryUrl"),
    "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": ("prefix",),
    "aws:iam/user:User": ("name",),
    "aws:iam/group:Group": ("name",),
    "aws:iam/role:Role": ("name", "path"),
    "aws:iam/policy:Policy": ("name", "path", "description"),
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": ("user", "policyArn"),
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": ("group", "policyArn"),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ("role", "policyArn"),
    "aws:iam/userGroupMembership:UserGroupMembership": ("user",),
    "aws:iam/accessKey:AccessKey": ("user", "pgpKey"),
}
REPOSITORY = "aws:ecr/repository:Repository"

# Actions beyond the levels that change who controls a repository or what it holds.
ADMIN_ACTIONS = frozenset({
    "ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy", "ecr:DeleteRepository", "ecr:BatchDeleteImage",
    "ecr:CreateRepository", "ecr:BatchImportUpstreamImage", "ecr:PutLifecyclePolicy", "ecr:PutImageTagMutability",
    "ecr:ReplicateImage", "ecr:PutRegistryPolicy", "ecr:DeleteRegistryPolicy", "ecr:CreatePullThroughCacheRule",
    "ecr:PutReplicationConfiguration",
})


@dataclass(frozen=True)
class ResourceChange:
    """One resource that is added, removed, replaced or updated in place."""

    change: str  # added | removed | replaced | updated | moved
    type: str
    name: str
    urn: str
    detail: str = ""


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


def _by_urn(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["urn"]: r for r in plan.get("resources") or []}


def resource_changes(base: dict[str, Any], head: dict[str, Any]) -> list[ResourceChange]:
    """Resources added, removed, replaced (replace-triggering input changed, or a repository name moved to a new URN)."""
    old, new = _by_urn(base), _by_urn(head)
    aliased = {alias for r in new.values() for alias in (r.get("options") or {}).get("aliases") or []}
    out: list[ResourceChange] = []
    for urn, res in new.items():
        if urn not in old:
            continue
        before, after = old[urn].get("inputs") or {}, res.get("inputs") or {}
        if before == after:
            continue
        triggers = [k for k in REPLACE_ON.get(res["type"], ()) if before.get(k) != after.get(k)]
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        kind = "replaced" if triggers else "updated"
        out.append(ResourceChange(kind, res["type"], res["name"], urn, "changed: " + ", ".join(triggers or changed)))
    removed = {u: r for u, r in old.items() if u not in new and u not in aliased}
    added = {u: r for u, r in new.items() if u not in old and not set((r.get("options") or {}).get("aliases") or []) & set(old)}
    removed_repos = {(r.get("inputs") or {}).get("name"): u for u, r in removed.items() if r["type"] == REPOSITORY}
    for urn, res in added.items():
        name = (res.get("inputs") or {}).get("name")
        if res["type"] == REPOSITORY and name in removed_repos:
            old_urn = removed.pop(removed_repos.pop(name))["urn"]
            out.append(ResourceChange("replaced", res["type"], res["name"], urn, f"same repository name, new URN (was {old_urn})"))
        else:
            out.append(ResourceChange("added", res["type"], res["name"], urn))
    out += [ResourceChange("removed", r["type"], r["name"], u) for u, r in removed.items()]
    for urn, res in new.items():
        moved_from = set((res.get("options") or {}).get("aliases") or []) & set(old)
        if urn not in old and moved_from:
            out.append(ResourceChange("moved", res["type"], res["name"], urn, f"alias of {min(moved_from)}: no replacement"))
    order = {"replaced": 0, "removed": 1, "added": 2, "updated": 3, "moved": 4}
    return sorted(out, key=lambda c: (order[c.change], c.type, c.name))


def _risk(matrix: Matrix, base: Matrix, key: str, target: str, gained: frozenset[str]) -> tuple[int, tuple[str, ...]]:
    principal = matrix.principal(key)
    row = matrix.rows(key)[target]
    score, reasons = 0, []
    if principal.kind == "anyone":
        score, reasons = score + 1000, reasons + ["wildcard principal"]
    if not principal.internal and key not in {p.key for p in base.principals}:
        score, reasons = score + 500, reasons + ["new principal from outside this stack"]
    elif not principal.internal:
        score, reasons = score + 200, reasons + ["principal from outside this stack"]
    if "push" in gained:
        score, reasons = score + 100, reasons + ["push"]
    if gained & ADMIN_ACTIONS:
        score, reasons = score + 100, reasons + ["admin actions"]
    if row.pattern:
        score, reasons = score + (60 if target == "*" else 40), reasons + ["wildcard target" if target == "*" else "namespace target"]
    if "pull" in gained:
        score += 20
    if row.conditional:
        score, reasons = score - 5, reasons + ["conditional"]
    return score + len(gained), tuple(reasons)


def access_changes(base: Matrix, head: Matrix) -> list[AccessChange]:
    """Access gained (riskiest first), then access lost, per principal and target."""
    def cells(m: Matrix) -> dict[tuple[str, str], frozenset[str]]:
        return {(a.principal, a.target): a.granted for a in m.access}

    before, after = cells(base), cells(head)
    gained, lost = [], []
    for (key, target), now in after.items():
        extra = now - before.get((key, target), frozenset())
        if extra:
            risk, reasons = _risk(head, base, key, target, extra)
            gained.append(AccessChange("gained", key, head.principal(key).label, target, tuple(sorted(extra)), risk, reasons))
    for (key, target), then in before.items():
        missing = then - after.get((key, target), frozenset())
        if missing:
            lost.append(AccessChange("lost", key, base.principal(key).label, target, tuple(sorted(missing)), 0, ()))
    gained.sort(key=lambda c: (-c.risk, c.label, c.target != REGISTRY_TARGET, c.target))
    lost.sort(key=lambda c: (c.label, c.target))
    return gained + lost
