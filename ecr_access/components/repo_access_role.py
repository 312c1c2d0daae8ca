"""RepoAccessRole: an IAM role with a validated trust policy and its packed ECR access policies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import pulumi
import pulumi_aws as aws

from ecr_access.compiler.principals import CompiledPrincipal
from ecr_access.components.iam_policies import register_policies


@dataclass(frozen=True)
class RepoAccessRoleArgs:
    """What to register: a compiled role (trust policy rendered)."""

    principal: CompiledPrincipal


class RepoAccessRole(pulumi.ComponentResource):
    """An IAM role that its trusted principals (or GitHub Actions via OIDC) assume to use its grants."""

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (README.md, "Benchmark").
    if TYPE_CHECKING:
        name: pulumi.Output[str]
        arn: pulumi.Output[str]
        policy_arns: pulumi.Output[list]

    def __init__(self, name: str, args: RepoAccessRoleArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("ecr-access:iam:RepoAccessRole", name, None, opts)
        spec = args.principal.spec
        assert args.principal.trust_policy is not None, "a compiled role always has a trust policy"
        self.role = aws.iam.Role(
            name,
            name=spec.name,
            path=spec.iam_path,
            description=spec.description,
            assume_role_policy=args.principal.trust_policy.json,
            max_session_duration=spec.max_session_duration,
            permissions_boundary=spec.permissions_boundary,
            tags=dict(spec.tags) or None,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.policies = register_policies(self, args.principal, aws.iam.RolePolicyAttachment, {"role": self.role.name})
        self.name = self.role.name
        self.arn = self.role.arn
        self.policy_arns = pulumi.Output.all(*[p.arn for p in self.policies])
        self.register_outputs({"name": self.name, "arn": self.arn, "policy_arns": self.policy_arns})
