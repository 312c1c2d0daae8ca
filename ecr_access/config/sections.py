"""Reading a config section entry by entry: a bad entry is reported and the others are still read (and named)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from ecr_access.config.constraints import known_regions
from ecr_access.config.errors import Problems
from ecr_access.config.validation import type_name, validate

T = TypeVar("T")


def items(value: Any, path: str, problems: Problems) -> Iterator[tuple[str, Any]]:
    """`(path, raw entry)` of each item of a list section (a problem when the section is not a list)."""
    if not isinstance(value, list):
        problems.add(path, f"must be a list, not {type_name(value)}", value)
        return
    for i, raw in enumerate(value):
        yield f"{path}[{i}]", raw


def entry_name(raw: Any, name_type: Any) -> str | None:
    """The `name` of an entry when it is valid, whatever else is wrong with the entry (references to it still resolve)."""
    if not isinstance(raw, dict) or "name" not in raw:
        return None
    try:
        return _name_adapter(name_type).validate_python(raw["name"])
    except ValidationError:
        return None


@cache
def _name_adapter(name_type: Any) -> TypeAdapter:
    return TypeAdapter(name_type)


def regional_context(context: dict[str, Any], raw: Any) -> dict[str, Any]:
    """The context to validate a list entry in: `region` is the entry's own when it names one (a KMS key, a secret must
    be of the region the entry's resources lie in); the stack's `aws:region` otherwise."""
    region = raw.get("region") if isinstance(raw, dict) else None
    if isinstance(region, str) and region in known_regions() and region != context.get("region"):
        return {**context, "region": region}
    return context


def unique_entries(
    value: Any, path: str, schema: type[T], problems: Problems, context: dict[str, Any],
    key: Callable[[T], str], field: str, taken: str, scope: Callable[[T], str | None] = lambda entry: None,
) -> list[tuple[str, T]]:
    """Each valid entry of a list whose entries must be unique by `key` (a `field` of each) with its path; unique within
    their `scope` (e.g. their region) when one is given. Each entry is validated in its region (`regional_context`)."""
    out: list[tuple[str, T]] = []
    seen: dict[tuple[str | None, str], str] = {}
    for at, raw in items(value, path, problems):
        entry = validate(schema, raw, at, problems, regional_context(context, raw))
        if entry is None:
            continue
        k = key(entry)
        if (scope(entry), k) in seen:
            problems.add(f"{at}.{field}", f"{taken} (first at {seen[scope(entry), k]})", k)
            continue
        seen[scope(entry), k] = at
        out.append((at, entry))
    return out
