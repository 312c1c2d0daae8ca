"""Registry policy statements that let principals pull images through a cache prefix (seed 004)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from policies.arns import Registry
from policies.document import Statement
from policies.principals import Principals

# What a first pull through a cache needs: create the cached repository and import the upstream image into it.
PULL_THROUGH_ACTIONS = ("ecr:BatchImportUpstreamImage", "ecr:CreateRepository")
# Needed as well when the prefix's creation template tags the repositories it creates.
TAG_ACTION = "ecr:TagResource"


@dataclass(frozen=True)
class CacheAccess:
    """Who may pull through one cache prefix, and whether its creation template tags the repositories it creates."""

    prefix: str
    principals: tuple[str, ...]
    tags_repositories: bool = False


def _sid_base(prefix: str) -> str:
    return "PullThroughCache" + "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", prefix) if part)


def cache_statements(caches: Iterable[CacheAccess], registry: Registry) -> tuple[Statement, ...]:
    """One statement per prefix (principals combined), scoped to `repository/<prefix>/*`; ordered by prefix."""
    principals: dict[str, set[str]] = {}
    tagged: dict[str, bool] = {}
    for cache in caches:
        principals.setdefault(cache.prefix, set()).update(cache.principals)
        tagged[cache.prefix] = tagged.get(cache.prefix, False) or cache.tags_repositories
    statements: list[Statement] = []
    used: set[str] = set()
    for prefix in sorted(principals):
        if not principals[prefix]:
            continue
        sid, n = _sid_base(prefix), 2
        while sid in used:  # "a.b" and "a-b" camel-case alike; keep Sids unique
            sid, n = f"{_sid_base(prefix)}{n}", n + 1
        used.add(sid)
        statements.append(
            Statement(
                sid=sid,
                principal=Principals.of_aws(*principals[prefix]),
                actions=PULL_THROUGH_ACTIONS + ((TAG_ACTION,) if tagged[prefix] else ()),
                resources=(registry.namespace_arn(prefix),),
            )
        )
    return tuple(statements)
