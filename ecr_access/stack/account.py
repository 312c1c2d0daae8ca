"""Refuse to deploy into an account other than the one the stack's ARNs were computed for."""

from __future__ import annotations

import pulumi_aws as aws

from ecr_access.config.errors import ConfigError
from ecr_access.iam.arns import Registry


def verify_account(registry: Registry) -> None:
    """Compare `ecr-access:accountId` (and the partition) with the caller identity of the AWS credentials."""
    identity = aws.get_caller_identity()
    if identity.account_id != registry.account:
        raise ConfigError.at(
            "ecr-access:accountId",
            f"the AWS credentials in use belong to account {identity.account_id}; "
            "select the credentials of the configured account, or correct the stack config",
            registry.account,
        )
    partition = identity.arn.split(":")[1]
    if partition != registry.partition:
        raise ConfigError.at(
            "aws:region",
            f"is in partition {registry.partition}, but the AWS credentials are for partition {partition}",
            registry.region,
        )
