"""Only the result goes to stdout, and a reader that stops early (`| head`) ends a command quietly."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ecr_access.plan.cli import BROKEN_PIPE_STATUS
from ecr_access.plan.render import to_json_object
from tests.helpers.stacks import FIXTURES, ROOT, run_fixture

DEV = str(FIXTURES / "Pulumi.dev.yaml")


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("plans") / "dev.json"
    path.write_text(json.dumps(to_json_object(run_fixture("dev"))))
    return str(path)


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess:
    """Run `python -m <args>` with stdout a pipe whose reader has already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, stdout=write_end, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("command", [
    ["ecr_access.plan", "dev", "--stack-file", DEV, "--format", "json"],
    ["ecr_access.report", "PLAN", "--format", "markdown"],
    ["ecr_access.diff", "PLAN", "PLAN"],
], ids=["plan", "report", "report.diff"])
def test_a_reader_that_closes_early_ends_the_command_without_a_traceback(command, plan_file):
    done = run_into_closed_pipe(*[plan_file if a == "PLAN" else a for a in command])
    assert done.stderr == ""
    assert done.returncode == BROKEN_PIPE_STATUS


def test_head_reads_the_first_lines_and_nothing_else_is_printed(plan_file):
    done = subprocess.run(f'"{sys.executable}" -m ecr_access.report "{plan_file}" | head -n 2', shell=True, cwd=ROOT,
                          capture_output=True, text=True)
    assert len(done.stdout.splitlines()) == 2 and done.stderr == ""


FAKE_PYTHON3 = """#!/bin/sh
# Stands in for python3 on a fresh checkout: the virtualenv it makes is as noisy on stdout as pip is.
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  echo "creating virtual environment in $3"
  mkdir -p "$3/bin"
  printf '%s\\n' '#!/bin/sh' \\
    'if [ "$2" = "pip" ]; then echo "Collecting pulumi"; echo "Successfully installed pulumi"; exit 0; fi' \\
    'cd "{root}" && exec "{python}" "$@"' > "$3/bin/python"
  chmod +x "$3/bin/python"
  exit 0
fi
exec "{python}" "$@"
"""


def fresh_checkout(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A checkout holding the Makefile (no virtualenv yet), and the environment that runs make there as a user would."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        (checkout / name).write_text((ROOT / name).read_text())
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "python3"
    fake.write_text(FAKE_PYTHON3.replace("{root}", str(ROOT)).replace("{python}", sys.executable))
    fake.chmod(0o755)
    # Run as a user runs it, not as a sub-make of `make test` (which would print "Entering directory" lines).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "ECR_ACCESS_PLAN_CONFIG")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    return checkout, env


def test_make_plan_on_a_fresh_checkout_prints_only_the_plan(tmp_path):
    checkout, env = fresh_checkout(tmp_path)
    done = subprocess.run(["make", "plan", "FORMAT=json", "VENV=fresh-venv", f"STACK_FILE={DEV}"], cwd=checkout, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stack"] == "dev"
    assert "Collecting pulumi" in done.stderr and "creating virtual environment" in done.stderr
    assert (checkout / "fresh-venv" / ".installed").exists()


@pytest.mark.slow
def test_make_plan_gives_config_values_to_the_plan_of_a_stack_with_a_secret(tmp_path):
    checkout, env = fresh_checkout(tmp_path)
    secret = tmp_path / "Pulumi.dev.yaml"
    secret.write_text(re.sub(r'(?m)^  ecr-access:accountId: .*$', "  ecr-access:accountId: {secure: v1:abc}",
                             Path(DEV).read_text()))
    make = ["make", "plan", "FORMAT=json", "VENV=fresh-venv", f"STACK_FILE={secret}"]
    refused = subprocess.run(make, cwd=checkout, env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "ecr-access:accountId: is a secret" in refused.stderr
    done = subprocess.run([*make, "CONFIG=ecr-access:accountId=123456789012"], cwd=checkout, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outputs"]["registryId"] == "123456789012"


def test_make_plan_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    checkout, env = fresh_checkout(tmp_path)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(["make", "plan", "VENV=fresh-venv", f"STACK_FILE={DEV}"], cwd=checkout, env=env,
                              stdout=write_end, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_end)
    assert done.returncode == 0
    assert "Error" not in done.stderr and "Traceback" not in done.stderr
