"""The GitHub workflows, checked offline: GitHub's workflow schema, actionlint, pinned actions, what each job may do
and read, fork pull requests, and the access diff's shell steps run for real."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
BIN = Path(sys.executable).parent

SAME_REPO = "github.event.pull_request.head.repo.full_name == github.repository"
FORK = "github.event.pull_request.head.repo.full_name != github.repository"
PINNED = re.compile(r"^(?P<action>[\w.-]+/[\w.-]+(?:/[\w./-]+)?)@(?P<sha>[0-9a-f]{40})$")
TAG_COMMENT = re.compile(r"#\s*(v\d+(?:\.\d+){0,2})\s*$")


def _load(name: str) -> dict:
    # PyYAML (YAML 1.1) reads the `on:` key as True; put it back under "on".
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True)
    return data


def _steps(name: str):
    """(job id, job, step) for every step of a workflow."""
    for job_id, job in _load(name)["jobs"].items():
        for step in job["steps"]:
            yield job_id, job, step


def _tool(name: str) -> str:
    tool = shutil.which(name, path=str(BIN))
    assert tool, f"{name} is pinned in requirements-dev.txt"
    return tool


def test_both_workflows_exist():
    assert [f.name for f in FILES] == ["deploy-dev.yml", "pull-request.yml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_matches_the_vendored_github_workflow_schema(path):
    run = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_finds_nothing():
    run = subprocess.run([_tool("actionlint"), "-no-color", *map(str, FILES)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_release_tag(path):
    used = [step["uses"] for _, _, step in _steps(path.name) if "uses" in step]
    assert used, "the workflow uses actions"
    lines = path.read_text().splitlines()
    for uses in used:
        if uses.startswith("./"):
            continue
        assert PINNED.match(uses), f"{uses} is not pinned to a full commit SHA"
        line = next(line for line in lines if re.search(rf"uses:\s*{re.escape(uses)}(\s|$)", line))
        assert TAG_COMMENT.search(line), f"{line.strip()!r} has no `# vX.Y.Z` comment naming the pinned release"


def test_each_action_is_pinned_to_one_commit_and_tag_everywhere():
    pins: dict[str, set[str]] = {}
    for path in FILES:
        for line in path.read_text().splitlines():
            found = re.search(r"uses:\s*([\w.-]+/[\w./-]+)@(\S+)\s*(#.*)?$", line)
            if found:
                pins.setdefault(found[1], set()).add(f"{found[2]} {found[3]}")
    assert {"actions/checkout", "actions/setup-python", "aws-actions/configure-aws-credentials", "pulumi/actions",
            "marocchino/sticky-pull-request-comment"} <= pins.keys()
    assert {action: len(p) for action, p in pins.items() if len(p) > 1} == {}


def test_checkouts_keep_no_credentials():
    checkouts = [step for path in FILES for _, _, step in _steps(path.name)
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 6
    assert all(step["with"]["persist-credentials"] is False for step in checkouts)


def test_pull_request_workflow_jobs_and_minimal_permissions():
    wf = _load("pull-request.yml")
    assert wf["on"] == {"pull_request": {"branches": ["main"]}}
    assert wf["permissions"] == {"contents": "read"}
    jobs = wf["jobs"]
    assert [step.get("run") for step in jobs["test"]["steps"][-2:]] == ["make test VENV=venv", "make lint VENV=venv"]
    assert "permissions" not in jobs["test"]
    assert jobs["access-diff"]["permissions"] == {"contents": "read", "pull-requests": "write"}
    steps = jobs["access-diff"]["steps"]
    assert steps[1]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    diff_run = next(s["run"] for s in steps if s.get("id") == "diff")
    assert "python -m ecr_access.diff ../base-plan.json ../head-plan.json --format markdown" in diff_run


def test_preview_comments_from_its_own_read_only_environment_not_the_deploy_one():
    preview = _load("pull-request.yml")["jobs"]["preview"]
    deploy = _load("deploy-dev.yml")["jobs"]["up"]
    # comment-on-pr needs pull-requests: write; OIDC needs id-token: write.
    assert preview["permissions"] == {"contents": "read", "id-token": "write", "pull-requests": "write"}
    stacks = preview["strategy"]["matrix"]["stack"]
    assert stacks == ["dev", "prod"]
    environments = [preview["environment"].replace("${{ matrix.stack }}", stack) for stack in stacks]
    assert environments == ["dev-preview", "prod-preview"]
    assert deploy["environment"] not in environments
    creds = next(s for s in preview["steps"] if s.get("uses", "").startswith("aws-actions/configure-aws-credentials"))
    assert creds["with"]["role-to-assume"] == "${{ vars.AWS_ROLE_ARN }}"
    pulumi = next(s for s in preview["steps"] if s.get("uses", "").startswith("pulumi/actions"))
    assert pulumi["with"]["command"] == "preview" and pulumi["with"]["policyPacks"] == "policy-pack"
    assert pulumi["with"]["comment-on-pr"] is True
    assert pulumi["with"]["stack-name"].endswith("/${{ matrix.stack }}")
    assert pulumi["env"]["PULUMI_ACCESS_TOKEN"] == "${{ secrets.PULUMI_ACCESS_TOKEN }}"


def test_deploy_runs_pulumi_up_on_dev_from_main_in_the_dev_environment():
    wf = _load("deploy-dev.yml")
    assert wf["on"]["push"] == {"branches": ["main"]}
    assert wf["permissions"] == {"contents": "read"}
    job = wf["jobs"]["up"]
    assert job["permissions"] == {"contents": "read", "id-token": "write"}
    assert job["environment"] == "dev"
    assert not any("make test" in step.get("run", "") for step in job["steps"])
    pulumi = next(s for s in job["steps"] if s.get("uses", "").startswith("pulumi/actions"))
    assert pulumi["with"]["command"] == "up" and pulumi["with"]["stack-name"].endswith("/dev")


def test_the_deploy_runs_the_tests_in_a_job_without_credentials_that_up_needs():
    jobs = _load("deploy-dev.yml")["jobs"]
    test = jobs["test"]
    assert "permissions" not in test and "environment" not in test  # the workflow's contents: read, no OIDC token
    assert "make test" in test["steps"][-1]["run"]
    assert "secrets." not in yaml.safe_dump(test)
    assert jobs["up"]["needs"] == "test"


PLAN_CONFIG = "${{ vars.ECR_ACCESS_PLAN_CONFIG }}"  # read on forks too: a stack needing it is skipped without it


def _needs_what_a_fork_lacks(job: dict, step: dict) -> bool:
    """OIDC, secrets or environment variables, or writing to the pull request."""
    text = yaml.safe_dump(step).replace(PLAN_CONFIG, "")
    return (job.get("permissions", {}).get("id-token") == "write" or "secrets." in text or "vars." in text
            or step.get("uses", "").startswith("marocchino/sticky-pull-request-comment@")
            or step.get("with", {}).get("comment-on-pr") is True)


def test_steps_that_need_oidc_secrets_or_a_writable_token_skip_on_forks():
    guarded = []
    for job_id, job, step in _steps("pull-request.yml"):
        if _needs_what_a_fork_lacks(job, step):
            assert any(SAME_REPO in (c or "").split(" && ") for c in (job.get("if"), step.get("if"))), \
                f"{job_id}: {step.get('name', step.get('uses'))}"
            guarded.append((job_id, step.get("name", step.get("uses", "").split("@")[0])))
    assert ("access-diff", "Comment the access diff") in guarded
    assert ("preview", "AWS credentials (OIDC)") in guarded and ("preview", "pulumi preview") in guarded
    # A job that asks for an OIDC token is skipped as a whole, before it enters its environment.
    jobs = _load("pull-request.yml")["jobs"]
    assert [j for j, job in jobs.items() if "id-token" in job.get("permissions", {})] == ["preview"]
    assert jobs["preview"]["if"] == SAME_REPO


def test_the_access_diff_reads_no_secret_and_runs_on_every_pull_request():
    job = _load("pull-request.yml")["jobs"]["access-diff"]
    assert "if" not in job and "environment" not in job
    text = yaml.safe_dump(job)
    assert "secrets." not in text and "vars." not in text.replace(PLAN_CONFIG, "")
    diff = next(s for s in job["steps"] if s.get("id") == "diff")
    # Skipped only for a stack whose plan needs a secret that has no value (see the render step's notice).
    assert diff["if"] == "steps.render.outputs.skip != 'true'" and '>> "$GITHUB_STEP_SUMMARY"' in diff["run"]


def _run_step(job: dict, name: str, workspace: Path, **env: str) -> subprocess.CompletedProcess:
    """Run a `run:` step as the runner does (`bash -e`), in `workspace` (plus the step's working-directory)."""
    step = next(s for s in job["steps"] if s.get("name") == name)
    script = step["run"]
    assert "${{" not in script, "expressions go through env: so the script runs as written"
    cwd = workspace / step.get("working-directory", ".")
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **{k: v for k, v in step.get("env", {}).items() if "${{" not in v}, **env})


