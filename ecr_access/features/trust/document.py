"""Role trust policies: the account root, named principals, and GitHub Actions through OIDC."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecr_access.iam.arns import Registry
from ecr_access.iam.document import Condition, PolicyDocument, Statement
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.principals import Principals

GITHUB_OIDC_HOST = "token.actions.githubusercontent.com"
GITHUB_AUDIENCE = "sts.amazonaws.com"
# The issuer (`iss`) of GitHub Actions' OIDC tokens: the URL of the account's IAM OIDC identity provider for GitHub.
GITHUB_OIDC_URL = f"https://{GITHUB_OIDC_HOST}"
# GitHub owner and repository names: letters, digits, '-', '_', '.'; never a wildcard.
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_REF_PART = re.compile(r"[A-Za-z0-9_./*-]+")


def github_oidc_provider_arn(registry: Registry) -> str:
    """The ARN of the account's GitHub Actions OIDC identity provider (IAM keeps one per account and issuer URL)."""
    return registry.iam_arn("oidc-provider", GITHUB_OIDC_HOST)


@dataclass(frozen=True)
class GitHubActions:
    """GitHub Actions workflows of one repository, limited to some branches and/or deployment environments."""

    repository: str
    branches: tuple[str, ...] = ()
    environments: tuple[str, ...] = ()

    def subjects(self) -> tuple[str, ...]:
        """The `sub` claims accepted; PolicyError on a repository wildcard or no branch/environment."""
        if not _REPOSITORY.fullmatch(self.repository) or self.repository.startswith((".", "-")):
            raise PolicyError(f"GitHub repository must be owner/name without wildcards, got {self.repository!r}")
        if not self.branches and not self.environments:
            raise PolicyError(f"GitHub repository {self.repository!r}: name the branches or environments allowed to assume the role")
        out = []
        for kind, values, prefix in (("branch", self.branches, "ref:refs/heads/"), ("environment", self.environments, "environment:")):
            for value in values:
                if not _REF_PART.fullmatch(value) or value.strip("*/") == "":
                    raise PolicyError(f"GitHub {kind} {value!r} of {self.repository!r} must be a name (wildcards only inside it)")
                out.append(f"repo:{self.repository}:{prefix}{value}")
        return tuple(out)


@dataclass(frozen=True)
class Trust:
    """Who may assume a role: this account's principals (root), named principals, services, GitHub Actions."""

    account_root: bool = False
    principals: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    github: tuple[GitHubActions, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nobody could assume the role."""
        return not (self.account_root or self.principals or self.services or self.github)

    def document(self, registry: Registry) -> PolicyDocument:
        """The trust policy document (validate it with `render_validated(..., DocumentKind.TRUST, ...)`)."""
        if self.is_empty:
            raise PolicyError("trust names nobody: set accountRoot, principals, services or githubActions")
        statements = []
        aws = ((registry.root_arn,) if self.account_root else ()) + self.principals
        if aws:
            statements.append(Statement(sid="TrustedPrincipals", principal=Principals.of_aws(*aws), actions=("sts:AssumeRole",)))
        if self.services:
            statements.append(Statement(sid="TrustedServices", principal=Principals.of_service(*self.services), actions=("sts:AssumeRole",)))
        if self.github:
            subjects = tuple(s for gh in self.github for s in gh.subjects())
            operator = "StringLike" if any("*" in s for s in subjects) else "StringEquals"
            statements.append(
                Statement(
                    sid="GitHubActions",
                    principal=Principals.of_federated(github_oidc_provider_arn(registry)),
                    actions=("sts:AssumeRoleWithWebIdentity",),
                    conditions=(
                        Condition("StringEquals", f"{GITHUB_OIDC_HOST}:aud", (GITHUB_AUDIENCE,)),
                        Condition(operator, f"{GITHUB_OIDC_HOST}:sub", subjects),
                    ),
                )
            )
        return PolicyDocument(tuple(statements))
