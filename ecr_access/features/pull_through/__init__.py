"""Pull-through caches: their config entries, and where their prefixes may lie and who pulls through them."""

from ecr_access.features.pull_through.config import (
    CREDENTIALED,
    FIXED_URLS,
    CacheTemplate,
    PullThroughCacheSpec,
    read_caches,
    upstreams,
)
from ecr_access.features.pull_through.prefixes import check_cache_prefixes, check_cache_pulls

__all__ = [
    "CREDENTIALED", "FIXED_URLS", "CacheTemplate", "PullThroughCacheSpec", "check_cache_prefixes", "check_cache_pulls",
    "read_caches", "upstreams",
]
