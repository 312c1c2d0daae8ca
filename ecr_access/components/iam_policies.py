"""The one way a principal's compiled managed policies are registered and attached (users, groups, roles)."""

from __future__ import annotations

from typing import Any, Callable

import pulumi
import pulumi_aws as aws

from ecr_access.compiler.principals import CompiledPrincipal


def register_policies(
    parent: pulumi.Resource,
    principal: CompiledPrincipal,
    attachment: Callable[..., pulumi.CustomResource],
    principal_input: dict[str, Any],
) -> list[aws.iam.Policy]:
    """Create each compiled policy and attach it with `attachment(**principal_input, policy_arn=...)`."""
    spec = principal.spec
    policies = []
    for compiled in principal.policies:
        policy = aws.iam.Policy(
            compiled.name,
            name=compiled.name,
            path=compiled.path,
            description=f"ECR access of IAM {spec.kind} {spec.name} (managed by ecr-access)",
            policy=compiled.document.json,
            tags=dict(spec.tags) or None,
            opts=pulumi.ResourceOptions(parent=parent),
        )
        attachment(
            f"{compiled.name}-attachment", **principal_input, policy_arn=policy.arn, opts=pulumi.ResourceOptions(parent=parent)
        )
        policies.append(policy)
    return policies
