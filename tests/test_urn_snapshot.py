"""The dev stack's URNs are a contract with its state: a repository whose URN changes is deleted and created again.

Update the snapshot deliberately (after adding resources, or after an alias keeps an old URN):
    ECR_ACCESS_UPDATE_SNAPSHOT=1 /work/venv/bin/python -m pytest tests/test_urn_snapshot.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import components.ecr_repository as ecr_repository
from plan.runner import PlanResult, run_stack

SNAPSHOT = Path(__file__).parent / "snapshots" / "dev-urns.txt"
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
    """What differs from the snapshot: URNs neither registered nor aliased (repositories first), then new URNs."""
    current = set(urns(result))
    kept = current | {a for r in result.registrations for a in r.aliases}
    missing = [u for u in snapshot if u not in kept]
    out = [f"{u}: {HOW_TO_ALIAS}" for u in missing if any(f"{t}::" in u for t in _REPOSITORY_TYPES)]
    out += [f"{u}: no longer registered and no alias keeps it; if removing it is intended, update the snapshot ({UPDATE}=1)"
            for u in missing if not any(f"{t}::" in u for t in _REPOSITORY_TYPES)]
    out += [f"{u}: new resource; add it to the snapshot deliberately ({UPDATE}=1)" for u in sorted(current - set(snapshot))]
    return out


def read_snapshot() -> list[str]:
    """The checked-in URNs."""
    return [line for line in SNAPSHOT.read_text().splitlines() if line and not line.startswith("#")]


def test_dev_stack_urns_match_the_snapshot():
    result = run_stack("dev")
    if os.environ.get(UPDATE) == "1":
        SNAPSHOT.write_text("# URNs of the dev stack; see tests/test_urn_snapshot.py before editing.\n" + "\n".join(urns(result)) + "\n")
    problems = urn_problems(read_snapshot(), result)
    assert not problems, "\n".join(problems)


def test_renaming_the_component_type_is_caught_and_previous_types_keeps_the_urns(monkeypatch):
    monkeypatch.setattr(ecr_repository, "TYPE", "ecr-access:registry:Repository")
    renamed = run_stack("dev")
    problems = urn_problems(read_snapshot(), renamed)
    repo_urn = "urn:pulumi:dev::ecr-access::ecr-access:ecr:EcrRepository$aws:ecr/repository:Repository::my-repo"
    assert any(p.startswith(repo_urn + ": A repository's URN changed") and "PREVIOUS_TYPES" in p for p in problems)
    monkeypatch.setattr(ecr_repository, "PREVIOUS_TYPES", ("ecr-access:ecr:EcrRepository",))
    aliased = run_stack("dev")
    # Old URNs are kept by aliases; only the new URNs remain to be written to the snapshot.
    assert [p for p in urn_problems(read_snapshot(), aliased) if "new resource" not in p] == []


def _renamed(dev_config, **entry) -> dict[str, str]:
    repos = json.loads(dev_config["ecr-access:repositories"])
    repos[1] = {**repos[1], "name": "team-a/alpine-base", **entry}
    return {**dev_config, "ecr-access:repositories": json.dumps(repos)}


def test_a_renamed_repository_without_renamed_from_fails_with_the_alias_advice(dev_config):
    problems = urn_problems(read_snapshot(), run_stack("dev", config=_renamed(dev_config)))
    old = "urn:pulumi:dev::ecr-access::ecr-access:ecr:EcrRepository$aws:ecr/repository:Repository::team-a/alpine"
    assert any(p.startswith(f"{old}: A repository's URN changed") and "renamedFrom" in p for p in problems)


def test_renamed_from_keeps_every_old_urn_of_the_repository(dev_config):
    problems = urn_problems(read_snapshot(), run_stack("dev", config=_renamed(dev_config, renamedFrom="team-a/alpine")))
    assert problems and all("new resource" in p for p in problems)
