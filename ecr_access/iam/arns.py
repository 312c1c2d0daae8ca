"""ARNs the stack can compute in advance from partition, region, account and names."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ecr_access.iam.errors import PolicyError

_ACCOUNT = re.compile(r"[0-9]{12}")

# Region prefixes of the non-commercial partitions; everything else is "aws".
_PARTITION_PREFIXES = (
    ("cn-", "aws-cn"),
    ("us-gov-", "aws-us-gov"),
    ("us-isob-", "aws-iso-b"),
    ("us-iso-", "aws-iso"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-isof-", "aws-iso-f"),
    ("eusc-", "aws-eusc"),
)


def partition_for_region(region: str) -> str:
    """Return the AWS partition a region belongs to."""
    for prefix, partition in _PARTITION_PREFIXES:
        if region.startswith(prefix):
            return partition
    return "aws"


def root_arn(partition: str, account: str) -> str:
    """ARN of an account's root principal (every IAM principal the account allows)."""
    return f"arn:{partition}:iam::{account}:root"


def is_account_id(value: str) -> bool:
    """Tell whether a value is a 12-digit AWS account ID."""
    return isinstance(value, str) and bool(_ACCOUNT.fullmatch(value))


@dataclass(frozen=True)
class Registry:
    """One ECR private registry: an account in a region of a partition."""

    partition: str
    region: str
    account: str

    def __post_init__(self) -> None:
        if not is_account_id(self.account):
            raise PolicyError(f"account ID must be 12 digits, got {self.account!r}")

    def in_region(self, region: str | None) -> Registry:
        """The registry of the same account in `region` (this one when `region` is None or its own)."""
        return self if region is None or region == self.region else replace(self, region=region)

    def repository_arn(self, name: str) -> str:
        """ARN of one repository of this registry."""
        return f"arn:{self.partition}:ecr:{self.region}:{self.account}:repository/{name}"

    def namespace_arn(self, namespace: str) -> str:
        """Wildcard ARN matching every repository under `namespace/`, present or future."""
        return self.repository_arn(f"{namespace.rstrip('/')}/*")

    @property
    def host(self) -> str:
        """Registry hostname, as in `docker login <host>`."""
        suffix = "amazonaws.com.cn" if self.partition == "aws-cn" else "amazonaws.com"
        return f"{self.account}.dkr.ecr.{self.region}.{suffix}"

    def repository_url(self, name: str) -> str:
        """Repository URL as ECR reports it (`<host>/<name>`)."""
        return f"{self.host}/{name}"

    def iam_arn(self, kind: str, name: str, path: str = "/") -> str:
        """ARN of an IAM user, role, group or policy of this account."""
        return f"arn:{self.partition}:iam::{self.account}:{kind}{path}{name}"

    def event_rule_arn(self, name: str) -> str:
        """ARN of an EventBridge rule of this account and region on the default event bus."""
        return f"arn:{self.partition}:events:{self.region}:{self.account}:rule/{name}"

    def topic_arn(self, name: str) -> str:
        """ARN of an SNS topic of this account and region."""
        return f"arn:{self.partition}:sns:{self.region}:{self.account}:{name}"

    @property
    def root_arn(self) -> str:
        """ARN of the account root principal (every IAM principal the account allows)."""
        return root_arn(self.partition, self.account)
