"""PullTimeUpdateExclusions: IAM users and roles whose image pulls leave the images' last recorded pull time as it was."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pulumi
import pulumi_aws as aws

from ecr_access.components.checks import ArgsCheck
from ecr_access.components.repo_access_role import RepoAccessRole
from ecr_access.components.repo_access_user import RepoAccessUser
from ecr_access.components.settings import role_dependencies
from ecr_access.features.pull_time_exclusions import principal_arn_problem, too_many
from ecr_access.iam.arns import Registry

ARGS = "PullTimeUpdateExclusionsArgs"


@dataclass(frozen=True)
class PullTimeUpdateExclusionsArgs:
    """The principals whose pulls ECR does not record (scanners, backup jobs), so that lifecycle rules on pull time
    (`sinceImagePulled`) see only real use.

    Args:
        registry: the registry (`Registry.of(region, account)`); the principals' ARNs must be of its partition.
        principals: IAM user or role ARNs (any account, a path before the name allowed), or RepoAccessUser /
            RepoAccessRole components (named by their computed ARN; the exclusion of each waits for its IAM user or
            role); each once, at most 100.
        depends_on: resources every exclusion waits for.
    """

    registry: Registry
    principals: Sequence[Any] = ()
    depends_on: Sequence[pulumi.Resource] = ()


def _principal_arns(args: PullTimeUpdateExclusionsArgs) -> list[str]:
    check = ArgsCheck(ARGS)
    if not isinstance(args.registry, Registry):
        check.add("registry", "must be an ecr_access.Registry (Registry.of(region, account))", repr(args.registry))
        check.raise_if_any()
    if isinstance(args.principals, str) or not isinstance(args.principals, Sequence):
        check.add("principals", "must be a list of ARNs or RepoAccessUser/RepoAccessRole components", args.principals)
        check.raise_if_any()
    if problem := too_many(len(args.principals)):
        check.add("principals", problem, len(args.principals))
    arns: list[str] = []
    seen: dict[str, int] = {}
    for i, principal in enumerate(args.principals):
        arn = principal if isinstance(principal, str) else getattr(principal, "principal_arn", repr(principal))
        problem = principal_arn_problem(arn, args.registry.partition)
        if problem:
            check.add(f"principals[{i}]", problem, arn)
        elif arn.lower() in seen:  # IAM names ignore letter case
            check.add(f"principals[{i}]", f"names the same principal as principals[{seen[arn.lower()]}]", arn)
        else:
            seen[arn.lower()] = i
            arns.append(arn)
    check.raise_if_any()
    return arns


def _principal_resource(principal: Any) -> tuple[pulumi.Resource, ...]:
    """What the exclusion of `principal` waits for: the IAM user or role of a component (not its policies)."""
    if isinstance(principal, RepoAccessUser):
        return (principal.user,)
    if isinstance(principal, RepoAccessRole):
        return (principal.role,)
    return role_dependencies(principal)


def resource_name(name: str, arn: str) -> str:
    """The name of the exclusion of `arn` under the component `name`: from the ARN, so reordering keeps every URN."""
    account, _, principal = arn.split(":", 4)[4].partition(":")
    return f"{name}-{account}-{principal}"


class PullTimeUpdateExclusions(pulumi.ComponentResource):
    """One `aws.ecr.PullTimeUpdateExclusion` per principal. ECR keeps the list once per registry (account and region),
    so register this component once per registry."""

    # For type checkers only (Pulumi re-reads class annotations at every registration of a component).
    if TYPE_CHECKING:
        principal_arns: pulumi.Output[list]

    def __init__(self, name: str, args: PullTimeUpdateExclusionsArgs, opts: pulumi.ResourceOptions | None = None):
        arns = _principal_arns(args)
        super().__init__("ecr-access:ecr:PullTimeUpdateExclusions", name, None, opts)
        self.exclusions: dict[str, aws.ecr.PullTimeUpdateExclusion] = {}
        for arn, principal in zip(arns, args.principals):
            waits = list(args.depends_on) + list(_principal_resource(principal))
            self.exclusions[arn] = aws.ecr.PullTimeUpdateExclusion(
                resource_name(name, arn), principal_arn=arn, opts=pulumi.ResourceOptions(parent=self, depends_on=waits),
            )
        self.principal_arns = pulumi.Output.all(*[e.principal_arn for e in self.exclusions.values()])
        self.register_outputs({"principal_arns": self.principal_arns})
