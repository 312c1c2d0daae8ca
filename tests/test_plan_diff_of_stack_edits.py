"""The plan diff of edits to the fixture prod stack: a changed trust policy, changed or removed conditions, and
resource options (protect, retainOnDelete, importId, dependsOn) are all reported, with the exit code."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from ecr_access.plan.render import to_json_object
from ecr_access.plan.runner import run_stack
from ecr_access.report.diff import ACCESS_GRANTED, CHANGED, main
from tests.helpers.stacks import fixture_config


def _prod_plan(edit: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """The prod plan, with `edit` applied to its decoded config (key without the `ecr-access:` namespace)."""
    config = fixture_config("prod")
    if edit:
        values = {k.split(":", 1)[1]: json.loads(v) for k, v in config.items()
                  if k.startswith("ecr-access:") and v[:1] in "[{"}
        edit(values)
        config.update({f"ecr-access:{k}": json.dumps(v) for k, v in values.items()})
    return json.loads(json.dumps(to_json_object(run_stack("prod", config=config))))


def _entry(entries: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(e for e in entries if e["name"] == name)


@pytest.fixture(scope="module")
def prod_plan():
    return _prod_plan()


def _diff(tmp_path, capsys, base, head, *extra: str) -> tuple[int, str]:
    paths = []
    for name, plan in (("base.json", base), ("head.json", head)):
        (tmp_path / name).write_text(json.dumps(plan))
        paths.append(str(tmp_path / name))
    code = main([*paths, *extra])
    return code, capsys.readouterr().out


def test_outside_account_trusted_by_a_push_role_is_new_access(tmp_path, capsys, prod_plan):
    head = _prod_plan(lambda c: _entry(c["roles"], "ecr-ci-my-repo")["trust"].update(principals=["999988887777"]))
    code, out = _diff(tmp_path, capsys, prod_plan, head)
    assert code == ACCESS_GRANTED
    assert out.splitlines()[2:] == [
        "Access: 2 gained, 0 lost",
        "  + account 999988887777 as role ecr-ci-my-repo on my-repo: pull, push"
        "  [new principal from outside this stack, trust gained, push]",
        "  + account 999988887777 as role ecr-ci-my-repo on (registry): GetAuthorizationToken"
        "  [new principal from outside this stack, trust gained]",
    ]
    # Dropping the trust again is access lost only.
    code, out = _diff(tmp_path, capsys, head, prod_plan)
    assert code == CHANGED
    assert "  - account 999988887777 as role ecr-ci-my-repo on my-repo: pull, push" in out.splitlines()


def test_oidc_subject_widened_is_a_condition_change(tmp_path, capsys, prod_plan):
    def widen(config):
        _entry(config["roles"], "ecr-ci-my-repo")["trust"]["githubActions"][0]["environments"] = ["production", "dev"]

    code, out = _diff(tmp_path, capsys, prod_plan, _prod_plan(widen), "--format", "json")
    data = json.loads(out)
    assert code == ACCESS_GRANTED == data["exitCode"]
    gained = {(c["target"], tuple(c["granted"])): c for c in data["access"] if c["change"] == "gained"}
    push = gained[("my-repo", ("pull", "push"))]
    assert push["label"] == "federated token.actions.githubusercontent.com as role ecr-ci-my-repo"
    assert push["reasons"][0] == "condition changed"
    sub = "token.actions.githubusercontent.com:sub"
    assert f"{sub} = repo:example-org/my-app:environment:dev, repo:example-org/my-app:environment:production" \
        in push["conditions"]
    assert f"{sub} = repo:example-org/my-app:environment:production" in push["previous"]


def test_changed_organization_is_access_gained_and_lost(tmp_path, capsys, prod_plan):
    def other_org(config):
        _entry(config["repositories"], "my-repo")["repositoryPolicy"]["grants"][0]["organization"] = "o-zzzzzzzzzz"

    code, out = _diff(tmp_path, capsys, prod_plan, _prod_plan(other_org))
    lines = out.splitlines()
    assert code == ACCESS_GRANTED
    assert lines[3] == (
        "  + anyone (*) on my-repo: pull if StringEquals aws:PrincipalOrgID = o-zzzzzzzzzz"
        " (before: if StringEquals aws:PrincipalOrgID = o-a1b2c3d4e5)"
        "  [condition changed, wildcard principal, principal from outside this stack, conditional]")
    assert ("  - anyone (*) on my-repo: pull if StringEquals aws:PrincipalOrgID = o-a1b2c3d4e5"
            " (now: if StringEquals aws:PrincipalOrgID = o-zzzzzzzzzz)  [condition changed]") in lines
    # ecrUser's pull on my-repo is unconditional (its identity policy): the organization does not change it.
    assert not any("user ecrUser" in line for line in lines)


def test_removed_source_ip_restriction_is_access_gained(tmp_path, capsys, prod_plan):
    def restrict(config):
        _entry(config["users"], "ecrUser")["grants"][0]["sourceIps"] = ["203.0.113.0/24"]

    restricted = _prod_plan(restrict)
    code, out = _diff(tmp_path, capsys, restricted, prod_plan)
    assert code == ACCESS_GRANTED
    assert out.splitlines()[2:] == [
        "Access: 1 gained, 0 lost",
        "  + user ecrUser on my-repo: pull, push (before: if IpAddress aws:SourceIp = 203.0.113.0/24;"
        " IpAddress aws:SourceIp = 203.0.113.0/24 or StringEquals aws:PrincipalOrgID = o-a1b2c3d4e5)"
        "  [condition removed, push]",
    ]
    # Adding the restriction narrows access: lost, exit 10.
    code, out = _diff(tmp_path, capsys, prod_plan, restricted)
    assert code == CHANGED
    assert out.splitlines()[2] == "Access: 0 gained, 1 lost"
    assert out.splitlines()[3].endswith("[condition added]")


def test_resource_options_are_compared_and_protection_turned_off_is_a_warning(tmp_path, capsys, prod_plan):
    base = _prod_plan(lambda c: _entry(c["repositories"], "team-b/alpine").update(retainOnDelete=True))

    def loosen(config):
        _entry(config["repositories"], "my-repo").update(protect=False)
        _entry(config["repositories"], "team-a/api").update(importId="team-a/api")

    head = _prod_plan(loosen)
    depends = next(r for r in head["resources"] if r["name"] == "team-a/alpine" and r["type"].endswith(":Repository"))
    depends["options"]["dependsOn"] = [next(r["urn"] for r in head["resources"] if r["name"] == "my-repo")]
    code, out = _diff(tmp_path, capsys, base, head)
    assert code == CHANGED
    assert out.splitlines() == [
        "Resources: 4 change(s)",
        "  updated  aws:ecr/repository:Repository my-repo (options: protect) WARNING: protect turned off",
        "  updated  aws:ecr/repository:Repository team-b/alpine (options: retainOnDelete)"
        " WARNING: retainOnDelete turned off",
        "  updated  aws:ecr/repository:Repository team-a/alpine (options: dependsOn)",
        "  updated  aws:ecr/repository:Repository team-a/api (options: importId, retainOnDelete)",
        "Access: 0 gained, 0 lost",
    ]
    code, out = _diff(tmp_path, capsys, base, head, "--format", "markdown")
    assert "**Warning: `aws:ecr/repository:Repository` my-repo: protect turned off** (it can now be deleted or replaced)" \
        in out.splitlines()


def test_a_repository_replaced_or_deleted_unprotected_is_a_warning_that_its_images_are_lost(tmp_path, capsys):
    def edit(config):
        _entry(config["repositories"], "team-a/api").update(encryption="AES256")  # encryption: replaced
        config["repositories"].remove(_entry(config["repositories"], "team-b/alpine"))
        _entry(config["repositories"], "team-a/alpine").update(protect=False)

    base = _prod_plan(lambda c: _entry(c["repositories"], "team-a/alpine").update(protect=False))
    base_gone = _prod_plan(lambda c: _entry(c["repositories"], "team-b/alpine").update(protect=False))
    head = _prod_plan(edit)
    _, out = _diff(tmp_path, capsys, base, head)
    repository_lines = [line for line in out.splitlines() if "aws:ecr/repository:Repository" in line]
    assert "  replaced aws:ecr/repository:Repository team-a/api (changed: encryptionConfigurations) WARNING: replaced: its images lost" \
        in repository_lines, out
    # Removing a protected repository: Pulumi refuses to delete it, so no loss to warn of.
    assert "  removed  aws:ecr/repository:Repository team-b/alpine" in repository_lines, out
    _, out = _diff(tmp_path, capsys, base_gone, head)
    assert "  removed  aws:ecr/repository:Repository team-b/alpine WARNING: deleted: its images lost" in out.splitlines(), out
    _, out = _diff(tmp_path, capsys, base_gone, head, "--format", "markdown")
    assert "**Warning: `aws:ecr/repository:Repository` team-b/alpine: deleted: its images lost**" in out.splitlines()
