"""Conditions as values the diff can compare: under which conditions (operator, key and values) an action is allowed.

An action's conditions are *alternatives* (any one suffices: several Allow statements) of *terms* (all must hold: the
operators and keys of one statement's Condition, with their values). `((),)` is unconditional. An applying Deny with a
Condition adds `not (...)` to every alternative: the action is allowed only while that Deny does not apply.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ecr_access.iam.evaluate import Rule

Alternatives = tuple[tuple[str, ...], ...]
UNCONDITIONAL: Alternatives = ((),)


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def terms(conditions: dict[str, Any]) -> tuple[str, ...]:
    """`{"StringEquals": {"aws:PrincipalOrgID": "o-1"}}` -> `("StringEquals aws:PrincipalOrgID = o-1",)`, sorted."""
    out = []
    for operator, block in conditions.items():
        if not isinstance(block, dict):
            out.append(f"{operator} {_value(block)}")
            continue
        for key, values in block.items():
            listed = values if isinstance(values, list) else [values]
            out.append(f"{operator} {key} = {', '.join(sorted(_value(v) for v in listed))}")
    return tuple(sorted(out))


def normalise(alternatives: Iterable[Iterable[str]]) -> Alternatives:
    """Sorted, deduplicated alternatives without those another alternative already implies (fewer terms = broader)."""
    sets = {frozenset(a) for a in alternatives}
    kept = [a for a in sets if not any(b < a for b in sets)]
    return tuple(sorted(tuple(sorted(a)) for a in kept))


def allowed_when(allows: Iterable[Rule], denies: Iterable[Rule]) -> Alternatives:
    """The alternatives under which the Allow rules grant an action that the conditional Deny rules may still deny."""
    unless = {f"not ({'; '.join(terms(r.conditions))})" for r in denies if r.effect == "Deny" and r.conditional}
    return normalise(set(terms(r.conditions)) | unless for r in allows)


def conjoin(first: Alternatives, second: Alternatives) -> Alternatives:
    """Both must hold (a role's own conditions and those of assuming it): every pair of alternatives, joined."""
    return normalise(set(a) | set(b) for a in first for b in second)


def covers(broad: Alternatives, narrow: Alternatives) -> bool:
    """True when `broad` allows at least whatever `narrow` allows (each narrow alternative implies a broad one)."""
    return all(any(set(b) <= set(n) for b in broad) for n in narrow)


def relation(old: Alternatives, new: Alternatives) -> str:
    """`same`, `removed` (new is broader), `added` (new is narrower) or `changed` (neither covers the other)."""
    if old == new:
        return "same"
    if covers(new, old):
        return "removed"
    if covers(old, new):
        return "added"
    return "changed"


def describe(alternatives: Iterable[Alternatives]) -> str:
    """Human text for the conditions of some actions (`A and B or C`, distinct ones joined by `; `); empty if none."""
    texts = {" or ".join(" and ".join(a) for a in alts) for alts in alternatives if alts != UNCONDITIONAL}
    return "; ".join(sorted(texts))
