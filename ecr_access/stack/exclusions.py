"""Register the stack's pull-time update exclusions (when it declares any) and collect their output."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecr_access.components.pull_time_update_exclusions import PullTimeUpdateExclusions, PullTimeUpdateExclusionsArgs
from ecr_access.components.repo_access_role import RepoAccessRole
from ecr_access.components.repo_access_user import RepoAccessUser
from ecr_access.stack.args import public_registry
from ecr_access.stack.compile import CompiledStack
from ecr_access.stack.ordering import named_principals

Principal = RepoAccessUser | RepoAccessRole


def exclusions_args(compiled: CompiledStack, components: Mapping[tuple[str, str], Principal]) -> PullTimeUpdateExclusionsArgs:
    """The exclusions' principals: a user or role of the stack as its component (its exclusion waits for it alone),
    any other as its ARN."""
    principals: list[str | Principal] = []
    for exclusion in compiled.config.pull_time_update_exclusions:
        named = named_principals([exclusion.principal_arn], compiled.principals)
        principals.append(components[named[0]] if named and named[0] in components else exclusion.principal_arn)
    return PullTimeUpdateExclusionsArgs(registry=public_registry(compiled), principals=tuple(principals))


def deploy_exclusions(compiled: CompiledStack, components: Mapping[tuple[str, str], Principal]) -> dict[str, Any]:
    """Create the PullTimeUpdateExclusions component; `components` holds each declared user's and role's component."""
    if not compiled.config.pull_time_update_exclusions:
        return {}
    exclusions = PullTimeUpdateExclusions("pull-time-update-exclusions", exclusions_args(compiled, components))
    return {"pullTimeUpdateExclusions": exclusions.principal_arns}
