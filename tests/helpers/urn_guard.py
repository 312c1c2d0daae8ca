"""The URN guard: a stack's URNs are a contract with its state, and a repository whose URN changes is deleted and
created again, and a repository that disappears is deleted. The guard fails only when a URN of the snapshot would
disappear or change, saying which and what to do; new resources and a new order of entries pass.

Update a snapshot deliberately (after an alias keeps an old URN, or to guard resources added since):
    ECR_ACCESS_UPDATE_SNAPSHOT=1 venv/bin/python -m pytest tests/test_urn_snapshot.py
"""

from __future__ import annotations

import os
from pathlib import Path

from ecr_access.plan.runner import PlanResult

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"
UPDATE = "ECR_ACCESS_UPDATE_SNAPSHOT"
_REPOSITORY_TYPES = ("aws:ecr/repository:Repository", "ecr-access:ecr:EcrRepository")

URN_CHANGED = (
    "its URN changed (the same resource is registered under a new URN): Pulumi would DELETE it (a repository with its "
    "images) and create it again. Keep the old URN with an alias: a renamed component type -> add the old type token to "
    "PREVIOUS_TYPES in components/ecr_repository.py; a resource moved into (or out of) a component -> pass "
    "opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(parent=...) or pulumi.Alias(parent=pulumi.ROOT_STACK_RESOURCE)])."
)
REPOSITORY_REMOVED = (
    "this repository is no longer declared: Pulumi would DELETE it and its images (on a protected stack the update fails "
    "instead). Renamed it? Set renamedFrom: {name} on the renamed entry. Removing it but keeping it in AWS? First deploy "
    f"its entry with retainOnDelete: true and protect: false, then remove the entry and update the snapshot ({UPDATE}=1)."
)
REMOVED = f"no longer registered and no alias keeps it: Pulumi would delete it; if that is intended, update the snapshot ({UPDATE}=1)"


def urns(result: PlanResult) -> list[str]:
    """Every URN the stack registers, sorted."""
    return sorted(r.urn for r in result.registrations)


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def urn_problems(snapshot: list[str], result: PlanResult) -> list[str]:
    """The snapshot's URNs the stack neither registers nor keeps by an alias: a resource registered under a new URN
    gets the alias advice; a removed repository what deleting it means and how to rename or keep it; any other
    removed resource how to accept its removal."""
    registered = urns(result)
    kept = set(registered) | {a for r in result.registrations for a in r.aliases}
    renamed = {_name(u) for u in registered if u not in snapshot}
    out = []
    for urn in (u for u in snapshot if u not in kept):
        if _name(urn) in renamed:
            out.append(f"{urn}: {URN_CHANGED}")
        elif any(f"{t}::" in urn for t in _REPOSITORY_TYPES):
            out.append(f"{urn}: {REPOSITORY_REMOVED.format(name=_name(urn))}")
        else:
            out.append(f"{urn}: {REMOVED}")
    return out


def snapshot_file(stack: str) -> Path:
    """Where the snapshot of a stack's URNs is kept."""
    return SNAPSHOTS / f"{stack}-urns.txt"


def read_snapshot(path: Path) -> list[str]:
    """The checked-in URNs."""
    return [line for line in path.read_text().splitlines() if line and not line.startswith("#")]


def guard(stack: str, result: PlanResult, snapshots: Path = SNAPSHOTS) -> list[str]:
    """The guard on one stack's plan (rewriting its snapshot first when asked to); empty when every URN is kept."""
    path = snapshots / snapshot_file(stack).name
    if os.environ.get(UPDATE) == "1":
        path.write_text(f"# URNs of the {stack} stack; see tests/helpers/urn_guard.py before editing.\n" + "\n".join(urns(result)) + "\n")
    return urn_problems(read_snapshot(path), result) if path.exists() else []
