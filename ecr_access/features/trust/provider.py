"""`ecr-access:githubOidcProvider`: the account's GitHub Actions OIDC identity provider, created by the stack or named.

Roles that trust `githubActions` name the provider `arn:<partition>:iam::<account>:oidc-provider/
token.actions.githubusercontent.com` in their trust policy. Left out, the provider is assumed to exist already (nothing
is registered for it). `create` registers it (component `ecr-access:trust:GitHubOidcProvider`, once per account) and
every such role waits for it; `arn` names the existing one, checked against the stack's partition and account.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, Discriminator, Field, Tag, ValidationInfo, model_validator

from ecr_access.config.base import Bool, ConfigModel, Maybe, Str, context, fail, field, refusals
from ecr_access.config.errors import Problems, other_partition
from ecr_access.features.trust.document import GITHUB_OIDC_HOST, github_oidc_provider_arn
from ecr_access.iam.arns import Registry

KEY = "ecr-access:githubOidcProvider"
CREATE = "create"
_PROVIDER_ARN = re.compile(r"arn:(aws[a-z-]*):iam::([0-9]{12}):oidc-provider/(\S+)", re.ASCII)


@dataclass(frozen=True)
class GitHubOidcProviderSpec:
    """The provider the stack's GitHub Actions roles trust: created here (`create`; imported when `adopt`) or named.

    `arn` is the provider's ARN either way (computed from the registry; a named one must be equal to it).
    """

    path: str
    arn: str
    create: bool = False
    adopt: bool = False
    protect: bool = True


def _provider_arn(value: str, info: ValidationInfo) -> str:
    # The trust policies name the ARN computed from the registry: a named provider must be that very ARN.
    match = _PROVIDER_ARN.fullmatch(value)
    if not match:
        raise fail(f"must be an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/{GITHUB_OIDC_HOST})")
    partition, account, issuer = match.groups()
    if partition != context(info, "partition", "aws"):
        raise fail(other_partition(partition, context(info, "partition", "aws")))
    registry: Registry | None = context(info, "registry")
    if registry is not None and account != registry.account:
        raise fail(f"is in account {account}, but the stack's roles are in account {registry.account} "
                   "(ecr-access:accountId): a role can trust only an OIDC provider of its own account")
    if issuer != GITHUB_OIDC_HOST:
        raise fail(f"is the provider of {issuer}, not GitHub Actions' {GITHUB_OIDC_HOST}")
    return value


class GitHubOidcProviderConfig(ConfigModel):
    """The account's GitHub Actions OIDC identity provider: created by this stack (`create: true`) or named (`arn`)."""

    create: Maybe(Bool, "true or false") = field(
        "This stack creates the provider (`https://token.actions.githubusercontent.com`, audience `sts.amazonaws.com`; "
        "component `ecr-access:trust:GitHubOidcProvider`) and every role with `trust.githubActions` waits for it. IAM "
        "keeps one per account: create it in one stack of the account. Default `false`.", None)
    arn: Maybe(Annotated[Str, AfterValidator(_provider_arn)]) = field(
        "The provider, which exists already: `arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com` "
        "of the stack's own partition and account (checked; nothing is registered).", None)
    adopt: Maybe(Bool, "true or false") = field(
        "With `create: true`: the provider exists already; Pulumi imports it (import ID: its ARN) instead of creating "
        "it, and retains it on delete (dropping the key never deletes it). It may be removed after the first `pulumi up` (the import is done); keeping it keeps that protection. "
        "Default `false`.", None)
    protect: Maybe(Bool, "true or false") = field(
        "With `create: true`: Pulumi refuses to delete the provider (deleting it stops every GitHub Actions role of the "
        "account). Default `ecr-access:protect`.", None)

    @model_validator(mode="after")
    def _consistent(self) -> GitHubOidcProviderConfig:
        problems: list[tuple[str, str, Any]] = []
        if self.create and self.arn is not None:
            problems.append(("arn", "names an existing provider, but create: true creates one; keep one of them "
                             "(create: true with adopt: true imports the existing provider into this stack)", self.arn))
        if not self.create:
            if self.adopt:
                problems.append(("adopt", "imports the provider this stack creates; set create: true too (or name the "
                                 "existing provider with arn alone)", True))
            if self.protect is not None:
                problems.append(("protect", "applies to the provider this stack creates; set create: true too, or "
                                 "remove it", self.protect))
            if self.create is None and self.arn is None and not problems:
                problems.append(("", "names no provider: set create: true, or arn: <the existing provider's ARN>",
                                 self.model_dump(by_alias=True, exclude_none=True)))
        if problems:
            raise refusals(problems)
        return self


def _word(value: str) -> str:
    if value != CREATE:
        raise fail('must be "create" or a map ({create: true} or {arn: <the existing provider\'s ARN>})')
    return value


def _form(value: Any) -> str:
    return "~map" if isinstance(value, dict) else "~word"


# `create` (the short form of `{create: true}`), or the map.
GitHubOidcProvider = Annotated[
    Annotated[Annotated[Str, AfterValidator(_word), Field(json_schema_extra={"enum": [CREATE]})], Tag("~word")]
    | Annotated[GitHubOidcProviderConfig, Tag("~map")],
    Discriminator(_form),
]


def _trusts_github(roles: Any) -> bool:
    # Read from the entries as written: a role with another problem still says whether it trusts GitHub Actions.
    return isinstance(roles, list) and any(
        isinstance(r, Mapping) and isinstance(r.get("trust"), Mapping) and bool(r["trust"].get("githubActions"))
        for r in roles
    )


def read_github_oidc_provider(top: Any, registry: Registry | None, default_protect: bool, problems: Problems,
                              context: dict[str, Any]) -> GitHubOidcProviderSpec | None:
    """The provider the stack creates or names (None: assumed to exist; `top`: the stack's top-level reader)."""
    found = top.get("githubOidcProvider", None, context)
    if found is None or registry is None:
        return None
    entry = GitHubOidcProviderConfig(create=True) if isinstance(found, str) else found
    if not entry.create and entry.arn is None:
        return None
    if not _trusts_github(top.values.get("ecr-access:roles")):
        problems.add(KEY, "no role of this stack trusts githubActions, so the provider would be unused; declare it in "
                     "the stack whose roles trust GitHub Actions, or remove the key", top.values[KEY])
        return None
    return GitHubOidcProviderSpec(
        path=KEY, arn=github_oidc_provider_arn(registry), create=bool(entry.create), adopt=bool(entry.adopt),
        protect=default_protect if entry.protect is None else entry.protect,
    )
