"""A user's first ordinary edits of the shipped stack files keep `make test` green.

Each shipped stack file is copied into a temporary project and edited as a user would: a repository added at the top of
ecr-access:repositories with a group that pulls it, and the entries reordered. The stack checks (invariants and the
URN guard) pass on the copy, and so do, run inside the copy, the test modules that once hard-coded the sample stack.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from ecr_access.plan.runner import PROJECT_DIR, run_stack
from tests.helpers.stack_invariants import invariant_problems, stack_names
from tests.helpers.urn_guard import guard

NEW_REPO, NEW_GROUP = "aaa-new-service", "aaa-new-service-pullers"
# The modules that read the project's stack files, and those that once failed on this very edit.
MODULES = ["tests/test_shipped_stacks.py", "tests/test_urn_snapshot.py", "tests/test_access_report.py",
           "tests/test_access_report_dev.py", "tests/test_environments.py", "tests/test_plan_cli.py"]


def edit_as_a_user(path: Path) -> None:
    """Add a repository at the top and a group with pull on it; reverse the order of every list of entries."""
    yaml = YAML()  # round trip: the user's comments and layout stay
    yaml.indent(mapping=2, sequence=4, offset=2)
    doc = yaml.load(path.read_text())
    config = doc["config"]
    for key in ("ecr-access:repositories", "ecr-access:users", "ecr-access:roles", "ecr-access:groups"):
        if key in config:
            config[key].reverse()
    config["ecr-access:repositories"].insert(0, {"name": NEW_REPO})
    config.setdefault("ecr-access:groups", []).insert(
        0, {"name": NEW_GROUP, "grants": [{"levels": ["pull"], "repository": NEW_REPO}]})
    with path.open("w") as handle:
        yaml.dump(doc, handle)


def copy_project(target: Path) -> Path:
    """The project as a user's checkout holds it (no virtualenv, no git data)."""
    shutil.copytree(PROJECT_DIR, target, ignore=shutil.ignore_patterns(
        ".git", "venv", ".venv", "__pycache__", ".pytest_cache", ".hypothesis"))
    return target


@pytest.mark.parametrize("stack", stack_names(PROJECT_DIR))
def test_an_added_repository_group_and_reordering_pass_the_stack_checks(stack, tmp_path):
    project = copy_project(tmp_path / "project")
    edit_as_a_user(project / f"Pulumi.{stack}.yaml")
    result = run_stack(stack, project_dir=project)
    assert NEW_REPO in result.outputs["repositoryUrls"]
    assert any(r.type == "aws:iam/group:Group" and r.name == NEW_GROUP for r in result.registrations)
    assert invariant_problems(result) == []
    assert guard(stack, result) == []


def test_the_test_suite_of_an_edited_checkout_stays_green(tmp_path):
    project = copy_project(tmp_path / "project")
    for stack in stack_names(project):
        edit_as_a_user(project / f"Pulumi.{stack}.yaml")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *MODULES],
                         cwd=project, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "failed" not in run.stdout
