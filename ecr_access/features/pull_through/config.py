"""`ecr-access:pullThroughCache[]`: upstream, local prefix, credentials, principals and creation template of each cache."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import ValidationInfo, model_validator

from ecr_access.config.base import NO_VALUE, ConfigModel, Maybe, OneOrMany, Str, field, refusals, refused_when
from ecr_access.config.constraints import WithShape, shape, shaped
from ecr_access.config.errors import Problems
from ecr_access.config.sections import unique_entries
from ecr_access.config.values import AccountId, OwnRoleArn, Region, ResourcePrincipal, ResourceRegion
from ecr_access.features.namespaces.templates import CreationTemplate, TemplateConfig
from ecr_access.features.repositories.settings import RepositorySettings
from ecr_access.iam.arns import Registry, partition_for_region

# Upstreams that authenticate with a Secrets Manager secret (AWS ECR user guide, "Sync an upstream registry").
CREDENTIALED = frozenset(
    {"docker-hub", "github-container-registry", "azure-container-registry", "gitlab-container-registry", "chainguard"}
)
# Upstream registry URLs (botocore CreatePullThroughCacheRule docs; Chainguard's registry is cgr.dev).
# `azure-container-registry` (<name>.azurecr.io) and `ecr` (<account>.dkr.ecr.<region>...) are built from config.
FIXED_URLS = {
    "ecr-public": "public.ecr.aws",
    "quay": "quay.io",
    "k8s": "registry.k8s.io",
    "docker-hub": "registry-1.docker.io",
    "github-container-registry": "ghcr.io",
    "gitlab-container-registry": "registry.gitlab.com",
    "chainguard": "cgr.dev",
}
_AZURE_URL = re.compile(r"[a-z0-9]{5,50}\.azurecr\.io")
_FOREIGN_KEYS = {
    "credentialArn": (CREDENTIALED, "only upstreams that authenticate with a secret take one"),
    "registryUrl": ({"azure-container-registry"}, "only azure-container-registry takes one (the others have a fixed URL)"),
    "upstreamAccount": ({"ecr"}, "only an ecr upstream takes one"),
    "upstreamRegion": ({"ecr"}, "only an ecr upstream takes one"),
    "customRoleArn": ({"ecr"}, "only an ecr upstream takes one (a template's role goes under template.customRoleArn)"),
}
# The template of a cache prefix (kept under its former name for importers).
CacheTemplate = CreationTemplate


@dataclass(frozen=True)
class PullThroughCacheSpec:
    """One validated pull-through cache rule; `path` is where it sits in stack config."""

    upstream: str
    prefix: str
    upstream_url: str
    path: str
    template: CacheTemplate
    upstream_prefix: str | None = None
    credential_arn: str | None = None
    custom_role_arn: str | None = None
    principals: tuple[str, ...] = ()
    # The region of the rule, its template and its registry policy statement when not the stack's (aws:region).
    region: str | None = None

    @property
    def tags_repositories(self) -> bool:
        """True when the creation template tags the repositories it creates (pullers then need ecr:TagResource)."""
        return self.template.adds_tags


def upstreams() -> tuple[str, ...]:
    """The upstream registries ECR supports (botocore `UpstreamRegistry`)."""
    return shape("ecr", "UpstreamRegistry").enum


CACHE_PREFIX = "a valid pull-through cache prefix (lowercase repository-name segments)"


def cache_template_description(upstream: str, prefix: str) -> str:
    """The description of a cache's creation template when none is given (`upstream`: its name or URL)."""
    return f"Repositories cached from {upstream} under {prefix}/ (ecr-access)"


def cache_prefix_problem(value: str) -> str | None:
    """Why `value` cannot be a cache prefix (a pull-through cache prefix ECR accepts that names a namespace), or None
    (the config and the RegistryPullThroughCachePolicy component ask here)."""
    problem = shape("ecr", "PullThroughCacheRuleRepositoryPrefix").problem(value)
    if problem:
        return f"is not {CACHE_PREFIX}: {problem}"
    if value == "ROOT" or value.endswith("/"):
        # The registry policy scopes access to `<prefix>/*`; ROOT (every repository) or a trailing "/" would break that.
        return "must name a namespace such as ecr-public (not ROOT, no trailing /)"
    return None


# The shape's constraints are in the JSON Schema; cache_prefix_problem checks the shape and the namespace rule.
Prefix = Annotated[Str, WithShape("ecr", "PullThroughCacheRuleRepositoryPrefix"), refused_when(cache_prefix_problem)]


