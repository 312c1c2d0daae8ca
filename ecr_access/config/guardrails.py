"""What the stack allows outside dev, checked at compile time by the rule the CrossGuard pack enforces at deploy.

The decisions live once, in `policy-pack/ecr_guardrails/stacks.py` (loaded by `iam/guardrails.py`): here they
are applied to the validated config, so a stack the pack would block is refused before anything is registered, at
the config key that causes it (an entry's own key, or `ecr-access:repositoryDefaults` when inherited from there).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ecr_access.config.errors import Problems
from ecr_access.features.repositories.config import RepositorySpec
from ecr_access.features.repositories.settings import RepositorySettings
from ecr_access.features.scanning import ScanningSpec
from ecr_access.iam.guardrails import stacks

DEFAULTS = "ecr-access:repositoryDefaults"
_TOP = r"[^.\[]+"  # patterns of a refusal only: `re` compiles them on first use
_SEGMENT = r"\.([^.\[]+)|\[(\d+)\]"


def _raw(values: Mapping[str, Any], path: str) -> Any:
    """The raw config value at a config path such as `ecr-access:scanning[1].rules`: a refusal shows the value as the
    user wrote it, which the validated spec no longer holds (a one-filter rule written as a string, say)."""
    top = re.match(_TOP, path)
    if top is None:
        return None
    value = values.get(top.group())
    for key, index in re.findall(_SEGMENT, path[top.end():]):
        if key and isinstance(value, Mapping):
            value = value.get(key)
        elif index and isinstance(value, list) and int(index) < len(value):
            value = value[int(index)]
        else:
            return None
    return value


def _origin(entry_path: str, settings: RepositorySettings, key: str) -> str:
    """Where a setting of an entry comes from: the entry's own key, or the repository defaults it inherits."""
    return f"{entry_path}.{key}" if key in settings.written else f"{DEFAULTS}.{key}"


def _scans_every_repository(scanning: ScanningSpec | None) -> bool:
    return scanning is not None and stacks.scans_every_repository(
        (rule.frequency, [("WILDCARD", f) for f in rule.filters]) for rule in scanning.rules)


def check_stack_guardrails(
    values: Mapping[str, Any],
    stack: str,
    repositories: Iterable[RepositorySpec],
    templates: Iterable[tuple[str, RepositorySettings]],
    scanning: ScanningSpec | None,
    problems: Problems,
    unparsed: Iterable[tuple[str, Mapping[str, Any]]] = (),
    regional_scanning: Iterable[ScanningSpec] = (),
) -> None:
    """Add a problem for each setting `stack` does not allow (mutable tags, forceDelete, unscanned repositories).

    `templates` are the creation templates as (config path of their keys, settings); `unparsed` are repository entries
    with other problems, as written: the settings they state are judged too, so every problem comes at once.
    `scanning` is aws:region's scanning configuration, `regional_scanning` those of other regions (each covers the
    repositories of its own region only).
    """
    seen = {p.path for p in problems.items}  # one problem a key: what is refused already is not refused again

    def add(path: str, message: str, value: Any) -> None:
        if path not in seen:  # a default inherited by several entries is one problem, at the default
            seen.add(path)
            problems.add(path, message, value)

    if stacks.is_dev(stack):
        return
    entries = [(r.path, r.settings) for r in repositories] + list(templates)
    for path, settings in entries:
        if not stacks.allows_mutable_tags(stack, settings.image_tag_mutability):
            add(_origin(path, settings, "tagMutability"), f"must be IMMUTABLE on stack {stack!r}: only "
                f"{stacks.DEV_STACKS_TEXT} allow mutable tags; list tags that must move in tagMutabilityExclusions",
                settings.tag_mutability)
    for repo in repositories:
        if repo.force_delete and not stacks.allows_force_delete(stack):
            add(f"{repo.path}.forceDelete", f"would delete the repository with its images on stack {stack!r}: only "
                f"{stacks.DEV_STACKS_TEXT} allow it", True)
    configs: dict[str | None, ScanningSpec | None] = {spec.region: spec for spec in regional_scanning}
    configs[None] = scanning
    covered_in = {region: _scans_every_repository(spec) for region, spec in configs.items()}
    covered = covered_in[None]
    for path, raw in unparsed:
        region = raw.get("region") if isinstance(raw.get("region"), str) else None
        _check_written(raw, path, stack, covered if region in (None, values.get("aws:region")) else covered_in.get(region, False), add)
    for region, spec in configs.items():
        if spec is not None and not covered_in[region]:
            path = f"{spec.path}.rules" if spec.rules else spec.path
            add(path, f"must scan every repository on stack {stack!r}: add a SCAN_ON_PUSH or CONTINUOUS_SCAN rule with the "
                'filter "*" (it replaces the repositories\' own scanOnPush; narrower rules may stay beside it)', _raw(values, path))
    if stacks.requires_scanning(stack):
        for repo in repositories:
            if not repo.settings.scan_on_push and not covered_in.get(repo.region, False):
                add(_origin(repo.path, repo.settings, "scanOnPush"), f"must stay true on stack {stack!r}: only "
                    f"{stacks.DEV_STACKS_TEXT} allow unscanned images; remove it, or have ecr-access:scanning scan every "
                    'repository (a SCAN_ON_PUSH or CONTINUOUS_SCAN rule on "*")', False)


def _check_written(raw: Mapping[str, Any], path: str, stack: str, covered: bool, add: Any) -> None:
    # The same decisions on an entry's own keys, as written (an entry the schema could not read whole).
    mode = raw.get("tagMutability")
    if isinstance(mode, str) and not stacks.allows_mutable_tags(stack, mode):
        add(f"{path}.tagMutability", f"must be IMMUTABLE on stack {stack!r}: only {stacks.DEV_STACKS_TEXT} allow mutable "
            "tags; list tags that must move in tagMutabilityExclusions", mode)
    if raw.get("forceDelete") is True and not stacks.allows_force_delete(stack):
        add(f"{path}.forceDelete", f"would delete the repository with its images on stack {stack!r}: only "
            f"{stacks.DEV_STACKS_TEXT} allow it", True)
    if raw.get("scanOnPush") is False and not covered and stacks.requires_scanning(stack):
        add(f"{path}.scanOnPush", f"must stay true on stack {stack!r}: only {stacks.DEV_STACKS_TEXT} allow unscanned "
            'images; remove it, or have ecr-access:scanning scan every repository (a SCAN_ON_PUSH or CONTINUOUS_SCAN rule on "*")',
            False)
