"""RegistryPullThroughCachePolicy: pull-through cache rules, their creation templates, and the registry's one policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pulumi
import pulumi_aws as aws

from ecr_access.components.adoption import adopted_options
from ecr_access.components.checks import ArgsCheck
from ecr_access.components.creation_template import register_creation_template
from ecr_access.components.settings import RepositoryTemplate, check_template, role_arn, role_dependencies
from ecr_access.config.values import resource_principal_problem
from ecr_access.features.namespaces.config import PULL_THROUGH_CACHE
from ecr_access.features.pull_through.config import cache_prefix_problem, cache_template_description
from ecr_access.features.pull_through.statements import CacheAccess, cache_grants, cache_statements
from ecr_access.features.registry_policy.document import RegistryContribution, RegistryPolicyScope, render_registry_policy
from ecr_access.iam.arns import Registry
from ecr_access.iam.grants import Grant
from ecr_access.iam.validate import RenderedPolicy

ARGS = "RegistryPullThroughCachePolicyArgs"


@dataclass(frozen=True)
class PullThroughCache:
    """One pull-through cache rule: `docker pull <registry>/<prefix>/<image>` fetches `<upstream_url>/<image>`.

    Args:
        prefix: the local namespace the cached repositories are created under.
        upstream_url: the upstream registry (`public.ecr.aws`, `registry-1.docker.io`, `ghcr.io`, ...).
        upstream_prefix: the upstream repository prefix, where the upstream supports one.
        credential_arn: the Secrets Manager secret (`ecr-pullthroughcache/...`) of an upstream that needs credentials.
        custom_role_arn: the role ECR uses with an ECR upstream in another account (ARN or RepoAccessRole).
        principals: who may pull through the cache: IAM ARNs (or RepoAccessUser/Role components) written into the
            registry policy (the first pull creates the repository and imports the image).
        template: the settings of the repositories the cache creates (RepositoryTemplate).
    """

    prefix: str
    upstream_url: str
    upstream_prefix: str | None = None
    credential_arn: str | None = None
    custom_role_arn: Any = None
    principals: Sequence[Any] = ()
    template: RepositoryTemplate = field(default_factory=RepositoryTemplate)


@dataclass(frozen=True)
class RegistryPullThroughCachePolicyArgs:
    """The registry's pull-through caches and the registry policy their principals need.

    Args:
        registry: the registry (`Registry.of(region, account)`): the registry policy's ARNs are computed in it.
        caches: the caches (PullThroughCache).
        registry_policy_scope: V2 (default; every ECR action is enforced) or V1.
        depends_on: resources the registry policy waits for (principals it names that this run creates; components
            given in `principals` are waited for without being listed).
        region: the region of the rules, templates and registry policy (default: the provider's); ARNs are computed
            in `registry.in_region(region)`. One component a region: ECR keeps one registry policy per region.
        adopt_registry_policy: the registry policy exists already: import it (by the registry ID) instead of creating
            it; it then holds the policy built here. An adopted policy is always retained on delete.
        protect_adopted: Pulumi refuses to delete an adopted registry policy (default on, as repositories are
            protected by default; the stack passes `ecr-access:protect`).
    """

    registry: Registry
    caches: Sequence[PullThroughCache] = ()
    registry_policy_scope: RegistryPolicyScope = RegistryPolicyScope.V2
    depends_on: Sequence[pulumi.Resource] = ()
    adopt_registry_policy: bool = False
    protect_adopted: bool = True
    # Internal: the stack passes its one merged registry policy (several sections contribute), and per cache prefix
    # the stack's own roles its template or rule names.
    registry_policy: RenderedPolicy | None = None
    template_depends_on: Sequence[tuple[str, tuple[pulumi.Resource, ...]]] = ()
    region: str | None = None


def _build(args: RegistryPullThroughCachePolicyArgs) -> tuple[list[Any], RenderedPolicy | None, tuple[Grant, ...]]:
    check = ArgsCheck(ARGS)
    if args.region is not None:
        check.region("region", args.region)
    registry = args.registry.in_region(args.region)
    lifecycles = []
    contributions = []
    seen: dict[str, int] = {}
    for i, cache in enumerate(args.caches):
        at = f"caches[{i}]"
        if not isinstance(cache.prefix, str):
            check.add(f"{at}.prefix", "must be a cache prefix (a string)", repr(cache.prefix))
        elif problem := cache_prefix_problem(cache.prefix):
            check.add(f"{at}.prefix", problem, cache.prefix)
        if isinstance(cache.upstream_prefix, str) and (problem := cache_prefix_problem(cache.upstream_prefix)):
            check.add(f"{at}.upstream_prefix", problem, cache.upstream_prefix)
        if cache.prefix in seen:
            check.add(f"{at}.prefix", f"is used by caches[{seen[cache.prefix]}] too", cache.prefix)
        seen.setdefault(cache.prefix, i)
        if not isinstance(cache.upstream_url, str) or not cache.upstream_url:
            check.add(f"{at}.upstream_url", "must be the upstream registry's host (public.ecr.aws, ghcr.io, ...)", cache.upstream_url)
        lifecycles.append(check_template(check, f"{at}.template", cache.template, registry.region, f"{cache.prefix} template"))
        arns: list[str] = []  # the valid ones: the others are reported
        for j, arn in enumerate(role_arn(p) for p in cache.principals):
            if problem := resource_principal_problem(arn, args.registry.partition):
                check.add(f"{at}.principals[{j}]", problem, arn)
            elif arn is not None:
                arns.append(arn)
        access = CacheAccess(cache.prefix, tuple(arns), cache.template.adds_tags if isinstance(cache.template, RepositoryTemplate) else False)
        with check.blame(at):
            statements = cache_statements([access], registry)
            if statements:
                contributions.append(RegistryContribution(check.path(at), statements, cache_grants(access, check.path(at))))
    check.raise_if_any()
    policy = args.registry_policy
    if policy is None:
        with check.blame("registry_policy_scope" if args.registry_policy_scope is RegistryPolicyScope.V1 else "caches"):
            policy = render_registry_policy(contributions, args.registry_policy_scope)
    if args.adopt_registry_policy and policy is None:
        check.add("adopt_registry_policy", "adopts nothing: no registry policy is written (no cache has principals)", True)
    check.raise_if_any()
    return lifecycles, policy, tuple(g for c in contributions for g in c.grants)


class RegistryPullThroughCachePolicy(pulumi.ComponentResource):
    """The registry-level resources: one rule and one creation template per cache, and the ONE registry policy.

    This component is the only place the stack registers an `aws.ecr.RegistryPolicy`; other features contribute
    statements to the compiled document (`CompiledStack.registry_policy`) instead of registering their own.
    """

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (docs/benchmark.md).
    if TYPE_CHECKING:
        rule_prefixes: pulumi.Output[list]
        upstream_urls: pulumi.Output[dict]
        registry_policy_json: pulumi.Output[str | None]

    def __init__(self, name: str, args: RegistryPullThroughCachePolicyArgs, opts: pulumi.ResourceOptions | None = None):
        lifecycles, policy, grants = _build(args)
        super().__init__("ecr-access:ecr:RegistryPullThroughCachePolicy", name, None, opts)
        #: The grants the registry policy was built from (their grantees: the principals it names).
        self.grants = grants
        self.templates: dict[str, aws.ecr.RepositoryCreationTemplate] = {}
        self.rules: dict[str, aws.ecr.PullThroughCacheRule] = {}
        roles = dict(args.template_depends_on)
        for cache, lifecycle in zip(args.caches, lifecycles):
            prefix = cache.prefix
            waits = roles.get(prefix, ()) + role_dependencies(cache.custom_role_arn, cache.template.custom_role_arn)
            description = cache.template.description or cache_template_description(cache.upstream_url, prefix)
            self.templates[prefix] = register_creation_template(
                f"{name}-{prefix}-template", prefix, (PULL_THROUGH_CACHE,), cache.template, description, lifecycle, self,
                depends_on=waits, region=args.region,
            )
            self.rules[prefix] = aws.ecr.PullThroughCacheRule(
                f"{name}-{prefix}",
                ecr_repository_prefix=prefix,
                upstream_registry_url=cache.upstream_url,
                upstream_repository_prefix=cache.upstream_prefix,
                credential_arn=cache.credential_arn,
                custom_role_arn=role_arn(cache.custom_role_arn),
                region=args.region,
                # The template must exist before the first pull creates a repository under the prefix.
                opts=pulumi.ResourceOptions(parent=self, depends_on=[self.templates[prefix], *waits]),
            )
        self.registry_policy = None
        if policy is not None:
            waits = tuple(args.depends_on) + role_dependencies(*(p for c in args.caches for p in c.principals))
            self.registry_policy = aws.ecr.RegistryPolicy(
                f"{name}-registry-policy", policy=policy.json, region=args.region,
                opts=pulumi.ResourceOptions(
                    parent=self, depends_on=list(waits),
                    **adopted_options(args.registry.account if args.adopt_registry_policy else None, args.protect_adopted),
                ),
            )
        self.rule_prefixes = pulumi.Output.all(*[r.ecr_repository_prefix for r in self.rules.values()])
        self.upstream_urls = pulumi.Output.all(
            **{prefix: rule.upstream_registry_url for prefix, rule in self.rules.items()}
        )
        self.registry_policy_json = (
            self.registry_policy.policy if self.registry_policy is not None else pulumi.Output.from_input(None)
        )
        self.register_outputs(
            {
                "rule_prefixes": self.rule_prefixes,
                "upstream_urls": self.upstream_urls,
                "registry_policy_json": self.registry_policy_json,
            }
        )
