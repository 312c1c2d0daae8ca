"""ecr_access installs as one package (`pip install .`): every subpackage in the wheel, the pack's guardrails with it,
and the command-line tools as console scripts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.helpers.stacks import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    # Build from a copy of what the wheel is made of, as `pip install .` would (setuptools writes build/ in place), with
    # the build backend pyproject.toml names, installed beside the tests (an isolated build would install it anew).
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("ecr_access", "policy-pack/ecr_guardrails"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)], check=True,
                   capture_output=True)
    (built,) = out.glob("ecr_access-*.whl")
    return zipfile.ZipFile(built)


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")
def test_the_wheel_holds_every_package_of_the_source_tree_and_the_pack_guardrails(wheel):
    in_wheel = {str(Path(n).parent) for n in wheel.namelist() if n.endswith("/__init__.py")}
    in_tree = {str(p.parent.relative_to(ROOT)) for p in (ROOT / "ecr_access").rglob("__init__.py")}
    assert in_tree | {"ecr_access/guardrails"} == in_wheel
    guardrails = {Path(n).name for n in wheel.namelist() if n.startswith("ecr_access/guardrails/")}
    assert guardrails == {p.name for p in (ROOT / "policy-pack" / "ecr_guardrails").glob("*.py")}


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")
def test_the_installed_package_runs_the_plan_from_its_console_script_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), wheel.filename],
                   check=True, capture_output=True)
    project = tmp_path / "project"
    project.mkdir()
    # A project of the user's: Pulumi.yaml and a stack file, no program of its own (the plan runs the stack program).
    for name in ("Pulumi.yaml", "Pulumi.dev.yaml"):
        (project / name).write_text((ROOT / name).read_text())
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "ecr_access.plan", "dev", "--format", "json"], cwd=project, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert '"stack": "dev"' in done.stdout
    guardrails = subprocess.run([sys.executable, "-c", "import ecr_access.iam.guardrails as g; print(g.stacks.__name__)"],
                                cwd=project, env=env, capture_output=True, text=True)
    assert guardrails.stdout.strip() == "ecr_access.guardrails.stacks", guardrails.stderr


def test_console_scripts_name_the_tools():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"ecr-access-plan": "ecr_access.plan.__main__:cli", "ecr-access-report": "ecr_access.report.__main__:cli",
                       "ecr-access-diff": "ecr_access.diff:cli"}
