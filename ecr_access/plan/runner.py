"""Run the real `__main__.py` for a stack under the mock runtime and collect what it registered."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import runpy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime import settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.stack import Stack, wait_for_rpcs

from ecr_access.config.errors import Problem
from ecr_access.config.stack import load_stack_config
from ecr_access.plan.mocks import SECRET_PLACEHOLDER, AwsShapedMocks
from ecr_access.plan.monitor import RecordingMonitor, Registration
from ecr_access.plan.overrides import plan_config
from ecr_access.plan.stack_file import StackFile, project_name, read_stack_file
from ecr_access.stack.config_source import decode_config

# The project (Pulumi.yaml and its stack files): this checkout when run from one, else the working directory.
_CHECKOUT = Path(__file__).resolve().parents[2]
PROJECT_DIR = _CHECKOUT if (_CHECKOUT / "Pulumi.yaml").exists() else Path.cwd()


@dataclass
class PlanResult:
    """What one offline run registered and exported."""

    project: str
    stack: str
    registrations: list[Registration]
    outputs: dict[str, Any]
    component_outputs: dict[str, dict[str, Any]] = field(default_factory=dict)  # urn -> outputs (secrets masked)


def project_stack_file(stack: str, project_dir: Path = PROJECT_DIR) -> StackFile:
    """`Pulumi.<stack>.yaml` of the project, with the values ECR_ACCESS_PLAN_CONFIG gives it (plan/overrides.py)."""
    path = project_dir / f"Pulumi.{stack}.yaml"
    return read_stack_file(path).with_overrides(plan_config(stack, project_name(project_dir)))


def stack_config(stack: str, project_dir: Path = PROJECT_DIR) -> dict[str, str]:
    """The config of `Pulumi.<stack>.yaml` as the CLI hands it to a program: every value a string."""
    return project_stack_file(stack, project_dir).offline_config(stack)


def run_stack(stack: str, *, config: Mapping[str, str] | None = None, secret_keys: Iterable[str] = (),
              caller_account: str | None = None, project_dir: Path = PROJECT_DIR, noted: Sequence[Problem] = ()) -> PlanResult:
    """Run the program for `stack` (config from its stack file, see `project_stack_file`, unless given) and return what
    it registered.

    `secret_keys` are the config keys the CLI would mark secret, `noted` the problems the stack file's reader found
    (both read from the stack file when config is not given).
    """
    if config is None:
        stack_file = project_stack_file(stack, project_dir)
        config, secret_keys, noted = stack_file.offline_config(stack), stack_file.secret_keys, stack_file.problems
    values = dict(config)
    project = project_name(project_dir)
    registry = load_stack_config(decode_config(values), project=project, stack=stack, noted=noted).registry
    mocks = AwsShapedMocks(registry, caller_account=caller_account)
    return run_program(values, project=project, stack=stack, mocks=mocks, project_dir=project_dir, secret_keys=secret_keys)


def run_program(config: Mapping[str, str], *, project: str, stack: str, mocks: pulumi.runtime.Mocks,
                project_dir: Path = PROJECT_DIR, secret_keys: Iterable[str] = ()) -> PlanResult:
    """Run the project's program (`project_dir/__main__.py`, or the stack program) under `mocks`; raises what it raises."""
    return run_under_mocks(
        lambda: _run_program(project_dir),
        config=config, project=project, stack=stack, mocks=mocks, secret_keys=secret_keys,
    )


def run_under_mocks(body: Callable[[], Any], *, config: Mapping[str, str], project: str, stack: str,
                    mocks: pulumi.runtime.Mocks, secret_keys: Iterable[str] = ()) -> PlanResult:
    """Run `body` as a Pulumi program under `mocks` with `config` (`secret_keys` marked secret, as the CLI marks them);
    record registrations and stack outputs."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    settings.ROOT.set(None)
    set_all_config(dict(config), list(secret_keys))
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=False, monitor=monitor)
    try:
        body()
        loop.run_until_complete(wait_for_rpcs())
        root = settings.get_root_resource()
        if not isinstance(root, Stack):  # set_mocks creates the root Stack; nothing else sets one
            raise RuntimeError(f"the program ran without a root Stack resource (root: {root!r})")
        outputs = loop.run_until_complete(_resolve(root.outputs))
    except Exception:
        # A run that fails still has RPCs in flight (the stack's own registration at least); let them finish, or
        # the next run in the same process waits for them forever.
        with contextlib.suppress(Exception):
            loop.run_until_complete(wait_for_rpcs())
        raise
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        # Join the executor threads before closing the event loops the monitor made on them.
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()
        monitor.close()
        # The program freezes its long-lived heap (see ecr_access/stack/program.py); a runner hosting many runs in one process gives
        # it back to the collector, or each run's cyclic leftovers would stay frozen for good. No collection forced
        # here: a full pass over everything imported costs a one-shot plan a tenth of a second for nothing.
        gc.unfreeze()
    return PlanResult(project=project, stack=stack, registrations=monitor.registrations, outputs=outputs,
                      component_outputs=dict(monitor.component_outputs))


def _run_program(project_dir: Path) -> None:
    # The project's own program, or (a folder with only Pulumi.yaml and its stack files) the stack program itself.
    if (project_dir / "__main__.py").exists():
        runpy.run_path(str(project_dir), run_name="__main__")
    else:
        from ecr_access.stack.program import main

        main()


async def _resolve(outputs: Mapping[str, Any]) -> dict[str, Any]:
    resolved: dict[str, Any] = {}
    for name, value in outputs.items():
        out = pulumi.Output.from_input(value)
        resolved[name] = SECRET_PLACEHOLDER if await out.is_secret() else await out.future()
    return resolved
