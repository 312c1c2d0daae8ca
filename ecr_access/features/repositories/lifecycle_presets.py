"""Named lifecycle presets for the common cases, and how a preset's rules give way to one's own.

A rule of one's own replaces the preset's rule of the same selection (tag status, tag prefixes or patterns, storage
class: ECR allows one rule per selection and storage class anyway); one's own rules come first, then the preset's rules
left. docs/guides/lifecycle.md shows each preset's rules.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from ecr_access.config.errors import listed
from ecr_access.features.repositories.lifecycle_rules import (
    CountType,
    LifecycleAction,
    LifecycleRule,
    LifecycleSelection,
    StorageClass,
    TagStatus,
)

_UNTAGGED = LifecycleSelection(TagStatus.UNTAGGED)
_ANY = LifecycleSelection(TagStatus.ANY)
_ARCHIVED = LifecycleSelection(TagStatus.ANY, storage_class=StorageClass.ARCHIVE)

PRESETS: Mapping[str, tuple[LifecycleRule, ...]] = MappingProxyType({
    # Short-lived images: untagged ones go after a week, and at most the newest 100 images stay.
    "development": (
        LifecycleRule(_UNTAGGED, CountType.SINCE_IMAGE_PUSHED, 7),
        LifecycleRule(_ANY, CountType.IMAGE_COUNT_MORE_THAN, 100),
    ),
    # Nothing tagged is deleted: untagged images go after two weeks; images nobody pulled for 180 days are archived
    # (restorable, not pullable until restored).
    "production": (
        LifecycleRule(_UNTAGGED, CountType.SINCE_IMAGE_PUSHED, 14),
        LifecycleRule(_ANY, CountType.SINCE_IMAGE_PULLED, 180, LifecycleAction.TRANSITION),
    ),
    # Images nobody pulled for 90 days are archived, and deleted after 180 days in the archive.
    "archiveThenExpire": (
        LifecycleRule(_UNTAGGED, CountType.SINCE_IMAGE_PUSHED, 14),
        LifecycleRule(_ANY, CountType.SINCE_IMAGE_PULLED, 90, LifecycleAction.TRANSITION),
        LifecycleRule(_ARCHIVED, CountType.SINCE_IMAGE_TRANSITIONED, 180),
    ),
})


def preset_names() -> str:
    """The presets as a message lists them."""
    return listed(list(PRESETS), "or")


def preset_problem(name: Any) -> str | None:
    """Why `name` is no preset (the presets, and the one meant when it is close: `Production`), or None."""
    if isinstance(name, str) and name in PRESETS:
        return None
    lowered = {preset.lower(): preset for preset in PRESETS}
    close = difflib.get_close_matches(str(name).lower(), list(lowered), n=1)
    return f"is not a lifecycle preset: {preset_names()}" + (f"; did you mean {lowered[close[0]]!r}?" if close else "")


def preset_rules(name: str, source: str = "preset") -> tuple[LifecycleRule, ...]:
    """The rules of preset `name` (a ValueError names the presets when there is none of that name)."""
    problem = preset_problem(name)
    if problem:
        raise ValueError(problem)
    return tuple(replace(rule, source=source) for rule in PRESETS[name])


def over_preset(preset: Sequence[LifecycleRule], own: Sequence[Any]) -> tuple[Any, ...]:
    """One's own rules, then the preset's rules whose selection none of them has."""
    taken = {p.rule.select.key for rule in own if hasattr(rule, "placed") for p in rule.placed("")}
    return (*own, *(rule for rule in preset if rule.select.key not in taken))