class CacheConfig(ConfigModel):
    """One pull-through cache rule: repositories under `prefix/` cache images of an upstream registry."""

    upstream: shaped("ecr", "UpstreamRegistry", "an upstream registry ECR supports") = field(
        "The upstream registry (botocore `UpstreamRegistry`: `ecr-public`, `docker-hub`, `quay`, `k8s`, ...).")
    prefix: Prefix = field("The local namespace the cached repositories live under (not `ROOT`, no trailing `/`). Unique "
                           "in its region.")
    upstream_prefix: Maybe(Prefix) = field("The upstream namespace to cache (default: the whole upstream).", None)
    credential_arn: Maybe(Str) = field(
        "Secrets Manager secret `ecr-pullthroughcache/<name>` in the registry's account and region; required by "
        "upstreams that authenticate (docker-hub, github/gitlab/azure container registries, chainguard).", None)
    registry_url: Maybe(Str) = field("azure-container-registry only: the registry's login server, `<name>.azurecr.io`.", None)
    upstream_account: Maybe(AccountId) = field("ecr upstream only: the account of the upstream registry.", None)
    upstream_region: Maybe(Region) = field("ecr upstream only: the region of the upstream registry (default: the cache's).", None)
    custom_role_arn: Maybe(OwnRoleArn) = field(
        "ecr upstream only: the role ECR assumes to pull from another account's registry (required then).", None)
    principals: Maybe(OneOrMany(ResourcePrincipal), "a list") = field(
        "Principals the registry policy lets create the cached repositories and import upstream images (the first "
        "pull of an image): 12-digit accounts, IAM user or role ARNs.", None)
    template: Maybe(TemplateConfig, "a map") = field(
        "The creation template of the cached repositories (settings over `ecr-access:repositoryDefaults`).", None)
    region: Maybe(ResourceRegion) = field(
        "The region of the rule, its template and its registry policy statement, in the stack's partition. Default "
        "`aws:region`; its `credentialArn` and KMS key are of that region.", None)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> CacheConfig:
        problems: list[tuple[Any, str, Any]] = []
        dumped = self.model_dump(by_alias=True, exclude_none=True, warnings=False)
        for key, (allowed, why) in _FOREIGN_KEYS.items():
            if key in dumped and self.upstream not in allowed:
                problems.append((key, f"is not used by upstream {self.upstream}: {why}", dumped[key]))
        if problems:
            raise refusals(problems)
        return self

    def upstream_url(self, registry: Registry) -> str:
        """The URL of the upstream registry."""
        if self.upstream in FIXED_URLS:
            return FIXED_URLS[self.upstream]
        if self.upstream == "azure-container-registry":
            return self.registry_url or ""
        region = self.upstream_region or registry.region
        return Registry(partition=partition_for_region(region), region=region, account=self.upstream_account or "").host

    def _url_problems(self, registry: Registry) -> list[tuple[Any, str, Any]]:
        if self.upstream == "azure-container-registry":
            if self.registry_url is None:
                return [("registryUrl", "is required", NO_VALUE)]
            if not _AZURE_URL.fullmatch(self.registry_url):
                return [("registryUrl", "must be the registry's login server, <name>.azurecr.io", self.registry_url)]
        if self.upstream != "ecr":
            return [] if self.upstream in FIXED_URLS or self.upstream == "azure-container-registry" else [
                ("upstream", "has no known registry URL in ecr-access yet", self.upstream)]
        if self.upstream_account is None:
            return [("upstreamAccount", "is required", NO_VALUE)]
        region = self.upstream_region or registry.region
        if partition_for_region(region) != registry.partition:
            return [("upstreamRegion", f"is in partition {partition_for_region(region)}; a cache pulls only from registries of "
                     f"its own partition {registry.partition}", region)]
        if self.upstream_account == registry.account and region == registry.region:
            return [("upstreamAccount", "is this registry itself; a cache needs another account or region", self.upstream_account)]
        return []

    def _credential_problems(self, registry: Registry) -> list[tuple[Any, str, Any]]:
        if self.upstream not in CREDENTIALED:
            return []
        value = self.credential_arn
        if value is None:
            return [("credentialArn", f"is required: upstream {self.upstream} authenticates with a Secrets Manager secret "
                     "named ecr-pullthroughcache/<name>", NO_VALUE)]
        problem = shape("ecr", "CredentialArn").problem(value)
        if problem:
            return [("credentialArn", "is not a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/ "
                     f"(upstream {self.upstream}): {problem}", value)]
        partition, region, account = value.split(":")[1], value.split(":")[3], value.split(":")[4]
        if (partition, region, account) != (registry.partition, registry.region, registry.account):
            return [("credentialArn", f"must be a secret in the registry's own account {registry.account} and region "
                     f"{registry.region} (upstream {self.upstream})", value)]
        return []

    def spec(self, path: str, defaults: RepositorySettings, home: Registry, problems: Problems) -> PullThroughCacheSpec | None:
        """The cache as the compiler takes it (None when it has problems, all recorded: its upstream's and its template's);
        `home` is the stack's registry, the cache's own is that of its region."""
        region = None if self.region in (None, home.region) else self.region
        registry = home.in_region(region)
        found = self._url_problems(registry) + self._credential_problems(registry)
        if self.upstream == "ecr" and self.custom_role_arn is None and self.upstream_account not in (None, registry.account):
            found.append(("customRoleArn", "is required: ECR assumes this role to pull from another account's registry", NO_VALUE))
        for key, why, value in found:
            if value is NO_VALUE:
                problems.add(f"{path}.{key}", why)
            else:
                problems.add(f"{path}.{key}", why, value)
        template = (self.template or TemplateConfig()).template(
            defaults, registry, cache_template_description(self.upstream, self.prefix), f"{path}.template", problems)
        if template is None or found:
            return None
        return PullThroughCacheSpec(
            upstream=self.upstream, prefix=self.prefix, upstream_url=self.upstream_url(registry), path=path, template=template,
            upstream_prefix=self.upstream_prefix, credential_arn=self.credential_arn if self.upstream in CREDENTIALED else None,
            custom_role_arn=self.custom_role_arn if self.upstream == "ecr" else None,
            principals=tuple(sorted(set(self.principals or ()))), region=region,
        )


def read_caches(value: Any, path: str, defaults: RepositorySettings, registry: Registry, problems: Problems,
                context: dict[str, Any]) -> tuple[PullThroughCacheSpec, ...]:
    """Read the `ecr-access:pullThroughCache` list; every entry's problems are reported together."""
    home = registry.region
    entries = unique_entries(value, path, CacheConfig, problems, context, lambda c: c.prefix, "prefix",
                             "is used by another cache", scope=lambda c: c.region or home)
    specs = (entry.spec(at, defaults, registry, problems) for at, entry in entries)
    return tuple(spec for spec in specs if spec is not None)
