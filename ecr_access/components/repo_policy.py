"""RepoPolicy: the one repository policy of an ECR repository, compiled and merged beforehand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import pulumi
import pulumi_aws as aws

from ecr_access.policies.validate import RenderedPolicy


@dataclass(frozen=True)
class RepoPolicyArgs:
    """What to register: the repository's name (an output of the repository, so the policy follows it) and its policy."""

    repository: pulumi.Input[str]
    policy: RenderedPolicy
    # Principals created in this run that the policy names: it waits for them (IAM propagation).
    depends_on: tuple[pulumi.Resource, ...] = ()


class RepoPolicy(pulumi.ComponentResource):
    """Attaches one repository policy (`aws.ecr.RepositoryPolicy`) to a repository."""

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (README.md, "Benchmark").
    if TYPE_CHECKING:
        repository: pulumi.Output[str]
        policy: pulumi.Output[str]
        registry_id: pulumi.Output[str]

    def __init__(self, name: str, args: RepoPolicyArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("ecr-access:ecr:RepoPolicy", name, None, opts)
        self.repository_policy = aws.ecr.RepositoryPolicy(
            name,
            repository=args.repository,
            policy=args.policy.json,
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on)),
        )
        self.repository = self.repository_policy.repository
        self.policy = self.repository_policy.policy
        self.registry_id = self.repository_policy.registry_id
        self.register_outputs({"repository": self.repository, "policy": self.policy, "registry_id": self.registry_id})
