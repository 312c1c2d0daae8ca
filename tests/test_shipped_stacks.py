"""The project's stack files (Pulumi.<stack>.yaml) are the user's: checked only for invariants that hold for any stack.

Whatever repositories and principals a user declares, each stack plans offline with only the plan on stdout, keeps
every repository safe outside dev, fits every document in its quota, lints clean, and exports every repository. A secret
the offline plan needs takes its value from ECR_ACCESS_PLAN_CONFIG (tests/helpers/shipped_config.py): without one, one test
fails saying how to give it, and the others are skipped.
"""

from __future__ import annotations

import json

import pytest

from ecr_access.plan.__main__ import main
from ecr_access.plan.runner import PROJECT_DIR
from tests.helpers.shipped_config import HOW, missing_secrets, run_shipped, shipped_config
from tests.helpers.stack_invariants import invariant_problems, stack_names

STACKS = stack_names(PROJECT_DIR)


def test_the_project_ships_a_dev_and_a_prod_stack():
    assert {"dev", "prod"} <= set(STACKS)


def test_every_secret_the_offline_plan_needs_has_a_value():
    missing = missing_secrets()
    assert not missing, HOW + "\n" + "\n".join(missing)


@pytest.mark.parametrize("stack", STACKS)
def test_the_offline_plan_prints_only_the_plan_as_json(stack, capsys):
    shipped_config(stack)  # skipped when a secret it needs has no value
    assert main([stack, "--format", "json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["stack"] == stack
    assert out.err == ""


@pytest.mark.parametrize("stack", STACKS)
def test_the_stack_keeps_every_invariant(stack):
    problems = invariant_problems(run_shipped(stack))
    assert not problems, "\n".join(problems)
