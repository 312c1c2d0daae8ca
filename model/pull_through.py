"""Pull-through cache entries of stack config: upstream, local prefix, credentials, principals, creation template."""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.constraints import known_regions, shape, shaped
from model.errors import ConfigError, Problems
from model.external_principals import account_id, own_role_arn, principal_arn
from model.reader import MapNode, Node, read_entries
from model.creation_template import TEMPLATE_KEYS, CreationTemplate, read_template, refuse_scan_on_push
from model.repositories import RepositorySettings
from policies.arns import Registry, partition_for_region

CACHE_KEYS = (
    "upstream", "prefix", "upstreamPrefix", "credentialArn", "registryUrl",
    "upstreamAccount", "upstreamRegion", "customRoleArn", "principals", "template",
)

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

    @property
    def tags_repositories(self) -> bool:
        """True when the creation template tags the repositories it creates (pullers then need ecr:TagResource)."""
        return bool(self.template.settings.tags)


def upstreams() -> tuple[str, ...]:
    """The upstream registries ECR supports (botocore `UpstreamRegistry`)."""
    return shape("ecr", "UpstreamRegistry").enum


def read_caches(node: Node, defaults: RepositorySettings, registry: Registry,
                problems: Problems | None = None) -> tuple[PullThroughCacheSpec, ...]:
    """Read the `ecr-access:pullThroughCache` list; every entry's problems are reported together (into `problems` when
    given, which returns the entries that read cleanly)."""
    return read_entries(
        node, lambda item: read_cache(item, defaults, registry), lambda cache: cache.prefix, "prefix", "is used by another cache",
        problems,
    )


def read_cache(node: Node, defaults: RepositorySettings, registry: Registry) -> PullThroughCacheSpec:
    """Read one `pullThroughCache[i]` entry, reporting every problem in it at once."""
    with node.entry(CACHE_KEYS) as entry:
        upstream = entry.req("upstream", _upstream)
        prefix = entry.req("prefix", _prefix)
        known = upstream is not None
        if known:
            entry.attempt(lambda: _refuse_foreign_keys(entry, upstream), None)
        return PullThroughCacheSpec(
            upstream=upstream,
            prefix=prefix,
            upstream_url=entry.attempt(lambda: _upstream_url(entry, upstream, registry), "") if known else "",
            path=node.path,
            template=entry.attempt(lambda: _template(entry, upstream, prefix, defaults, registry), None),
            upstream_prefix=entry.get("upstreamPrefix", _prefix, None),
            credential_arn=entry.attempt(lambda: _credential(entry, upstream, registry), None) if known else None,
            custom_role_arn=entry.attempt(lambda: _custom_role(entry, upstream, registry), None) if known else None,
            principals=entry.get("principals", lambda n: _principals(n, registry), ()),
        )


def _refuse_foreign_keys(entry: MapNode, upstream: str) -> None:
    owners = {
        "credentialArn": (CREDENTIALED, "only upstreams that authenticate with a secret take one"),
        "registryUrl": ({"azure-container-registry"}, "only azure-container-registry takes one (the others have a fixed URL)"),
        "upstreamAccount": ({"ecr"}, "only an ecr upstream takes one"),
        "upstreamRegion": ({"ecr"}, "only an ecr upstream takes one"),
        "customRoleArn": ({"ecr"}, "only an ecr upstream takes one (a template's role goes under template.customRoleArn)"),
    }
    for key, (allowed, why) in owners.items():
        if entry.has(key) and upstream not in allowed:
            raise ConfigError.at(f"{entry.path}.{key}", f"is not used by upstream {upstream}: {why}", entry.value[key])


def _principals(node: Node, registry: Registry) -> tuple[str, ...]:
    items = [node] if isinstance(node.value, str) else node.as_list()
    return tuple(sorted({principal_arn(item, registry) for item in items}))


