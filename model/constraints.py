"""AWS API constraints (name patterns, lengths, enums, regions) read from botocore's service models."""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import botocore.loaders
import botocore.session

from model.reader import Node


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
            return f"must be {self.min}-{self.max} characters long"
        if self.pattern and not aws_pattern(self.pattern).fullmatch(value):
            return f"must be {self.words}"
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


@lru_cache(maxsize=None)
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
    session = botocore.session.get_session()
    return frozenset(
        region
        for partition in session.get_available_partitions()
        for region in session.get_available_regions("ecr", partition_name=partition)
    )


@lru_cache(maxsize=1)
def partition_dns_suffixes() -> dict[str, str]:
    """Each partition's DNS suffix, from botocore's partition data (`aws`: amazonaws.com, `aws-cn`: amazonaws.com.cn, ...)."""
    return {p["partition"]: p["dnsSuffix"] for p in botocore.loaders.Loader().load_data("endpoints")["partitions"]}


def shaped(node: Node, service: str, shape_name: str, what: str | None = None) -> str:
    """The node's string, checked against an API shape; the error says it is not `what` (or just what is wrong)."""
    value = node.as_str()
    problem = shape(service, shape_name).problem(value)
    if problem:
        raise node.fail(f"is not {what}: {problem}" if what else problem)
    return value
