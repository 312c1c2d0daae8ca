"""A user's first ordinary edits of the shipped stack files keep `make test` green.

Each shipped stack file is copied into a temporary project and edited as a user would: a repository added at the top of
ecr-access:repositories with a group that pulls it, and the entries reordered. The stack checks (invariants and the
URN guard) pass on the copy, and so do, run inside the copy, the test modules that once hard-coded the sample stack.
A problem the unedited stack file already has is reported once, by the stack checks, never again here.
"""

from __future__ import annotations

import compileall
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from ecr_access.plan.overrides import PLAN_CONFIG
from ecr_access.plan.runner import PROJECT_DIR, stack_config
from tests.helpers.shipped_config import run_shipped
from tests.helpers.stack_invariants import invariant_problems, stack_names
from tests.helpers.urn_guard import guard

NEW_REPO, NEW_GROUP = "aaa-new-service", "aaa-new-service-pullers"
# The modules that read the project's stack files, and those that once failed on this very edit.
MODULES = ["tests/test_shipped_stacks.py", "tests/test_urn_snapshot.py", "tests/test_access_report.py",
           "tests/test_access_report_dev.py", "tests/test_environments.py", "tests/test_plan_cli.py"]


def edit_as_a_user(path: Path) -> None:
    """Add a repository at the top (with the tags the stack requires) and a group with pull on it; reverse the order of
    every list of entries."""
    yaml = YAML()  # round trip: the user's comments and layout stay
    yaml.indent(mapping=2, sequence=4, offset=2)
    doc = yaml.load(path.read_text())
    config = doc["config"]
    for key in ("ecr-access:repositories", "ecr-access:users", "ecr-access:roles", "ecr-access:groups"):
        if key in config:
            config[key].reverse()
    # The new repository carries the tag keys the stack requires of every repository (ecr-access:requiredTagKeys).
    required = {key: NEW_REPO for key in config.get("ecr-access:requiredTagKeys", ())}
    config["ecr-access:repositories"].insert(0, {"name": NEW_REPO, **({"tags": required} if required else {})})
    config.setdefault("ecr-access:groups", []).insert(
        0, {"name": NEW_GROUP, "grants": [{"levels": ["pull"], "repository": NEW_REPO}]})
    with path.open("w") as handle:
        yaml.dump(doc, handle)


def copy_project(target: Path) -> Path:
    """The project as a user's checkout holds it (no virtualenv, no git data)."""
    shutil.copytree(PROJECT_DIR, target, ignore=shutil.ignore_patterns(
        ".git", "venv", ".venv", "__pycache__", ".pytest_cache", ".hypothesis"))
    return target


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """One unedited copy of the project per module, its Python compiled once: each test runs pytest on a copy of it,
    and the copies reuse that bytecode (copytree keeps the sources' times, so it stays valid) instead of compiling the
    project anew in every subprocess."""
    project = copy_project(tmp_path_factory.mktemp("checkout") / "project")
    assert compileall.compile_dir(project, quiet=1, workers=1)
    return project


def run_modules(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """pytest on MODULES inside the project, as `make test` would run them there (one process: no xdist workers, and
    no hypothesis plugin: none of MODULES uses it, and loading it costs the run a third of a second)."""
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider",
                           "-p", "no:hypothesispytest", *args,
                           *MODULES], cwd=project, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def own_problems() -> dict[str, tuple[set[str], set[str]]]:
    """What the stack checks already find on each unedited stack file (reported once, by test_shipped_stacks.py and
    test_urn_snapshot.py): per stack, (invariant problems, URN guard problems)."""
    out = {}
    for stack in stack_names(PROJECT_DIR):
        result = run_shipped(stack)
        out[stack] = set(invariant_problems(result)), set(guard(stack, result))
    return out


@pytest.mark.parametrize("stack", stack_names(PROJECT_DIR))
def test_an_added_repository_group_and_reordering_pass_the_stack_checks(stack, tmp_path, own_problems):
    project = copy_project(tmp_path / "project")
    edit_as_a_user(project / f"Pulumi.{stack}.yaml")
    result = run_shipped(stack, project)
    assert NEW_REPO in result.outputs["repositoryUrls"]
    assert any(r.type == "aws:iam/group:Group" and r.name == NEW_GROUP for r in result.registrations)
    # The edit adds no problem (what the unedited stack file already has is reported by the stack checks themselves).
    invariants, urns = own_problems[stack]
    assert set(invariant_problems(result)) - invariants == set()
    assert set(guard(stack, result)) - urns == set()


def with_a_secret_account_id(checkout: Path, target: Path) -> Path:
    """A copy of the project whose dev stack file holds its account ID as a secret."""
    project = shutil.copytree(checkout, target)
    path = project / "Pulumi.dev.yaml"
    path.write_text(re.sub(r"(?m)^  ecr-access:accountId: .*$", "  ecr-access:accountId: {secure: v1:abc}", path.read_text()))
    return project


ENV_WITHOUT_VARIABLE = {k: v for k, v in os.environ.items() if k != PLAN_CONFIG}


@pytest.mark.slow
def test_a_secret_account_id_fails_one_test_saying_how_to_give_it(tmp_path, checkout):
    run = run_modules(with_a_secret_account_id(checkout, tmp_path / "project"), env=ENV_WITHOUT_VARIABLE)
    assert run.returncode == 1 and re.search(r"^1 failed, \d+ passed", run.stdout, re.M), run.stdout[-4000:]
    assert "test_every_secret_the_offline_plan_needs_has_a_value" in run.stdout
    assert f'{PLAN_CONFIG}="dev/ecr-access:accountId=$(pulumi config get' in run.stdout


@pytest.mark.slow
def test_an_edited_checkout_with_its_account_id_a_secret_given_by_the_variable_passes_every_test_unskipped(
        tmp_path, checkout, own_problems):
    # The everyday case of a user's CI: stack files edited as above, the dev account ID kept as a secret, its value
    # given by the variable. One run covers both (each subprocess run costs seconds).
    project = with_a_secret_account_id(checkout, tmp_path / "project")
    for stack in stack_names(project):
        edit_as_a_user(project / f"Pulumi.{stack}.yaml")
    # A check the unedited stack file already fails is reported once, by this suite's own run of it.
    already = [f"tests/test_shipped_stacks.py::test_the_stack_keeps_every_invariant[{stack}]"
               for stack, (invariants, _) in own_problems.items() if invariants]
    already += [f"tests/test_urn_snapshot.py::test_the_stack_keeps_every_urn_of_its_snapshot[{stack}]"
                for stack, (_, urns) in own_problems.items() if urns]
    deselect = [arg for test_id in already for arg in ("--deselect", test_id)]
    account = stack_config("dev")["ecr-access:accountId"]
    run = run_modules(project, *deselect, env={**ENV_WITHOUT_VARIABLE, PLAN_CONFIG: f"dev/ecr-access:accountId={account}"})
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "failed" not in run.stdout and "skipped" not in run.stdout, run.stdout[-4000:]
    assert "ecr-access:accountId: {secure: v1:abc}" in (project / "Pulumi.dev.yaml").read_text()
