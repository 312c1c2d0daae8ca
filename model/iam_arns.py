"""IAM ARNs given in stack config: principals a resource policy may name, and roles ECR assumes."""

from __future__ import annotations

import re

from model.constraints import shape
from model.reader import Node
from policies.arns import Registry, is_account_id

_IAM_ARN = re.compile(r"^arn:(aws[a-z-]*):iam::(\d{12}):(root|user/.+|role/.+|group/.+)$")
_NAME = re.compile(r"^[\w+=,.@-]{1,128}$")


def principal_arn(node: Node, registry: Registry) -> str:
    """An AWS principal for a resource policy: a 12-digit account, or an IAM user, role or account root ARN."""
    value = node.as_str()
    if is_account_id(value):
        return value
    match = _IAM_ARN.match(value)
    if not match:
        raise node.fail(
            "must be an IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>), "
            "an account root ARN or a 12-digit account ID"
        )
    partition, _, resource = match.groups()
    if resource.startswith("group/"):
        raise node.fail("IAM groups cannot be principals of a resource policy; name the group's users or a role")
    if partition != registry.partition:
        raise node.fail(f"is in partition {partition}, but the registry is in {registry.partition}")
    if resource != "root" and not _NAME.match(resource.rsplit("/", 1)[1]):
        raise node.fail("has an IAM name that is not valid (letters, digits and +=,.@_- up to 128 characters)")
    return value


def own_role_arn(node: Node, registry: Registry) -> str:
    """An IAM role ARN of the registry's own account (botocore `CustomRoleArn` length): a role ECR assumes."""
    value = node.as_str()
    problem = shape("ecr", "CustomRoleArn").problem(value)
    match = _IAM_ARN.match(value)
    if problem or not match or not match.group(3).startswith("role/"):
        raise node.fail(f"must be an IAM role ARN (arn:{registry.partition}:iam::{registry.account}:role/<name>)")
    if match.group(1) != registry.partition or match.group(2) != registry.account:
        raise node.fail(f"must be a role of the registry's own account {registry.account} (partition {registry.partition})")
    return value
