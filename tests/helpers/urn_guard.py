"""The URN guard: a stack's URNs are a contract with its state, and a repository whose URN changes is deleted and
created again. The guard fails only when a URN of the snapshot would disappear or change; new resources and a new
order of entries pass.

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

HOW_TO_ALIAS = (
    "A repository's URN changed: Pulumi would DELETE it (and its images) and create a new one. Keep the old URN with an "
    "alias: a renamed component type -> add the old type token to PREVIOUS_TYPES in components/ecr_repository.py; a "
    "resource moved into (or out of) a component -> pass opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(parent=...)"
    " or pulumi.Alias(parent=pulumi.ROOT_STACK_RESOURCE)]); a renamed repository -> set renamedFrom: <old name> on its "
    f"entry. Then re-run; update the snapshot only for URNs that are truly gone ({UPDATE}=1)."
)


def urns(result: PlanResult) -> list[str]:
    """Every URN the stack registers, sorted."""
    return sorted(r.urn for r in result.registrations)


def urn_problems(snapshot: list[str], result: PlanResult) -> list[str]:
    """The snapshot's URNs the stack neither registers nor keeps by an alias (repositories first, with the advice)."""
    kept = set(urns(result)) | {a for r in result.registrations for a in r.aliases}
    missing = [u for u in snapshot if u not in kept]
    is_repository = [any(f"{t}::" in u for t in _REPOSITORY_TYPES) for u in missing]
    out = [f"{u}: {HOW_TO_ALIAS}" for u, repo in zip(missing, is_repository) if repo]
    out += [f"{u}: no longer registered and no alias keeps it; if removing it is intended, update the snapshot ({UPDATE}=1)"
            for u, repo in zip(missing, is_repository) if not repo]
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
