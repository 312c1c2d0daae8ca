"""Stack configs and plans for tests: the fixture stacks' config, a test registry, and running code under Pulumi mocks.

Tests of the program read the fixture stacks in tests/fixtures/ (the stacks as first shipped), never the project's
Pulumi.<stack>.yaml: those are the user's to edit, and tests/test_shipped_stacks.py checks only invariants on them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ecr_access.iam.arns import Registry
from ecr_access.plan.mocks import AwsShapedMocks
from ecr_access.plan.runner import PlanResult, run_stack, run_under_mocks
from ecr_access.plan.stack_file import read_stack_file

ROOT = Path(__file__).resolve().parent.parent.parent
REGISTRY = Registry(partition="aws", region="us-east-1", account="123456789012")
FIXTURES = ROOT / "tests" / "fixtures"
E = TypeVar("E", bound=Exception)


def base_config(**ecr_access: Any) -> dict[str, str]:
    """A minimal valid stack config as the CLI passes it, with `ecr-access:<key>` values added."""
    config = {"aws:region": REGISTRY.region, "ecr-access:accountId": REGISTRY.account}
    for key, value in ecr_access.items():
        config[f"ecr-access:{key}"] = value if isinstance(value, str) else json.dumps(value)
    return config


def register(body: Callable[[], Any], *, stack: str = "dev", config: dict[str, str] | None = None,
             secret_keys: list[str] | None = None) -> PlanResult:
    """Run `body` as a Pulumi program under AWS-shaped mocks and return what it registered."""
    return run_under_mocks(
        body, config=config or base_config(), project="ecr-access", stack=stack, mocks=AwsShapedMocks(REGISTRY),
        secret_keys=secret_keys or (),
    )


def caught(body: Callable[[], Any], error: type[E], **kwargs: Any) -> tuple[list[E], PlanResult]:
    """Run `body` as a program (`register`'s keyword arguments) that stops at the first `error` it raises: that error
    (none when it raised nothing) and what the program registered, up to there."""
    raised: list[E] = []

    def program() -> None:
        try:
            body()
        except error as err:
            raised.append(err)

    return raised, register(program, **kwargs)


def fixture_config(stack: str) -> dict[str, str]:
    """The config of the fixture stack tests/fixtures/Pulumi.<stack>.yaml, as the CLI passes it (strings)."""
    return read_stack_file(FIXTURES / f"Pulumi.{stack}.yaml").offline_config(stack)


def run_fixture(stack: str, **kwargs: Any) -> PlanResult:
    """The offline plan of a fixture stack."""
    return run_stack(stack, config=fixture_config(stack), **kwargs)


def by_type(result: PlanResult, type_: str) -> list:
    """The registrations of one resource type, in name order."""
    return sorted((r for r in result.registrations if r.type == type_), key=lambda r: r.name)
