"""A platform team's registry, written with the ecr-access components (no stack config but the account and region)."""

import pulumi

from ecr_access import (
    EcrRepository,
    EcrRepositoryArgs,
    ExpireUntagged,
    GitHubActions,
    Grant,
    KeepTagged,
    Level,
    LifecyclePolicy,
    PullThroughCache,
    Registry,
    RegistryPullThroughCachePolicy,
    RegistryPullThroughCachePolicyArgs,
    RepoAccessGroup,
    RepoAccessGroupArgs,
    RepoAccessRole,
    RepoAccessRoleArgs,
    RepoPolicy,
    RepoPolicyArgs,
    RepositoryTemplate,
    TeamNamespace,
    TeamNamespaceArgs,
    Trust,
)

# `aws:region` and `ecr-access:accountId` from the stack's config: every ARN below is computed, never awaited.
registry = Registry.from_stack_config()
keep_releases = LifecyclePolicy((KeepTagged(count=30, prefixes=("v",)), ExpireUntagged(days=7)))

api = EcrRepository("api", EcrRepositoryArgs(name="shop/api", lifecycle=keep_releases, tags={"team": "shop"}))
web = EcrRepository("web", EcrRepositoryArgs(name="shop/web", lifecycle=keep_releases, tags={"team": "shop"}))
data = TeamNamespace("data", TeamNamespaceArgs(registry=registry))

# CI pushes the API image from the main branch of its GitHub repository.
ci = RepoAccessRole("shop-api-ci", RepoAccessRoleArgs(
    registry=registry,
    trust=Trust(github=(GitHubActions("example-org/shop-api", branches=("main",)),)),
    grants=[api.grant_push()],
))

# Analysts pull every image of the data team's namespace, present and future.
analysts = RepoAccessGroup("analysts", RepoAccessGroupArgs(registry=registry, grants=[data.grant(Level.PULL)]))

# The production account runs the web image.
RepoPolicy("web-policy", RepoPolicyArgs(
    repository=web,
    grants=[Grant.allow(registry.accounts("210987654321"), levels=[Level.PULL])],
), opts=pulumi.ResourceOptions(parent=web))

# Public base images through the registry, pulled (and cached) by the CI role.
caches = RegistryPullThroughCachePolicy("registry", RegistryPullThroughCachePolicyArgs(
    registry=registry,
    caches=[PullThroughCache(prefix="ecr-public", upstream_url="public.ecr.aws", principals=[ci],
                             template=RepositoryTemplate(lifecycle=LifecyclePolicy((ExpireUntagged(days=14),))))],
))

pulumi.export("repositoryUrls", {"api": api.repository_url, "web": web.repository_url})
pulumi.export("ciRoleArn", ci.arn)
pulumi.export("analystsGroupArn", analysts.arn)
pulumi.export("registryPolicy", caches.registry_policy_json)