def test_a_fork_is_told_why_the_comment_and_the_preview_are_skipped(tmp_path):
    job = _load("pull-request.yml")["jobs"]["access-diff"]
    step = next(s for s in job["steps"] if s.get("if") == FORK)
    run = _run_step(job, step["name"], tmp_path, STACK="prod")
    notices = [line for line in run.stdout.splitlines() if line.startswith("::notice title=")]
    assert run.returncode == 0 and len(notices) == 2
    assert "Access diff not commented (prod)" in notices[0] and "summary" in notices[0]
    assert "pulumi preview skipped (prod)" in notices[1] and "no OIDC token and no secrets" in notices[1]


def _workspace(tmp_path: Path) -> Path:
    """The runner's workspace: the change checked out in head/, an empty base/, the test's venv as venv/."""
    skip = shutil.ignore_patterns(".git", "venv", ".venv", "__pycache__", ".pytest_cache", ".hypothesis")
    shutil.copytree(ROOT, tmp_path / "head", ignore=skip)
    (tmp_path / "base").mkdir()
    (tmp_path / "venv").symlink_to(BIN.parent, target_is_directory=True)
    return tmp_path


@pytest.mark.slow
def test_the_access_diff_of_a_new_stack_goes_to_the_job_summary_and_flags_new_access(tmp_path):
    job = _load("pull-request.yml")["jobs"]["access-diff"]
    workspace = _workspace(tmp_path)
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    env = {"STACK": "dev", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output)}
    render = _run_step(job, "Render the offline plans", workspace, **env)
    assert render.returncode == 0, render.stderr
    diff = _run_step(job, "Diff access", workspace, **env)
    assert diff.returncode == 0, diff.stderr
    assert output.read_text() == "code=20\n"
    written = summary.read_text()
    assert written.startswith("### Access diff: `dev`") and "needs an access review" in written
    assert written == (tmp_path / "access-diff.md").read_text()


