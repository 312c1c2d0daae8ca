"""Shared builders for the access tests: stack config with principals, compiled straight from raw values."""

from __future__ import annotations

from typing import Any

import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import StackConfig, load_stack_config
from ecr_access.stack.compile import CompiledStack, compile_stack
from ecr_access.stack.config_source import decode_config
from tests.helpers.stacks import base_config

REPOS = [{"name": "my-repo"}, {"name": "team-a/alpine"}, {"name": "team-b/alpine"}]


def access_config(repositories: list[dict] | None = None, **ecr_access: Any) -> dict[str, str]:
    """Stack config (CLI strings) with the sample repositories declared, plus the given `ecr-access:*` keys."""
    return base_config(repositories=REPOS if repositories is None else repositories, **ecr_access)


def load(config: dict[str, str]) -> StackConfig:
    """Validate CLI-shaped config into the model."""
    return load_stack_config(decode_config(config), project="ecr-access", stack="dev")


def compiled(**ecr_access: Any) -> CompiledStack:
    """Compile a stack with the sample repositories and the given keys."""
    return compile_stack(load(access_config(**ecr_access)))


def config_error(**ecr_access: Any) -> str:
    """The ConfigError message of a stack with the sample repositories and the given keys (fails if it compiles)."""
    with pytest.raises(ConfigError) as err:
        compile_stack(load(access_config(**ecr_access)))
    return str(err.value)
