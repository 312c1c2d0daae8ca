"""Principal values of stack config: account IDs, IAM ARNs, roles ECR assumes, organization IDs and paths, services."""

from __future__ import annotations

import re

from ecr_access.model.constraints import partition_dns_suffixes, shape
from ecr_access.model.errors import other_partition
from ecr_access.model.reader import Node
from ecr_access.policies.arns import Registry, is_account_id

# IAM names and account IDs are ASCII (re.ASCII: Python's \w and \d would also match other scripts' letters and digits).
_NAME = r"[\w+=,.@-]"
_IAM_ARN = re.compile(rf"arn:(aws[a-z-]*):iam::([0-9]{{12}}):(root|(user|role)/({_NAME}+/)*{_NAME}{{1,64}})", re.ASCII)
# Deny exceptions are aws:PrincipalArn patterns: `*` and `?` may stand in the name.
_IAM_ARN_PATTERN = re.compile(r"arn:(aws[a-z-]*):iam::([0-9]{12}):(root|(user|role)/[\w+=,.@*?/-]+)", re.ASCII)
_ORG_ID = re.compile(r"o-[a-z0-9]{10,32}")
_ORG_PATH = re.compile(r"o-[a-z0-9]{10,32}/(\*|r-[0-9a-z]{4,32}/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}/)*\*?)")
# A service principal is DNS labels (lowercase letters, digits, inner hyphens; 1-63 each) and a partition's suffix.
_LABELS = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*", re.ASCII)
_COMMON_SUFFIX = "amazonaws.com"  # service principals of every partition may use it
_SOURCE_ARN = re.compile(r"arn:(aws[a-z-]*):[a-z0-9-]+:[a-z0-9*-]*:([0-9]{12}|\*)?:.+")


# An account ID YAML read as a number: unquoted digits (leading zeros lost) or hex such as 0x1CBE991A14.
YAML_NUMBER = 'YAML read this unquoted value as a number; account IDs must be quoted strings ("123456789012")'


def account_id(node: Node) -> str:
    """A 12-digit AWS account ID (given as a quoted string, so leading zeros survive)."""
    if isinstance(node.value, int) and not isinstance(node.value, bool):
        raise node.fail(YAML_NUMBER)
    value = node.as_str()
    if not is_account_id(value):
        raise node.fail("must be a 12-digit AWS account ID")
    return value


def _partition_of(node: Node, value: str, partition: str, match: re.Match) -> str:
    if match.group(1) != partition:
        raise node.fail(other_partition(match.group(1), partition))
    return value


def iam_principal_arn(node: Node, partition: str) -> str:
    """An IAM principal ARN: `arn:<partition>:iam::<12 digits>:(root|user/<path/name>|role/<path/name>)`."""
    value = node.as_str()
    match = _IAM_ARN.fullmatch(value)
    if not match:
        raise node.fail(f"must be an IAM principal ARN: arn:{partition}:iam::<12-digit account>:(root|user/<name>|role/<name>)")
    return _partition_of(node, value, partition, match)


def iam_arn_pattern(node: Node, partition: str) -> str:
    """An aws:PrincipalArn pattern: an IAM root, user or role ARN whose name may hold `*` or `?`."""
    value = node.as_str()
    match = _IAM_ARN_PATTERN.fullmatch(value)
    if not match:
        raise node.fail(f"must be an IAM role or user ARN (wildcards allowed in the name): arn:{partition}:iam::<account>:role/<name>")
    return _partition_of(node, value, partition, match)


def organization_id(node: Node) -> str:
    """An AWS Organizations ID (`o-` and 10-32 lowercase letters or digits)."""
    value = node.as_str()
    if not _ORG_ID.fullmatch(value):
        raise node.fail("must be an AWS Organizations ID: o- followed by 10-32 lowercase letters or digits")
    return value


def organization_path(node: Node) -> str:
    """An organizational-unit path as aws:PrincipalOrgPaths reports it: `o-xxx/r-xxxx/ou-xxxx-xxxxxxxx/`, `*` to end."""
    value = node.as_str()
    if not _ORG_PATH.fullmatch(value):
        raise node.fail("must be an organization path: o-<org>/r-<root>/ou-<root>-<ou>/ (ending in / or *)")
    return value


def service_principal(node: Node, partition: str) -> str:
    """An AWS service principal name of a stack in `partition`: DNS labels and `.amazonaws.com`, or the partition's own
    DNS suffix (botocore's partition data: `lambda.amazonaws.com.cn` only on aws-cn). Trust and repository policies
    both read services with this rule."""
    value = node.as_str()
    suffixes = partition_dns_suffixes()
    own = {_COMMON_SUFFIX, suffixes.get(partition, _COMMON_SUFFIX)}
    mine = [s for s in sorted(own, key=len, reverse=True) if value.endswith(f".{s}")]
    if mine and _LABELS.fullmatch(value[: -len(mine[0]) - 1]):
        return value
    for other, suffix in sorted(suffixes.items()):
        if suffix not in own and value.endswith(f".{suffix}") and _LABELS.fullmatch(value[: -len(suffix) - 1]):
            raise node.fail(f"ends in .{suffix}, the DNS suffix of partition {other}, but aws:region puts this stack in "
                            f"partition {partition} (service principals there end in {' or '.join(f'.{s}' for s in sorted(own))})")
    raise node.fail("must be an AWS service principal name: DNS labels (lowercase letters, digits and inner hyphens) "
                    f"followed by {' or '.join(f'.{s}' for s in sorted(own))}, such as lambda.amazonaws.com")


def source_arn(node: Node, partition: str) -> str:
    """An ARN or ARN pattern the calling service acts for (aws:SourceArn)."""
    value = node.as_str()
    match = _SOURCE_ARN.fullmatch(value)
    if not match:
        raise node.fail(f"must be an ARN such as arn:{partition}:lambda:<region>:<account>:function:<name> (* allowed)")
    return _partition_of(node, value, partition, match)


def principal_arn(node: Node, registry: Registry) -> str:
    """An AWS principal for a resource policy: a 12-digit account, or an IAM user, role or account root ARN."""
    if isinstance(node.value, int) and not isinstance(node.value, bool):
        raise node.fail(YAML_NUMBER)
    value = node.as_str()
    if is_account_id(value):
        return value
    if re.match(r"arn:[a-z-]+:iam::[0-9]{12}:group/", value):
        raise node.fail("IAM groups cannot be principals of a resource policy; name the group's users or a role")
    match = _IAM_ARN.fullmatch(value)
    if not match:
        raise node.fail(
            "must be an IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>), "
            "an account root ARN or a 12-digit account ID"
        )
    if match.group(1) != registry.partition:
        raise node.fail(other_partition(match.group(1), registry.partition))
    return value


def own_role_arn(node: Node, registry: Registry) -> str:
    """An IAM role ARN of the registry's own account (botocore `CustomRoleArn` length): a role ECR assumes."""
    value = node.as_str()
    match = _IAM_ARN.fullmatch(value)
    if shape("ecr", "CustomRoleArn").problem(value) or not match or match.group(4) != "role":
        raise node.fail(f"must be an IAM role ARN (arn:{registry.partition}:iam::{registry.account}:role/<name>)")
    if match.group(1) != registry.partition or match.group(2) != registry.account:
        raise node.fail(f"must be a role of the registry's own account {registry.account} (partition {registry.partition})")
    return value
