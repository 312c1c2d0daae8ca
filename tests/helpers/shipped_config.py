"""The project's stack files as the tests plan them: with the values ECR_ACCESS_PLAN_CONFIG gives for their secrets.

A stack file may hold a secret the offline plan needs (`pulumi config set --secret ecr-access:accountId ...`). Its value
comes from ECR_ACCESS_PLAN_CONFIG (see ecr_access/plan/overrides.py and docs/offline-plan.md). Without one,
test_shipped_stacks.py fails once, saying how to give it, and every other test of the stack files is skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ecr_access.plan.overrides import PLAN_CONFIG
from ecr_access.plan.runner import PROJECT_DIR, PlanResult, project_stack_file, run_stack
from ecr_access.plan.stack_file import SecretsNeeded
from tests.helpers.stack_invariants import stack_names

HOW = (f"The stack files hold secrets the offline plan needs (below); give their values in {PLAN_CONFIG}, e.g.\n"
       f'    {PLAN_CONFIG}="dev/ecr-access:accountId=$(pulumi config get ecr-access:accountId --stack dev)" make test\n'
       f"(KEY=VALUE for every stack, STACK/KEY=VALUE for one; in CI, the repository variable {PLAN_CONFIG}).")
SKIPPED = "a secret of this stack file has no value in ECR_ACCESS_PLAN_CONFIG (see test_shipped_stacks.py)"


def missing_secrets(project_dir: Path = PROJECT_DIR) -> list[str]:
    """One line per secret a stack file's offline plan needs and ECR_ACCESS_PLAN_CONFIG does not give."""
    out = []
    for stack in stack_names(project_dir):
        try:
            project_stack_file(stack, project_dir).offline_config(stack)
        except SecretsNeeded as err:
            out += err.lines
    return out


def shipped_config(stack: str, project_dir: Path = PROJECT_DIR) -> dict[str, str]:
    """The config of a stack file as the CLI passes it (the test is skipped when a secret it needs has no value)."""
    try:
        return project_stack_file(stack, project_dir).offline_config(stack)
    except SecretsNeeded:
        pytest.skip(SKIPPED)


def run_shipped(stack: str, project_dir: Path = PROJECT_DIR) -> PlanResult:
    """The offline plan of a stack file of the project (skipped when a secret it needs has no value)."""
    shipped_config(stack, project_dir)
    return run_stack(stack, project_dir=project_dir)

