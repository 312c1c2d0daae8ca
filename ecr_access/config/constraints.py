"""AWS API constraints (name patterns, lengths, enums, regions) read from botocore's service models."""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

import botocore.loaders
import botocore.session
from pydantic import AfterValidator, Field

from ecr_access.config.base import fail




@dataclass(frozen=True)
class StringShape:
    """A string shape of an AWS API: length bounds, pattern, enum."""

    name: str
    min: int | None
    max: int | None
    pattern: str | None
    enum: tuple[str, ...]

    def problem(self, value: str) -> str | None:
        """Why `value` violates this shape, or None when it is accepted."""
        if self.enum and value not in self.enum:
            return f"must be one of {', '.join(self.enum)}"
        if self.min is not None and len(value) < self.min or self.max is not None and len(value) > self.max:
            return f"must be {self.min}-{self.max} characters long"
        if self.pattern and not aws_pattern(self.pattern).fullmatch(value):
            return f"must match {self.pattern}"
        return None


_CATEGORY = re.compile(r"\\p\{([A-Z][a-z]?)\}")


@lru_cache(maxsize=None)
def aws_pattern(pattern: str) -> re.Pattern[str]:
    """An AWS API pattern as Python re: ASCII semantics (`\\w`, `\\d` as AWS mean them), `\\p{L}`-style Unicode
    categories spelled out as code point ranges (Python's re has no `\\p`)."""
    def spell(match: re.Match) -> str:
        ranges = _category_ranges(match.group(1))
        inside = pattern[: match.start()].count("[") > pattern[: match.start()].count("]")
        return ranges if inside else f"[{ranges}]"

    return re.compile(_CATEGORY.sub(spell, pattern), re.ASCII)


@lru_cache(maxsize=None)
def _category_ranges(category: str) -> str:
    # Every code point whose Unicode general category is `category` (`Lu`) or starts with it (`L`: `Lu`, `Ll`, ...).
    runs = sorted(run for name, found in _category_runs().items() if name.startswith(category) for run in found)
    merged: list[list[int]] = []
    for start, end in runs:
        if merged and merged[-1][1] + 1 == start:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return "".join(f"\\U{start:08x}-\\U{end:08x}" for start, end in merged)


@lru_cache(maxsize=1)
def _category_runs() -> dict[str, list[tuple[int, int]]]:
    # One pass over Unicode: the runs of consecutive code points of each general category.
    runs: dict[str, list[tuple[int, int]]] = {}
    start, current = 0, unicodedata.category("\0")
    for cp in range(1, sys.maxunicode + 1):
        category = unicodedata.category(chr(cp))
        if category != current:
            runs.setdefault(current, []).append((start, cp - 1))
            start, current = cp, category
    runs.setdefault(current, []).append((start, sys.maxunicode))
    return runs


@lru_cache(maxsize=None)
def _shapes(service: str) -> dict:
    return botocore.loaders.Loader().load_service_model(service, "service-2")["shapes"]


@lru_cache(maxsize=None)
def shape(service: str, name: str) -> StringShape:
    """The named string shape of a service's API model (e.g. `ecr`, `RepositoryName`)."""
    raw = _shapes(service)[name]
    return StringShape(name, raw.get("min"), raw.get("max"), raw.get("pattern"), tuple(raw.get("enum", ())))


def list_max(service: str, name: str) -> int | None:
    """The most items a list shape of a service's API accepts."""
    return _shapes(service)[name].get("max")


@lru_cache(maxsize=1)
def known_regions() -> frozenset[str]:
    """Every region botocore knows for ECR, across partitions."""
    session = botocore.session.get_session()
    return frozenset(
        region
        for partition in session.get_available_partitions()
        for region in session.get_available_regions("ecr", partition_name=partition)
    )


def shape_schema(service: str, shape_name: str) -> dict[str, Any]:
    """The JSON Schema keywords of an API string shape (its pattern only when an editor's regex engine reads it)."""
    found = shape(service, shape_name)
    out: dict[str, Any] = {}
    if found.enum:
        return {"enum": list(found.enum)}
    if found.min is not None:
        out["minLength"] = found.min
    if found.max is not None:
        out["maxLength"] = found.max
    if found.pattern and "\\p{" not in found.pattern:
        out["pattern"] = f"^(?:{found.pattern})$"
    return out


def shape_check(service: str, shape_name: str, what: str | None = None) -> AfterValidator:
    """A check of a string against an API shape; the error says it is not `what` (or just what is wrong)."""
    def check(value: str) -> str:
        problem = shape(service, shape_name).problem(value)
        if problem:
            raise fail(f"is not {what}: {problem}" if what else problem)
        return value

    return AfterValidator(check)


def shaped(service: str, shape_name: str, what: str | None = None) -> Any:
    """A non-empty string type checked against an API shape, its constraints in the JSON Schema."""
    return Annotated[str, Field(min_length=1), shape_check(service, shape_name, what), WithShape(service, shape_name)]


@dataclass(frozen=True)
class WithShape:
    """Puts an API shape's constraints into the JSON Schema of the type it annotates."""

    service: str
    shape_name: str

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema = handler(core_schema)
        schema.update(shape_schema(self.service, self.shape_name))
        return schema
