"""Register the stack's pull-time update exclusions (when it declares any) and collect their output."""

from __future__ import annotations

from typing import Any

import pulumi

from ecr_access.components.pull_time_update_exclusions import PullTimeUpdateExclusions, PullTimeUpdateExclusionsArgs
from ecr_access.stack.args import public_registry
from ecr_access.stack.compile import CompiledStack
from ecr_access.stack.ordering import named_principals


def exclusions_args(compiled: CompiledStack, principals: dict[tuple[str, str], pulumi.Resource]) -> PullTimeUpdateExclusionsArgs:
    """The exclusions' principal ARNs; they wait for the stack's own users and roles they name."""
    arns = [e.principal_arn for e in compiled.config.pull_time_update_exclusions]
    named = named_principals(arns, compiled.principals)
    return PullTimeUpdateExclusionsArgs(
        registry=public_registry(compiled), principals=tuple(arns),
        depends_on=tuple(principals[key] for key in named if key in principals),
    )


def deploy_exclusions(compiled: CompiledStack, principals: dict[tuple[str, str], pulumi.Resource]) -> dict[str, Any]:
    """Create the PullTimeUpdateExclusions component; `principals` holds each declared user's and role's IAM resource."""
    if not compiled.config.pull_time_update_exclusions:
        return {}
    exclusions = PullTimeUpdateExclusions("pull-time-update-exclusions", exclusions_args(compiled, principals))
    return {"pullTimeUpdateExclusions": exclusions.principal_arns}
