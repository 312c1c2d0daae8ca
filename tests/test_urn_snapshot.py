"""The URN guard (tests/helpers/urn_guard.py): on the project's stacks, every snapshot URN is kept; on the fixture stack, a URN
that would disappear or change fails with the alias advice, while additions and reorderings pass."""

from __future__ import annotations

import json

import pytest

import ecr_access.components.ecr_repository as ecr_repository
from ecr_access.plan.runner import PROJECT_DIR, run_stack
from tests.helpers.shipped_config import run_shipped
from tests.helpers.stack_invariants import stack_names
from tests.helpers.stacks import fixture_config, run_fixture
from tests.helpers.urn_guard import guard, snapshot_file, urn_problems, urns

REPO_URN = "urn:pulumi:dev::ecr-access::ecr-access:ecr:EcrRepository$aws:ecr/repository:Repository::{}"


@pytest.mark.parametrize("stack", stack_names(PROJECT_DIR))
def test_the_stack_keeps_every_urn_of_its_snapshot(stack):
    if not snapshot_file(stack).exists():
        pytest.skip(f"no URN snapshot for {stack} yet ({snapshot_file(stack).name})")
    problems = guard(stack, run_shipped(stack))
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def fixture_urns() -> list[str]:
    return urns(run_fixture("dev"))


def _edited(edit) -> dict[str, str]:
    config = fixture_config("dev")
    values = {k: json.loads(v) for k, v in config.items() if v[:1] in "[{"}
    edit(values)
    return {**config, **{k: json.dumps(v) for k, v in values.items()}}


def _entry(values, key: str, name: str) -> dict:
    return next(e for e in values[f"ecr-access:{key}"] if e["name"] == name)


def test_additions_and_reorderings_pass(fixture_urns):
    def edit(values):
        values["ecr-access:repositories"] = [{"name": "aaa-new"}] + values["ecr-access:repositories"][::-1]
        values["ecr-access:groups"].insert(0, {"name": "aaa-pullers", "grants": [{"levels": ["pull"], "repository": "aaa-new"}]})
        values["ecr-access:users"].reverse()

    result = run_stack("dev", config=_edited(edit))
    assert REPO_URN.format("aaa-new") in urns(result)
    assert urn_problems(fixture_urns, result) == []


def test_renaming_the_component_type_is_caught_and_previous_types_keeps_the_urns(monkeypatch, fixture_urns):
    monkeypatch.setattr(ecr_repository, "TYPE", "ecr-access:registry:Repository")
    problems = urn_problems(fixture_urns, run_fixture("dev"))
    assert any(p.startswith(REPO_URN.format("my-repo") + ": its URN changed") and "PREVIOUS_TYPES" in p
               for p in problems)
    assert not any("no longer declared" in p for p in problems)
    monkeypatch.setattr(ecr_repository, "PREVIOUS_TYPES", ("ecr-access:ecr:EcrRepository",))
    assert urn_problems(fixture_urns, run_fixture("dev")) == []


def _renamed(**entry):
    def edit(values):
        _entry(values, "repositories", "team-a/alpine").update(name="team-a/alpine-base", **entry)
    return _edited(edit)


def test_a_renamed_repository_without_renamed_from_fails_with_the_renamed_from_advice(fixture_urns):
    problems = urn_problems(fixture_urns, run_stack("dev", config=_renamed()))
    assert any(p.startswith(f"{REPO_URN.format('team-a/alpine')}: this repository is no longer declared")
               and "Set renamedFrom: team-a/alpine on the renamed entry" in p for p in problems)


def test_renamed_from_keeps_every_old_urn_of_the_repository(fixture_urns):
    assert urn_problems(fixture_urns, run_stack("dev", config=_renamed(renamedFrom="team-a/alpine"))) == []


def test_a_removed_resource_fails_and_says_how_to_accept_it(fixture_urns):
    def edit(values):
        values["ecr-access:users"] = [u for u in values["ecr-access:users"] if u["name"] != "bob"]

    problems = urn_problems(fixture_urns, run_stack("dev", config=_edited(edit)))
    assert problems and all("bob" in p and "no longer registered" in p for p in problems)


def test_a_removed_repository_says_pulumi_would_delete_it_and_how_to_keep_it(fixture_urns):
    def edit(values):
        values["ecr-access:repositories"] = [r for r in values["ecr-access:repositories"] if r["name"] != "team-a/alpine"]

    problems = urn_problems(fixture_urns, run_stack("dev", config=_edited(edit)))
    [removed] = [p for p in problems if p.startswith(REPO_URN.format("team-a/alpine") + ": ")]
    assert "Pulumi would DELETE it and its images" in removed
    assert "retainOnDelete: true and protect: false, then remove the entry" in removed
    assert "create" not in removed and "alias" not in removed