def _upstream(node: Node) -> str:
    return shaped(node, "ecr", "UpstreamRegistry", "an upstream registry ECR supports")


def _prefix(node: Node) -> str:
    value = shaped(node, "ecr", "PullThroughCacheRuleRepositoryPrefix", "a valid pull-through cache prefix (lowercase repository-name segments)")
    if value == "ROOT" or value.endswith("/"):
        # The registry policy scopes access to `<prefix>/*`; ROOT (every repository) or a trailing "/" would break that.
        raise node.fail("must name a namespace such as ecr-public (not ROOT, no trailing /)")
    return value


def _upstream_url(entry: MapNode, upstream: str, registry: Registry) -> str:
    if upstream in FIXED_URLS:
        return FIXED_URLS[upstream]
    if upstream == "azure-container-registry":
        url = entry.req("registryUrl", Node.as_str)
        if url is not None and not _AZURE_URL.fullmatch(url):
            raise ConfigError.at(f"{entry.path}.registryUrl", "must be the registry's login server, <name>.azurecr.io", url)
        return url
    if upstream == "ecr":
        account = entry.req("upstreamAccount", account_id)
        region = entry.get("upstreamRegion", _region, registry.region)
        if account is None or region is None:
            return ""  # the problem is recorded at its key
        if partition_for_region(region) != registry.partition:
            raise ConfigError.at(
                f"{entry.path}.upstreamRegion",
                f"is in partition {partition_for_region(region)}; a cache pulls only from registries of its own partition {registry.partition}",
                region,
            )
        if account == registry.account and region == registry.region:
            raise ConfigError.at(f"{entry.path}.upstreamAccount", "is this registry itself; a cache needs another account or region", account)
        return Registry(partition=partition_for_region(region), region=region, account=account).host
    raise ConfigError.at(f"{entry.path}.upstream", "has no known registry URL in ecr-access yet", upstream)


def _region(node: Node) -> str:
    value = node.as_str()
    if value not in known_regions():
        raise node.fail("is not an AWS region botocore knows for ECR")
    return value


def _credential(entry: MapNode, upstream: str, registry: Registry) -> str | None:
    if upstream not in CREDENTIALED:
        return None
    path = f"{entry.path}.credentialArn"
    if not entry.has("credentialArn"):
        raise ConfigError.at(
            path, f"is required: upstream {upstream} authenticates with a Secrets Manager secret named ecr-pullthroughcache/<name>"
        )
    value = entry.child("credentialArn").as_str()
    problem = shape("ecr", "CredentialArn").problem(value)
    if problem:
        raise ConfigError.at(
            path, f"is not a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/ (upstream {upstream}): {problem}", value
        )
    partition, region, account = value.split(":")[1], value.split(":")[3], value.split(":")[4]
    if (partition, region, account) != (registry.partition, registry.region, registry.account):
        raise ConfigError.at(
            path, f"must be a secret in the registry's own account {registry.account} and region {registry.region} (upstream {upstream})", value
        )
    return value


def _custom_role(entry: MapNode, upstream: str, registry: Registry) -> str | None:
    if upstream != "ecr":
        return None
    role = entry.get("customRoleArn", lambda n: own_role_arn(n, registry), None)
    if not entry.has("customRoleArn") and entry.value.get("upstreamAccount") not in (None, registry.account):
        raise ConfigError.at(
            f"{entry.path}.customRoleArn", "is required: ECR assumes this role to pull from another account's registry"
        )
    return role


def _template(entry: MapNode, upstream: str, prefix: str, defaults: RepositorySettings, registry: Registry) -> CacheTemplate:
    path = f"{entry.path}.template"
    raw = entry.value.get("template", {})
    refuse_scan_on_push(raw, path)
    node = Node(raw, path).as_map(TEMPLATE_KEYS)
    return read_template(node, defaults, registry, f"Repositories cached from {upstream} under {prefix}/ (ecr-access)")
