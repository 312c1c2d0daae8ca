"""The one way a principal's compiled managed policies are registered and attached (users, groups, roles)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from ecr_access.features.principals.compile import CompiledPolicy


def register_policies(
    parent: pulumi.Resource,
    label: str,
    policies: Sequence[CompiledPolicy],
    tags: Mapping[str, str],
    attachment: Callable[..., pulumi.CustomResource],
    principal_input: dict[str, Any],
) -> list[aws.iam.Policy]:
    """Create each compiled policy of the principal `label` (`user alice`) and attach it with
    `attachment(**principal_input, policy_arn=...)`."""
    out = []
    for compiled in policies:
        policy = aws.iam.Policy(
            compiled.name,
            name=compiled.name,
            path=compiled.path,
            description=f"ECR access of IAM {label} (managed by ecr-access)",
            policy=compiled.document.json,
            tags=dict(tags) or None,
            opts=pulumi.ResourceOptions(parent=parent),
        )
        attachment(
            f"{compiled.name}-attachment", **principal_input, policy_arn=policy.arn, opts=pulumi.ResourceOptions(parent=parent)
        )
        out.append(policy)
    return out
