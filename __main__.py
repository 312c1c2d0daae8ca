"""ecr-access: ECR repositories and least-privilege access to them, declared in stack config."""

import gc

import pulumi

from ecr_access.config.errors import ConfigError
from ecr_access.stack.account import verify_account
from ecr_access.stack.compile import compile_stack
from ecr_access.stack.config_source import read_stack_config
from ecr_access.stack.deploy import deploy

try:
    # Everything up to the documents is pure and runs before the first resource is registered.
    config = read_stack_config()
    compiled = compile_stack(config)
    verify_account(config.registry)
except ConfigError as err:
    raise pulumi.RunError(str(err)) from None

# What exists now (modules, the action catalog, the compiled stack) lives as long as the program: keep it out of the
# cyclic collector, whose full passes - triggered by the SDK's allocations, one per few hundred registrations - would
# otherwise walk it again each time (docs/benchmark.md, "Garbage collection").
gc.freeze()
for output_name, value in deploy(compiled).items():
    pulumi.export(output_name, value)
