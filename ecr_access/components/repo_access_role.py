"""RepoAccessRole: an IAM role with a validated trust policy and its packed ECR access policies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pulumi
import pulumi_aws as aws

from ecr_access.components.adoption import adopted_options
from ecr_access.components.checks import ArgsCheck
from ecr_access.components.github_oidc_provider import GitHubOidcProvider
from ecr_access.components.iam_policies import register_policies
from ecr_access.components.principal_args import PrincipalArgs, build_documents
from ecr_access.config.base import range_problem
from ecr_access.features.principals.config import DEFAULT_SESSION_DURATION, ROLE_DESCRIPTION, SESSION_DURATION
from ecr_access.features.trust.document import Trust
from ecr_access.iam.arns import Registry


@dataclass(frozen=True)
class RepoAccessRoleArgs(PrincipalArgs):
    """A role's arguments (see PrincipalArgs), and:

    Args:
        trust: who may assume it: `Trust(account_root=True)`, `Trust(principals=(arn, ...))`,
            `Trust(services=(...))`, `Trust(github=(GitHubActions("owner/repo", branches=("main",)),))`.
        description: the role's description.
        max_session_duration: seconds, 3600-43200.
        permissions_boundary: a managed policy ARN bounding the role.
        github_oidc_provider: the GitHubOidcProvider its GitHub Actions trust names, when the program creates it:
            the role waits for it (left out, the account's provider must exist already).
    """

    trust: Trust | None = None
    description: str | None = None
    max_session_duration: int = DEFAULT_SESSION_DURATION
    permissions_boundary: str | None = None
    github_oidc_provider: GitHubOidcProvider | None = None


class RepoAccessRole(pulumi.ComponentResource):
    """An IAM role that its trusted principals (or GitHub Actions via OIDC) assume to use its grants."""

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (docs/benchmark.md).
    if TYPE_CHECKING:
        name: pulumi.Output[str]
        arn: pulumi.Output[str]
        policy_arns: pulumi.Output[list]

    def __init__(self, name: str, args: RepoAccessRoleArgs, opts: pulumi.ResourceOptions | None = None):
        role_name = args.name or name
        policies, trust = build_documents(
            "role", role_name, args, "RepoAccessRoleArgs", trust=args.trust, boundary=args.permissions_boundary,
            more=lambda check: _check_role(check, args),
        )
        assert trust is not None, "a role's documents always hold its trust policy"
        super().__init__("ecr-access:iam:RepoAccessRole", name, None, opts)
        #: The role's name and ARN, known when the program runs (name it in repository policies and templates).
        self.role_name = role_name
        self.principal_arn = args.registry.iam_arn("role", role_name, args.path)
        self.role = aws.iam.Role(
            name,
            name=role_name,
            path=args.path,
            description=args.description,
            assume_role_policy=trust.json,
            max_session_duration=args.max_session_duration,
            permissions_boundary=args.permissions_boundary,
            tags=dict(args.tags) or None,
            # Its trust policy names the provider (the same computed ARN): IAM refuses a provider that does not exist.
            # An adopted role is imported by its name (then protected and retained); its policies and their attachments
            # are created.
            opts=pulumi.ResourceOptions(
                parent=self, depends_on=[args.github_oidc_provider.provider] if args.github_oidc_provider else None,
                **adopted_options(role_name if args.adopt else None, args.protect_adopted),
            ),
        )
        self.policies = register_policies(
            self, f"role {role_name}", policies, args.tags, aws.iam.RolePolicyAttachment, {"role": self.role.name}
        )
        self.name = self.role.name
        self.arn = self.role.arn
        self.policy_arns = pulumi.Output.all(*[p.arn for p in self.policies])
        self.register_outputs({"name": self.name, "arn": self.arn, "policy_arns": self.policy_arns})


def _check_role(check: ArgsCheck, args: RepoAccessRoleArgs) -> None:
    if problem := range_problem(args.max_session_duration, *SESSION_DURATION):
        check.add("max_session_duration", problem, args.max_session_duration)
    if args.description is not None:
        check.shaped("description", args.description, *ROLE_DESCRIPTION)
    provider = args.github_oidc_provider
    if provider is None:
        return
    if not isinstance(provider, GitHubOidcProvider):
        check.add("github_oidc_provider", "must be a GitHubOidcProvider component", repr(provider))
    elif not (isinstance(args.trust, Trust) and args.trust.github):
        check.add("github_oidc_provider", "applies to a role that trusts GitHub Actions (Trust(github=...)); remove it",
                  provider.provider_arn)
    elif isinstance(args.registry, Registry) and (provider.registry.partition, provider.registry.account) != (
            args.registry.partition, args.registry.account):
        check.add("github_oidc_provider", f"is the provider of account {provider.registry.account}, but the role is in "
                  f"account {args.registry.account}: a role can trust only an OIDC provider of its own account",
                  provider.provider_arn)
