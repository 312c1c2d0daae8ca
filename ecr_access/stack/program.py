"""The stack program: read the stack config, compile every document, check the account, register, export.

The project's `__main__.py` runs it under `pulumi up`/`preview`; the offline plan runs it for a project folder that has
no program of its own (only `Pulumi.yaml` and its stack files).
"""

from __future__ import annotations

import pulumi

from ecr_access.config.errors import ConfigError
from ecr_access.stack.account import verify_account
from ecr_access.stack.collector import resume
from ecr_access.stack.compile import compile_stack
from ecr_access.stack.config_source import read_stack_config
from ecr_access.stack.deploy import deploy


def main() -> None:
    """Run the stack: everything up to the documents is pure and runs before the first resource is registered."""
    try:
        config = read_stack_config()
        compiled = compile_stack(config)
        verify_account(config.registry)
    except ConfigError as err:
        raise pulumi.RunError(str(err)) from None
    # What exists now (modules, the action catalog, the compiled stack) lives as long as the program: keep it out of
    # the cyclic collector, whose full passes - triggered by the SDK's allocations, one per few hundred registrations -
    # would otherwise walk it again each time; and give back the collector the entry point paused for start-up
    # (ecr_access/stack/collector.py, docs/benchmark.md, "Garbage collection").
    resume()
    for output_name, value in deploy(compiled).items():
        pulumi.export(output_name, value)
