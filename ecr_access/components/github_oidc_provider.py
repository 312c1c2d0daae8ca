"""GitHubOidcProvider: the account's IAM OpenID Connect identity provider for GitHub Actions.

IAM keeps one provider per account and issuer URL, so this component is registered once per account (a second
CreateOpenIDConnectProvider for the same URL fails). It registers no thumbprint: AWS verifies GitHub's OIDC endpoint
with its own library of trusted root certificate authorities (since July 2023, so thumbprints are kept but ignored for
GitHub), IAM's CreateOpenIDConnectProvider takes ThumbprintList as optional (IAM fetches one when it is left out), and
pulumi_aws 7 takes `thumbprint_lists` as optional (left out of an imported provider, its thumbprints are kept).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pulumi
import pulumi_aws as aws

from ecr_access.components.adoption import adopted_options
from ecr_access.components.checks import ArgsCheck
from ecr_access.features.trust.document import GITHUB_AUDIENCE, GITHUB_OIDC_URL, github_oidc_provider_arn
from ecr_access.iam.arns import Registry

TYPE = "ecr-access:trust:GitHubOidcProvider"


@dataclass(frozen=True)
class GitHubOidcProviderArgs:
    """The GitHub Actions OIDC provider of one account (`https://token.actions.githubusercontent.com`, audience
    `sts.amazonaws.com`).

    Args:
        registry: the registry (`Registry.of(region, account)`) whose account gets the provider; its ARN is computed
            from it.
        protect: Pulumi refuses to delete the provider (default on: deleting it stops every role of the account that
            trusts GitHub Actions).
        adopt: the provider exists already: import it by its ARN instead of creating it. An adopted provider is
            retained on delete: dropping it from the program leaves it in IAM.
        tags: tags of the provider (IAM tags: keys compared ignoring case).
    """

    registry: Registry
    protect: bool = True
    adopt: bool = False
    tags: Mapping[str, str] = field(default_factory=dict)


class GitHubOidcProvider(pulumi.ComponentResource):
    """The account's GitHub Actions OIDC identity provider; roles given it in `RepoAccessRoleArgs.github_oidc_provider`
    wait for it, and their trust policies name its ARN (`provider_arn`, computed)."""

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (docs/benchmark.md).
    if TYPE_CHECKING:
        arn: pulumi.Output[str]
        url: pulumi.Output[str]

    def __init__(self, name: str, args: GitHubOidcProviderArgs, opts: pulumi.ResourceOptions | None = None):
        check = ArgsCheck("GitHubOidcProviderArgs")
        if not isinstance(args.registry, Registry):
            check.add("registry", "must be an ecr_access.Registry (Registry.of(region, account))", repr(args.registry))
        check.tags("tags", args.tags, iam=True)
        check.raise_if_any()
        super().__init__(TYPE, name, None, opts)
        #: The provider's ARN, known when the program runs: the one trust policies of GitHub Actions roles name.
        self.provider_arn = github_oidc_provider_arn(args.registry)
        self.registry = args.registry
        self.provider = aws.iam.OpenIdConnectProvider(
            name,
            url=GITHUB_OIDC_URL,
            client_id_lists=[GITHUB_AUDIENCE],
            tags=dict(args.tags) or None,
            # Account-wide: deleting it breaks every GitHub Actions role of the account, whichever stack declares it. So
            # it is protected whether created or adopted.
            opts=pulumi.ResourceOptions(
                parent=self, **{**adopted_options(self.provider_arn if args.adopt else None), "protect": args.protect},
            ),
        )
        self.arn = self.provider.arn
        self.url = self.provider.url
        self.register_outputs({"arn": self.arn, "url": self.url})
