"""Typed ECR lifecycle policies: rules put in priority order, the rules ECR enforces across rules checked before ECR
does, and the policy rendered as compact, deterministic JSON.

Across rules (the AWS user guide, "Lifecycle policy evaluation rules" and "Lifecycle policy properties"): priorities
are unique; the rules of one storage class select each their own set of tag prefixes or patterns, one of them untagged
images, one of them every image (`tagStatus: any`), and that one comes last among them. AWS's own archive examples put
an `any` rule of the standard class before an `any` rule of the archive class, so "last" is per storage class. At most
50 rules (ECR's service quota, which botocore does not carry); the text is 100-30,720 characters (botocore
`LifecyclePolicyText`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ecr_access.config.base import NO_VALUE
from ecr_access.config.constraints import shape
from ecr_access.features.repositories.lifecycle_presets import over_preset, preset_problem, preset_rules
from ecr_access.features.repositories.lifecycle_rules import (
    LifecycleRule,
    Placed,
    Problem,
    StorageClass,
    TagStatus,
    at,
    not_a_list,
)
from ecr_access.features.repositories.lifecycle_shorthands import ExpireUntagged, KeepTagged
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import RenderedPolicy

Rule = LifecycleRule | KeepTagged | ExpireUntagged
RULE_TYPES = (LifecycleRule, KeepTagged, ExpireUntagged)
MAX_RULES = 50  # ECR service quota "Rules per lifecycle policy", not adjustable

__all__ = ["MAX_RULES", "ExpireUntagged", "KeepTagged", "LifecyclePolicy", "Rule"]


@dataclass(frozen=True)
class LifecyclePolicy:
    """An ordered list of lifecycle rules (LifecycleRule, or the KeepTagged / ExpireUntagged shorthands), and the
    `preset` whose rules come after them (`from_preset`).

    A rule with a `priority` keeps it; the others are numbered in the order given, after the highest priority given,
    `tagStatus: any` rules last (the standard storage class's before the archive's). The JSON lists the rules by
    priority (ECR returns them so: any other order would show as a change at every update). A bad rule or preset is
    refused by `problems()` (a component reports each at its argument path), or by `rendered()` as a PolicyError.
    """

    rules: tuple[Rule, ...] = ()
    preset: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.rules, list):
            object.__setattr__(self, "rules", tuple(self.rules))

    @classmethod
    def from_preset(cls, name: str, *rules: Rule) -> LifecyclePolicy:
        """Preset `name`'s rules under `rules` of one's own: each replaces the preset's rule of the same selection."""
        return cls(tuple(rules), preset=name)

    def entries(self) -> list[tuple[str, Any]]:
        """(where, rule) of each rule written: where it was written (its `source`), else `rules[<index>]`."""
        return _entries(self.rules)

    @cached_property
    def placed(self) -> tuple[Placed, ...]:
        """Every rule ECR gets and where it was written: one's own, then the preset's left, a KeepTagged one per tag
        prefix or pattern (once the rules and preset as written are accepted: `problems()`)."""
        own = self.rules if self.preset is None else over_preset(preset_rules(self.preset), self.rules)
        return tuple(p for where, rule in _entries(own) for p in rule.placed(where))

    def ordered(self) -> list[tuple[int, str, LifecycleRule]]:
        """(rulePriority, where, rule) of every rule, lowest priority first (call once `problems()` is empty)."""
        rules = [(p.where, p.rule) for p in self.placed]
        given = [rule.priority for _, rule in rules if rule.priority is not None]
        numbered = sorted((x for x in rules if x[1].priority is None), key=lambda x: _last(x[1]))
        start = max(given, default=0) + 1
        out = [(start + i, where, rule) for i, (where, rule) in enumerate(numbered)]
        out += [(rule.priority, where, rule) for where, rule in rules if rule.priority is not None]
        return sorted(out, key=lambda x: x[0])

    def _written_problems(self) -> list[Problem]:
        # The rules and preset as written, each on its own.
        wrong = not_a_list("rules", self.rules)
        if wrong:
            return [wrong]
        out: list[Problem] = []
        for where, rule in self.entries():
            if not isinstance(rule, RULE_TYPES):
                out.append((where, "must be a LifecycleRule, KeepTagged or ExpireUntagged", repr(rule)))
            else:
                out += [(at(where, key), message, value) for key, message, value in rule.problems()]
        preset = None if self.preset is None else preset_problem(self.preset)
        if preset:
            out.append(("preset", preset, self.preset))
        if not out and not self.rules and self.preset is None:
            out.append(("", "has no rules", NO_VALUE))
        return out

    @cached_property
    def _problems(self) -> list[Problem]:
        out = self._written_problems()
        if out:
            return out
        if len(self.placed) > MAX_RULES:
            return [("", f"has {len(self.placed)} rules; ECR allows at most {MAX_RULES} in a lifecycle policy",
                     len(self.placed))]
        out = self._across_rules()
        if out:
            return out
        text, limits = self.text, shape("ecr", "LifecyclePolicyText")
        low, high = limits.min or 0, limits.max or DocumentKind.LIFECYCLE.quota.limit
        if not low <= len(text) <= high:
            return [("", f"is {len(text)} characters as a lifecycle policy, outside ECR's {low}-{high}", NO_VALUE)]
        return []

    def problems(self) -> list[Problem]:
        """Every reason ECR would refuse the policy: (where below `lifecycle`, what, the value at fault or NO_VALUE)."""
        return list(self._problems)

    def _across_rules(self) -> list[Problem]:
        out: list[Problem] = []
        priorities: dict[int, str] = {}
        selections: dict[Any, str] = {}
        for placed in self.placed:
            rule = placed.rule
            if rule.priority is not None:
                if rule.priority in priorities:
                    out.append((placed.priority_at, f"is also the priority of {priorities[rule.priority]}; "
                                "each rule needs its own", rule.priority))
                priorities.setdefault(rule.priority, placed.where)
            if rule.select.key in selections:
                out.append((placed.select_at, _same_selection(rule, selections[rule.select.key]), placed.shown))
            selections.setdefault(rule.select.key, placed.where)
        if out:
            return out
        ordered = self.ordered()
        for priority, where, rule in ordered:
            storage = str(rule.select.storage_class)
            after = [(p, w) for p, w, r in ordered if p > priority and str(r.select.storage_class) == storage]
            if str(rule.select.tag_status) == TagStatus.ANY and after:
                p, w = after[-1]
                out.append((at(where, "priority"), f"puts this tagStatus any rule before {w} (priority {p}): ECR needs the "
                            f"any rule of storage class {storage} to come last; give it a priority above {p}, or none",
                            priority))
        return out

    def render(self) -> dict[str, Any]:
        """The policy as a JSON-ready dict, its rules by priority."""
        return {
            "rules": [
                {"rulePriority": p, "description": rule.describe(), "selection": rule.selection(), "action": rule.action_block()}
                for p, _, rule in self.ordered()
            ]
        }

    @cached_property
    def text(self) -> str:
        """The compact JSON ECR is given (call once `problems()` is empty)."""
        return json.dumps(self.render(), separators=(",", ":"))

    def rendered(self, label: str) -> RenderedPolicy:
        """Validate the rules and render compact JSON within the lifecycle quota (a PolicyError names the first problem)."""
        problems = self.problems()
        if problems:
            where, message, _ = problems[0]
            reason = f"{where}: {message}" if where else message
            raise PolicyError(f"lifecycle policy {label!r}: {reason}", reason=reason)
        return RenderedPolicy(kind=DocumentKind.LIFECYCLE, label=label, json=self.text, size=len(self.text))


def _entries(rules: Sequence[Any]) -> list[tuple[str, Any]]:
    return [(getattr(rule, "source", "") or f"rules[{i}]", rule) for i, rule in enumerate(rules)]


def _last(rule: LifecycleRule) -> tuple[bool, bool]:
    # Numbered last: the `any` rules, the standard class's before the archive's (the order of AWS's own examples).
    is_any = str(rule.select.tag_status) == TagStatus.ANY
    return is_any, is_any and str(rule.select.storage_class) == StorageClass.ARCHIVE


def _same_selection(rule: LifecycleRule, other: str) -> str:
    status, storage = str(rule.select.tag_status), str(rule.select.storage_class)
    if status == TagStatus.UNTAGGED:
        return (f"selects the untagged images of storage class {storage}, as {other} does: ECR allows one rule per storage "
                "class to select untagged images")
    if status == TagStatus.ANY:
        return (f"selects every image of storage class {storage}, as {other} does: ECR allows one tagStatus any rule per "
                "storage class")
    return (f"selects the same tags of storage class {storage} as {other}: the rules of a storage class need each their "
            "own set of tag prefixes or patterns")
