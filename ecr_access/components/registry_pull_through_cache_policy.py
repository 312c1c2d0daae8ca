"""RegistryPullThroughCachePolicy: pull-through cache rules, their creation templates, and the registry's one policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import pulumi
import pulumi_aws as aws

from ecr_access.compiler.pull_through import CompiledCache
from ecr_access.components.creation_template import register_creation_template
from ecr_access.policies.validate import RenderedPolicy


@dataclass(frozen=True)
class RegistryPullThroughCachePolicyArgs:
    """What to register: the compiled caches and the stack's single compiled registry policy (None when empty)."""

    caches: tuple[CompiledCache, ...]
    registry_policy: RenderedPolicy | None
    # Principals created in this run that the policy names: it waits for them (IAM propagation).
    depends_on: tuple[pulumi.Resource, ...] = ()
    # Per cache prefix, the stack's own roles its template or rule names (customRoleArn): created first.
    template_depends_on: tuple[tuple[str, tuple[pulumi.Resource, ...]], ...] = ()


class RegistryPullThroughCachePolicy(pulumi.ComponentResource):
    """The registry-level resources: one rule and one creation template per cache, and the ONE registry policy.

    This component is the only place the stack registers an `aws.ecr.RegistryPolicy`; other features contribute
    statements to the compiled document (`CompiledStack.registry_policy`) instead of registering their own.
    """

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (README.md, "Benchmark").
    if TYPE_CHECKING:
        rule_prefixes: pulumi.Output[list]
        upstream_urls: pulumi.Output[dict]
        registry_policy_json: pulumi.Output[Optional[str]]

    def __init__(self, name: str, args: RegistryPullThroughCachePolicyArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("ecr-access:ecr:RegistryPullThroughCachePolicy", name, None, opts)
        self.templates: dict[str, aws.ecr.RepositoryCreationTemplate] = {}
        self.rules: dict[str, aws.ecr.PullThroughCacheRule] = {}
        roles = dict(args.template_depends_on)
        for cache in args.caches:
            prefix = cache.spec.prefix
            self.templates[prefix] = self._template(f"{name}-{prefix}-template", cache, roles.get(prefix, ()))
            self.rules[prefix] = aws.ecr.PullThroughCacheRule(
                f"{name}-{prefix}",
                ecr_repository_prefix=prefix,
                upstream_registry_url=cache.spec.upstream_url,
                upstream_repository_prefix=cache.spec.upstream_prefix,
                credential_arn=cache.spec.credential_arn,
                custom_role_arn=cache.spec.custom_role_arn,
                # The template must exist before the first pull creates a repository under the prefix.
                opts=pulumi.ResourceOptions(parent=self, depends_on=[self.templates[prefix], *roles.get(prefix, ())]),
            )
        self.registry_policy = None
        if args.registry_policy is not None:
            self.registry_policy = aws.ecr.RegistryPolicy(
                f"{name}-registry-policy", policy=args.registry_policy.json,
                opts=pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on)),
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

    def _template(
        self, resource_name: str, cache: CompiledCache, depends_on: tuple[pulumi.Resource, ...]
    ) -> aws.ecr.RepositoryCreationTemplate:
        return register_creation_template(
            resource_name, cache.spec.prefix, ("PULL_THROUGH_CACHE",), cache.spec.template, cache.lifecycle_policy, self,
            depends_on=depends_on,
        )
