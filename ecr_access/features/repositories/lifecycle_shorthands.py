"""The two shorthands the config had first, each one LifecycleRule: keep the newest N tagged images, expire untagged
images D days after push. Their rendering is exactly the rule's (their JSON has not changed since they were the only
rules there were)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecr_access.config.base import NO_VALUE
from ecr_access.features.repositories.lifecycle_rules import (
    MAX_WILDCARDS,
    TAG_PATTERN,
    TAG_PREFIX,
    CountType,
    LifecycleRule,
    LifecycleSelection,
    Problem,
    TagStatus,
)
from ecr_access.iam.errors import PolicyError


@dataclass(frozen=True)
class KeepTagged:
    """Keep the newest `count` images whose tags start with one of `prefixes` (or match `patterns`); expire older ones."""

    count: int
    prefixes: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    source: str = field(default="", compare=False, repr=False)

    # Messages about its selection or order point at the entry itself; it has no priority of its own.
    select_key = ""
    priority_key = ""
    priority = None

    def check(self) -> None:
        """Raise PolicyError unless ECR would accept this rule."""
        if self.count < 1:
            raise PolicyError(f"keep count must be at least 1, got {self.count}")
        if bool(self.prefixes) == bool(self.patterns):
            raise PolicyError("a keep-tagged rule needs either tag prefixes or tag patterns (not both, not neither)")
        for p in self.prefixes:
            if not TAG_PREFIX.fullmatch(p):
                raise PolicyError(f"tag prefix {p!r} may hold only letters, digits and ._-")
        for p in self.patterns:
            if not TAG_PATTERN.fullmatch(p) or p.count("*") > MAX_WILDCARDS:
                raise PolicyError(f"tag pattern {p!r} may hold only letters, digits, ._- and at most {MAX_WILDCARDS} '*'")

    def problems(self) -> list[Problem]:
        """Why ECR would refuse this rule (said of the entry as a whole)."""
        try:
            self.check()
        except PolicyError as err:
            return [("", str(err), NO_VALUE)]
        return []

    def as_rule(self) -> LifecycleRule:
        """The rule: tagged images with these prefixes (or patterns), expired beyond the newest `count`."""
        select = LifecycleSelection(TagStatus.TAGGED, tuple(self.prefixes), tuple(self.patterns))
        return LifecycleRule(select, CountType.IMAGE_COUNT_MORE_THAN, self.count, source=self.source)

    def shown(self) -> Any:
        """The entry as the config writes it (`keepTagged:`)."""
        return {"count": self.count, **({"prefixes": list(self.prefixes)} if self.prefixes else {}),
                **({"patterns": list(self.patterns)} if self.patterns else {})}

    def selection(self) -> dict[str, Any]:
        """The rule's `selection` block."""
        return self.as_rule().selection()

    def describe(self) -> str:
        """The rule's description as ECR shows it."""
        return self.as_rule().describe()


@dataclass(frozen=True)
class ExpireUntagged:
    """Expire untagged images `days` days after they were pushed."""

    days: int
    source: str = field(default="", compare=False, repr=False)

    select_key = ""
    priority_key = ""
    priority = None

    def check(self) -> None:
        """Raise PolicyError unless ECR would accept this rule."""
        if self.days < 1:
            raise PolicyError(f"untagged expiry must be at least 1 day, got {self.days}")

    def problems(self) -> list[Problem]:
        """Why ECR would refuse this rule."""
        try:
            self.check()
        except PolicyError as err:
            return [("", str(err), NO_VALUE)]
        return []

    def as_rule(self) -> LifecycleRule:
        """The rule: untagged images expired `days` days after push."""
        return LifecycleRule(LifecycleSelection(TagStatus.UNTAGGED), CountType.SINCE_IMAGE_PUSHED, self.days, source=self.source)

    def shown(self) -> Any:
        """The value as the config writes it (`expireUntaggedAfterDays:`)."""
        return self.days

    def selection(self) -> dict[str, Any]:
        """The rule's `selection` block."""
        return self.as_rule().selection()

    def describe(self) -> str:
        """The rule's description as ECR shows it."""
        return self.as_rule().describe()
