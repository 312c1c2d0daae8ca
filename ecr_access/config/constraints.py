"""AWS API constraints (name patterns, lengths, enums, regions) from botocore's service models, as committed in
constraints_subset.json (`make aws-data` derives it from the pinned botocore)."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from ecr_access.config.base import fail

_SUBSET = Path(__file__).with_name("constraints_subset.json")


@dataclass(frozen=True)
class StringShape:
    """A string shape of an AWS API: length bounds, pattern, enum."""

    name: str
    min: int | None
    max: int | None
    pattern: str | None
    enum: tuple[str, ...]
    words: str = "in the form AWS accepts here"  # what the pattern asks for, in the user's words (never the pattern)

    def problem(self, value: str) -> str | None:
        """Why `value` violates this shape, or None when it is accepted."""
        if self.enum and value not in self.enum:
            return f"must be one of {', '.join(self.enum)}"
        if self.min is not None and len(value) < self.min or self.max is not None and len(value) > self.max:
            if self.max is None:
                return f"must be at least {self.min} characters long"
            return f"must be {self.min or 0}-{self.max} characters long"
        # Only a Unicode category is spelled from the value's characters: any other pattern is compiled once.
        alphabet = "".join(sorted(set(value))) if self.pattern and "\\p{" in self.pattern else None
        if self.pattern and not aws_pattern(self.pattern, alphabet).fullmatch(value):
            return f"must be {self.words}"
        return None


_CATEGORY = re.compile(r"\\p\{([A-Z][a-z]?)\}")


@cache
def aws_pattern(pattern: str, alphabet: str | None = None) -> re.Pattern[str]:
    """An AWS API pattern as Python re: ASCII semantics (`\\w`, `\\d` as AWS mean them), `\\p{L}`-style Unicode
    categories spelled out as code point ranges (Python's re has no `\\p`).

    With an `alphabet`, a category is spelled as the characters of the alphabet in it: the pattern then matches any
    string of those characters exactly as the whole spelling would, without a pass over all of Unicode.
    """
    def spell(match: re.Match) -> str:
        category = match.group(1)
        ranges = _category_ranges(category) if alphabet is None else _members(category, alphabet)
        inside = pattern[: match.start()].count("[") > pattern[: match.start()].count("]")
        return ranges if inside else f"[{ranges}]"

    return re.compile(_CATEGORY.sub(spell, pattern), re.ASCII)


def _members(category: str, alphabet: str) -> str:
    found = [c for c in alphabet if unicodedata.category(c).startswith(category)]
    if not found:  # a class must not be empty: a code point outside the alphabet and the category stands for none
        found = [next(chr(cp) for cp in range(sys.maxunicode, 0, -1)
                      if chr(cp) not in alphabet and not unicodedata.category(chr(cp)).startswith(category))]
    return "".join(f"\\U{ord(c):08x}" for c in found)


@cache
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


@lru_cache(maxsize=1)
def _subset() -> dict[str, Any]:
    return json.loads(_SUBSET.read_text())


def _shapes(service: str) -> dict:
    return _subset()["shapes"][service]


_REPOSITORY_NAME = ("lowercase letters and digits, with . _ or - between them and / between path segments "
                    "(e.g. team-a/api)")
_IAM_NAME = "only ASCII letters, digits and + = , . @ - _"
# What each pattern the stack checks asks for, said as a user would (messages never show botocore's regular expressions).
PATTERNS_IN_WORDS = {
    ("ecr", "RepositoryName"): _REPOSITORY_NAME,
    ("ecr", "Prefix"): f"{_REPOSITORY_NAME}, or ROOT",
    ("ecr", "PullThroughCacheRuleRepositoryPrefix"): _REPOSITORY_NAME,
    ("ecr", "RepositoryFilterValue"): "the start of a repository name: lowercase letters and digits, with . _ - or / between them",
    ("ecr", "ScanningRepositoryFilterValue"): "lowercase letters, digits and *, with single . _ - or / between them",
    ("ecr", "ImageTagMutabilityExclusionFilterValue"): "only ASCII letters, digits and . _ - *",
    ("ecr", "KmsKeyForRepositoryCreationTemplate"): "a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key id>",
    ("ecr", "CredentialArn"): "a Secrets Manager secret ARN, arn:aws:secretsmanager:<region>:<account>:secret:"
                              "ecr-pullthroughcache/<name>",
    ("iam", "tagKeyType"): "letters, digits, spaces and _ . : / = + - @",
    ("iam", "tagValueType"): "letters, digits, spaces and _ . : / = + - @",
    ("iam", "userNameType"): _IAM_NAME,
    ("iam", "groupNameType"): _IAM_NAME,
    ("iam", "roleNameType"): _IAM_NAME,
    ("iam", "pathType"): "/ or a path that starts and ends with / (e.g. /division/team/), of printable ASCII "
                         "characters without spaces",
    ("iam", "policyPathType"): "/ or a path like /division/team/: segments of ASCII letters, digits and . , + @ = _ -, "
                               "each between slashes",
    ("iam", "roleDescriptionType"): "printable Latin-1 text (letters, digits, punctuation, spaces, tabs and line breaks)",
}


@cache
def shape(service: str, name: str) -> StringShape:
    """The named string shape of a service's API model (e.g. `ecr`, `RepositoryName`)."""
    raw = _shapes(service)[name]
    words = PATTERNS_IN_WORDS.get((service, name), StringShape.words)
    return StringShape(name, raw.get("min"), raw.get("max"), raw.get("pattern"), tuple(raw.get("enum", ())), words)


def list_max(service: str, name: str) -> int | None:
    """The most items a list shape of a service's API accepts."""
    return _shapes(service)[name].get("max")


@lru_cache(maxsize=1)
def known_regions() -> frozenset[str]:
    """Every region botocore knows for ECR, across partitions."""
    return frozenset(_subset()["regions"])


@lru_cache(maxsize=1)
def partition_dns_suffixes() -> dict[str, str]:
    """Each partition's DNS suffix, from botocore's partition data (`aws`: amazonaws.com, `aws-cn`: amazonaws.com.cn, ...)."""
    return dict(_subset()["dnsSuffixes"])


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
