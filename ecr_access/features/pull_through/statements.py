"""Registry policy statements that let principals pull images through a cache prefix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ecr_access.iam.arns import Registry
from ecr_access.iam.document import Statement
from ecr_access.iam.grants import Grant, Grantee, Placement, Target
from ecr_access.iam.levels import TAG_RESOURCE_ACTION
from ecr_access.iam.principals import Principals
from ecr_access.iam.sids import injective_camel

# What a first pull through a cache needs: create the cached repository and import the upstream image into it.
PULL_THROUGH_ACTIONS = ("ecr:BatchImportUpstreamImage", "ecr:CreateRepository")
# ecr:TagResource is needed as well when the prefix's creation template tags the repositories it creates.


@dataclass(frozen=True)
class CacheAccess:
    """Who may pull through one cache prefix, and whether its creation template tags the repositories it creates."""

    prefix: str
    principals: tuple[str, ...]
    tags_repositories: bool = False


def cache_statements(caches: Iterable[CacheAccess], registry: Registry) -> tuple[Statement, ...]:
    """One statement per prefix (principals combined), scoped to `repository/<prefix>/*`; ordered by prefix."""
    principals: dict[str, set[str]] = {}
    tagged: dict[str, bool] = {}
    for cache in caches:
        principals.setdefault(cache.prefix, set()).update(cache.principals)
        tagged[cache.prefix] = tagged.get(cache.prefix, False) or cache.tags_repositories
    statements: list[Statement] = []
    for prefix in sorted(principals):
        if not principals[prefix]:
            continue
        statements.append(
            Statement(
                # Distinct prefixes get distinct Sids, also across caches compiled one at a time (`ab-c`, `ab/c`).
                sid="PullThroughCache" + injective_camel(prefix),
                principal=Principals.of_aws(*principals[prefix]),
                actions=PULL_THROUGH_ACTIONS + ((TAG_RESOURCE_ACTION,) if tagged[prefix] else ()),
                resources=(registry.namespace_arn(prefix),),
            )
        )
    return tuple(statements)


def cache_grants(cache: CacheAccess, source: str) -> tuple[Grant, ...]:
    """The Grant a cache's statement is made of: its principals may pull through `<prefix>/*` (registry policy)."""
    if not cache.principals:
        return ()
    actions = PULL_THROUGH_ACTIONS + ((TAG_RESOURCE_ACTION,) if cache.tags_repositories else ())
    grantee = Grantee(Principals.of_aws(*cache.principals))
    return (Grant(Target(namespaces=(cache.prefix,)), actions=actions, grantee=grantee, placement=Placement.REGISTRY, source=source),)
