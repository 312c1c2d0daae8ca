"""The `trust` key of a role: who may assume it (the account root, principals, services, GitHub Actions)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from ecr_access.config.base import Bool, ConfigModel, Maybe, OneOrMany, Str, fail, field
from ecr_access.config.values import ServicePrincipal, _iam_principal, _quoted_account, account_problem
from ecr_access.features.trust.document import GitHubActions, Trust
from ecr_access.iam.errors import PolicyError


def _principal(value: str, info: ValidationInfo) -> str:
    # Trust names IAM principals only: an account (ID or root ARN), a user or a role of this partition - never "*".
    if value.isdigit():
        if problem := account_problem(value):
            raise fail(problem)
        return value
    try:
        return _iam_principal(value, info)
    except PydanticCustomError as err:  # say what trust takes, then why this is not it
        raise fail(f'must be a 12-digit account ID or an IAM role/user ARN (never "*"); it {(err.context or {})["summary"]}') from None


class GitHubActionsConfig(ConfigModel):
    """GitHub Actions workflows of one repository (OIDC), limited to some branches and/or deployment environments."""

    repository: Str = field("The GitHub repository, `owner/name` (no wildcards).")
    branches: Maybe(OneOrMany(Str), "a list") = field(
        "Branches whose workflows may assume the role (`release/*` allowed; a bare `*` is refused).", None)
    environments: Maybe(OneOrMany(Str), "a list") = field("Deployment environments whose workflows may assume the role.", None)

    @property
    def github(self) -> GitHubActions:
        """The trusted workflows as the trust policy renders them."""
        return GitHubActions(repository=self.repository, branches=self.branches or (), environments=self.environments or ())

    @model_validator(mode="after")
    def _subjects(self) -> GitHubActionsConfig:
        try:
            self.github.subjects()
        except PolicyError as err:
            raise fail(str(err)) from None
        return self


class TrustConfig(ConfigModel):
    """Who may assume the role; at least one key."""

    account_root: Maybe(Bool, "true or false") = field(
        "Principals of this account that their own IAM policies allow (`arn:aws:iam::<account>:root`). Default `false`.", None)
    principals: Maybe(OneOrMany(Annotated[Str, BeforeValidator(_quoted_account), AfterValidator(_principal)]), "a list") = field(
        "12-digit account IDs or IAM role/user ARNs (never `*`).", None)
    services: Maybe(OneOrMany(ServicePrincipal), "a list") = field(
        "Service principals such as `ec2.amazonaws.com`.", None)
    github_actions: Maybe(list[GitHubActionsConfig], "a list") = field(
        "GitHub Actions via OIDC: `[{repository: owner/name, branches: [...], environments: [...]}]` (the account's "
        "GitHub OIDC identity provider must exist, or be created with `ecr-access:githubOidcProvider`).", None)

    @property
    def trust(self) -> Trust:
        """The trust as the role's trust policy renders it."""
        return Trust(
            account_root=bool(self.account_root), principals=self.principals or (), services=self.services or (),
            github=tuple(g.github for g in self.github_actions or ()),
        )

    @model_validator(mode="after")
    def _names_somebody(self) -> TrustConfig:
        if self.trust.is_empty:
            raise fail("names nobody: set accountRoot, principals, services or githubActions")
        return self
