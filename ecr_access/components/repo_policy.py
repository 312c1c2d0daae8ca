"""RepoPolicy: the one repository policy of an ECR repository, built from its grants and denies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pulumi
import pulumi_aws as aws

from ecr_access.components.checks import ArgsCheck
from ecr_access.components.ecr_repository import EcrRepository
from ecr_access.config.errors import ConfigError
from ecr_access.features.repository_policy.compile import compile_repository_policy
from ecr_access.features.repository_policy.statements import DenyRule, deny_statements, grant_statements
from ecr_access.iam.grants import Grant, Placement, named_aws_principals
from ecr_access.iam.merge import Contribution
from ecr_access.iam.validate import RenderedPolicy

ARGS = "RepoPolicyArgs"


@dataclass(frozen=True)
class RepoPolicyArgs:
    """A repository's policy: who outside the identity policies may do what with it, and explicit Denies.

    Args:
        repository: the EcrRepository component (the policy then waits for it) or a repository name.
        grants: repository-policy grants, `Grant.allow(grantee, levels=[...], actions=[...], conditions=[...])`, the
            grantee from `registry.accounts(...)`, `organization(...)`, `organization_paths(...)`,
            `registry.service(...)` or `anyone(<restricting condition>)`.
        denies: `DenyRule(actions, except_arns)`: deny actions to everyone but the ARNs given.
        depends_on: resources the policy must wait for (the stack's own roles or users it names).
        region: the repository's region when `repository` is a name outside the provider's region (an EcrRepository
            brings its own).
    """

    repository: EcrRepository | str
    grants: Sequence[Grant] = ()
    denies: Sequence[DenyRule] = ()
    depends_on: Sequence[pulumi.Resource] = ()
    # Internal: the stack passes its merged, already validated document (several config sections contribute to it).
    policy: RenderedPolicy | None = None
    region: str | None = None


def _repository_region(args: RepoPolicyArgs) -> str | None:
    """The region of the EcrRepository given (None: the provider's, or a repository named by a string)."""
    return args.repository.repository_region if isinstance(args.repository, EcrRepository) else None


def policy_region(args: RepoPolicyArgs) -> str | None:
    """The region the policy is set in: the EcrRepository's, or `args.region` for a repository named by a string."""
    return _repository_region(args) or args.region


def build_policy(args: RepoPolicyArgs) -> tuple[RenderedPolicy, tuple[Grant, ...]]:
    """The validated policy document of `args` and its grants (sourced at their argument paths); InvalidArgs if bad."""
    check = ArgsCheck(ARGS)
    if args.region is not None:
        check.region("region", args.region)
        own = _repository_region(args)
        if own is not None and own != args.region:
            check.add("region", f"is not the region of the repository, {own}; leave it out", args.region)
    if args.policy is not None:
        check.raise_if_any()
        return args.policy, tuple(args.grants)
    repo = args.repository.repository_name if isinstance(args.repository, EcrRepository) else args.repository
    if not isinstance(repo, str):
        check.add("repository", "must be an EcrRepository or a repository name", repr(repo))
    grants = check.grants("grants", args.grants, Placement.REPOSITORY)
    if not args.grants and not args.denies:
        check.add("", "needs grants or denies")
    check.raise_if_any()
    contributions = []
    for grant in grants:
        with check.blame(grant.source.removeprefix(f"{ARGS}.")):
            contributions.append(Contribution(repo, grant.source, grant_statements(repo, (grant,)), (grant,)))
    for i, deny in enumerate(args.denies):
        with check.blame(f"denies[{i}]"):
            contributions.append(Contribution(repo, check.path(f"denies[{i}]"), deny_statements((deny,))))
    check.raise_if_any()
    try:
        rendered = compile_repository_policy(repo, ARGS, contributions)
    except ConfigError as err:
        check.problems.items.extend(err.problems)
    check.raise_if_any()
    assert rendered is not None
    return rendered, grants


class RepoPolicy(pulumi.ComponentResource):
    """Attaches one repository policy (`aws.ecr.RepositoryPolicy`) to a repository; its document is built and
    validated (each grant alone, then the merged document within ECR's 10,240 characters) before anything is
    registered."""

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (docs/benchmark.md).
    if TYPE_CHECKING:
        repository: pulumi.Output[str]
        policy: pulumi.Output[str]
        registry_id: pulumi.Output[str]

    def __init__(self, name: str, args: RepoPolicyArgs, opts: pulumi.ResourceOptions | None = None):
        document, grants = build_policy(args)
        super().__init__("ecr-access:ecr:RepoPolicy", name, None, opts)
        #: The IAM principals the policy's grants name (provenance: their grantees).
        self.named_principals = named_aws_principals(grants)
        repository = args.repository.name if isinstance(args.repository, EcrRepository) else args.repository
        self.repository_policy = aws.ecr.RepositoryPolicy(
            name,
            repository=repository,
            policy=document.json,
            region=policy_region(args),
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on)),
        )
        self.repository = self.repository_policy.repository
        self.policy = self.repository_policy.policy
        self.registry_id = self.repository_policy.registry_id
        self.register_outputs({"repository": self.repository, "policy": self.policy, "registry_id": self.registry_id})


