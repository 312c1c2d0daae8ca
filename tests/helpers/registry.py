"""Helpers for the registry-wide tests: compile a config, deploy it under mocks, and check refusals register nothing."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import load_stack_config
from ecr_access.plan.mocks import AwsShapedMocks
from ecr_access.plan.runner import PlanResult, run_program
from ecr_access.stack.compile import CompiledStack, compile_stack
from ecr_access.stack.config_source import decode_config
from ecr_access.stack.deploy import deploy
from tests.helpers.stacks import REGISTRY, register

ROLE = "arn:aws:iam::123456789012:role/ecr-template"


def compiled(config: dict[str, str], stack: str = "dev") -> CompiledStack:
    """The compiled stack of a config (raises ConfigError on bad config)."""
    return compile_stack(load_stack_config(decode_config(config), project="ecr-access", stack=stack))


def problems_of(config: dict[str, str], stack: str = "dev") -> list[str]:
    """The problem lines a config is refused with (it must be refused)."""
    with pytest.raises(ConfigError) as err:
        compiled(config, stack)
    return [str(p) for p in err.value.problems]


def deployed(config: dict[str, str]) -> PlanResult:
    """Compile and register a config under mocks, exporting the stack outputs."""
    stack = compiled(config)
    return register(lambda: [pulumi.export(k, v) for k, v in deploy(stack).items()], config=config)


class CountingMocks(AwsShapedMocks):
    """Mocks that remember every resource the program asked for (components included)."""

    def __init__(self) -> None:
        super().__init__(REGISTRY)
        self.types: list[str] = []

    def new_resource(self, args: Any):
        """Record the type, then answer as AwsShapedMocks."""
        self.types.append(args.typ)
        return super().new_resource(args)


def refused(config: dict[str, str]) -> list[str]:
    """Run the real program on a bad config: it must fail before registering anything; returns the problems."""
    with pytest.raises(ConfigError) as err:
        compiled(config)
    mocks = CountingMocks()
    with pytest.raises(Exception, match=r"invalid stack config"):
        run_program(config, project="ecr-access", stack="dev", mocks=mocks)
    assert mocks.types == []
    return [str(p) for p in err.value.problems]
