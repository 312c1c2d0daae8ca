"""The bad-input checks the refusal tables share: a case's config as the CLI passes it, the error the schema and the
compiler give, the one line a problem must be, and the real program run on it."""

from __future__ import annotations

import json
import runpy
from typing import Any

import pulumi
import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.plan.runner import PROJECT_DIR, PlanResult
from tests.helpers.registry import compiled
from tests.helpers.stacks import base_config, caught

NO_VALUE = object()  # the bad value is the key itself, named in the path (unknown keys)


def raw(config: dict[str, Any]) -> dict[str, str]:
    """The case's config as the CLI passes it (strings; keys of another namespace, `aws:` ones included, as written)."""
    values = base_config(**{k: v for k, v in config.items() if ":" not in k})
    values.update({k: v for k, v in config.items() if ":" in k})
    return values


def refusal(values: dict[str, str], stack: str) -> str:
    """The error the schema and the compiler give for this config (the text the program would show)."""
    with pytest.raises(ConfigError) as err:
        compiled(values, stack)
    return str(err.value)


def shown(value: Any) -> str:
    """How an error shows a value (compact JSON, long values cut)."""
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "..."


def assert_refused_once(error: str, path: str, value: Any, text: str) -> None:
    """One line at `path`, showing `value` and holding `text`; no grant blamed for naming a bad entry."""
    lines = [line.strip() for line in error.splitlines() if line.strip().startswith(f"{path}: ")]
    assert lines, f"no problem at {path}:\n{error}"
    if value is not NO_VALUE:
        assert any(line.endswith(f"(got {shown(value)})") for line in lines), error
    # Each real problem once: no second line at the same path, and no grant blamed for naming a bad entry.
    assert len(lines) == 1 and "is not declared" not in error.replace(lines[0], ""), error
    assert text in lines[0], error


def run_program(config: dict[str, str], stack: str) -> tuple[list[str], PlanResult]:
    """Run the real __main__.py under mocks; return the RunErrors it raised and what it registered."""
    errors, result = caught(lambda: runpy.run_path(str(PROJECT_DIR), run_name="__main__"), pulumi.RunError,
                            stack=stack, config=config)
    return [str(e) for e in errors], result
