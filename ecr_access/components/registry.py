"""The registry a program's components live in: partition, region and account, from which every ARN is computed."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from ecr_access.config.errors import Problems
from ecr_access.config.values import ACCOUNT_REQUIRED, REGION_REQUIRED, account_number_problem, region_problem
from ecr_access.features.repository_policy.statements import iam_principals, service
from ecr_access.iam import arns
from ecr_access.iam.grants import Grantee


@dataclass(frozen=True)
class Registry(arns.Registry):
    """One ECR private registry (an account in a region of a partition).

    Components take it so that the ARNs the stack can know (repositories, namespaces, IAM principals and policies)
    are computed when the program runs, never awaited from AWS: documents are complete and validated before anything
    is registered.
    """

    @classmethod
    def of(cls, region: str, account: str) -> Registry:
        """The registry of `account` in `region` (the partition follows from the region)."""
        return cls(partition=arns.partition_for_region(region), region=region, account=account)

    @classmethod
    def from_stack_config(cls, namespace: str = "ecr-access") -> Registry:
        """The registry of the running stack: `aws:region` and `<namespace>:accountId` from Pulumi config.

        Raises ConfigError naming the missing or bad key.
        """
        problems = Problems()
        region = pulumi.Config("aws").get("region")
        account = pulumi.Config(namespace).get("accountId")
        if not region:
            problems.add("aws:region", REGION_REQUIRED)
        elif problem := region_problem(region):
            problems.add("aws:region", problem, region)
        if not account:
            problems.add(f"{namespace}:accountId", ACCOUNT_REQUIRED)
        elif problem := account_number_problem(account):
            problems.add(f"{namespace}:accountId", problem, account)
        problems.raise_if_any()
        assert region is not None and account is not None
        return cls.of(region, account)

    def accounts(self, *accounts_or_arns: str) -> Grantee:
        """Whole accounts (12-digit IDs: their root) and IAM users or roles by ARN, as a repository-policy grantee."""
        return iam_principals(self.partition, *accounts_or_arns)

    def service(self, name: str, source_account: str | None = None, source_arns: tuple[str, ...] = ()) -> Grantee:
        """An AWS service principal acting for `source_account` (this registry's account unless given)."""
        return service(name, source_account or self.account, tuple(source_arns))


def provider_region(region: str | None, opts: pulumi.ResourceOptions | None, member: str) -> str | None:
    """Where a component's resource of type `member` lands: `region` when given, else the default AWS provider's region
    (`aws:region` of Pulumi config); None (unknown) when an explicit provider decides it, given or inherited."""
    if region is not None:
        return region
    if opts is not None and (opts.provider is not None or opts.providers
                             or (opts.parent is not None and opts.parent.get_provider(member) is not None)):
        return None
    return pulumi.Config("aws").get("region") or None