def test_an_unreadable_plan_fails_the_access_diff(tmp_path):
    job = _load("pull-request.yml")["jobs"]["access-diff"]
    (tmp_path / "head").mkdir()
    (tmp_path / "venv").symlink_to(BIN.parent, target_is_directory=True)
    (tmp_path / "base-plan.json").write_text("{}")
    (tmp_path / "head-plan.json").write_text("not json")
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    diff = _run_step(job, "Diff access", tmp_path, GITHUB_STEP_SUMMARY=str(summary), GITHUB_OUTPUT=str(output),
                     PYTHONPATH=str(ROOT))
    assert diff.returncode == 1 and output.read_text() == "code=1\n"


SECRET_ACCOUNT = '  ecr-access:accountId: {secure: v1:9vZcRwE2bLk=:v1:abcdEFGH:QWERTYuiop}'


def _render_with_secret_account(tmp_path: Path, plan_config: str) -> tuple[subprocess.CompletedProcess, Path]:
    """Run the access diff's render step on dev, whose stack file holds the account ID as a secret."""
    job = _load("pull-request.yml")["jobs"]["access-diff"]
    workspace = _workspace(tmp_path)
    path = workspace / "head" / "Pulumi.dev.yaml"
    path.write_text(re.sub(r"(?m)^  ecr-access:accountId: .*$", SECRET_ACCOUNT, path.read_text()))
    output = tmp_path / "output"
    render = _run_step(job, "Render the offline plans", workspace, STACK="dev", GITHUB_OUTPUT=str(output),
                       ECR_ACCESS_PLAN_CONFIG=plan_config)
    assert render.returncode == 0, render.stderr
    return render, output


@pytest.mark.slow
def test_a_stack_needing_a_secret_without_a_value_skips_its_diff_with_a_notice(tmp_path):
    render, output = _render_with_secret_account(tmp_path, "prod/ecr-access:accountId=345678901234")
    assert output.read_text() == "skip=true\n"
    [notice] = [line for line in render.stdout.splitlines() if line.startswith("::notice title=")]
    assert "Access diff skipped (dev)" in notice and "ECR_ACCESS_PLAN_CONFIG" in notice
    assert "ecr-access:accountId: is a secret (secure:)" in render.stderr


@pytest.mark.slow
def test_the_plan_config_variable_gives_the_secret_to_the_access_diff(tmp_path):
    _, output = _render_with_secret_account(tmp_path, "dev/ecr-access:accountId=123456789012 other:unused=1")
    assert not output.exists() or "skip" not in output.read_text()
    assert json.loads((tmp_path / "head-plan.json").read_text())["outputs"]["registryId"] == "123456789012"
