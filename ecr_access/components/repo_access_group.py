"""RepoAccessGroup: an IAM group carrying grants its member users share (one policy instead of one per user)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import pulumi
import pulumi_aws as aws

from ecr_access.compiler.principals import CompiledPrincipal
from ecr_access.components.iam_policies import register_policies


@dataclass(frozen=True)
class RepoAccessGroupArgs:
    """What to register: a compiled group."""

    principal: CompiledPrincipal


class RepoAccessGroup(pulumi.ComponentResource):
    """An IAM group with its packed ECR access policies attached."""

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (README.md, "Benchmark").
    if TYPE_CHECKING:
        name: pulumi.Output[str]
        arn: pulumi.Output[str]
        policy_arns: pulumi.Output[list]

    def __init__(self, name: str, args: RepoAccessGroupArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("ecr-access:iam:RepoAccessGroup", name, None, opts)
        spec = args.principal.spec
        self.group = aws.iam.Group(name, name=spec.name, path=spec.iam_path, opts=pulumi.ResourceOptions(parent=self))
        self.policies = register_policies(self, args.principal, aws.iam.GroupPolicyAttachment, {"group": self.group.name})
        self.name = self.group.name
        self.arn = self.group.arn
        self.policy_arns = pulumi.Output.all(*[p.arn for p in self.policies])
        self.register_outputs({"name": self.name, "arn": self.arn, "policy_arns": self.policy_arns})
