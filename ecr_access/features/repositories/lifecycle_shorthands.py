"""The two shorthands the config had first: keep the newest N images of each tag prefix (or pattern), and expire
untagged images D days after push. Each is made of LifecycleRules and renders exactly as they do.

`KeepTagged(count, prefixes=[v, release-])` means "images tagged v* or release-*": one rule per prefix, each keeping
the newest `count` images of its prefix. ECR reads several entries of one rule's `tagPrefixList` (or `tagPatternList`)
as all of them: it selects only images carrying a tag for each entry (the AWS user guide, "Lifecycle policy
properties"), so one rule of both would keep nothing tagged only `v1.2.3`. A LifecycleRule with several `tag_prefixes`
says that "all of them" when it is meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ecr_access.config.base import NO_VALUE
from ecr_access.features.repositories.lifecycle_rules import (
    MAX_WILDCARDS,
    TAG_PATTERN,
    TAG_PREFIX,
    CountType,
    LifecycleRule,
    LifecycleSelection,
    Placed,
    Problem,
    TagStatus,
    at,
    not_a_list,
    positive,
)
from ecr_access.iam.errors import PolicyError


def _whole(what: str, value: object, unit: str = "") -> str | None:
    # The existing messages for a number below 1; a value that is no whole number at all says so.
    if positive(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{what} must be at least 1{unit}, got {value}"
    return f"{what} must be a whole number, got {value!r}"


@dataclass(frozen=True)
class KeepTagged:
    """Keep the newest `count` images of each tag prefix in `prefixes` (or wildcard pattern in `patterns`); expire
    older ones. One rule per prefix or pattern: an image tagged with any one of them is kept (see the module)."""

    count: int
    prefixes: Sequence[str] = ()
    patterns: Sequence[str] = ()
    source: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("prefixes", "patterns"):
            if isinstance(getattr(self, name), list):
                object.__setattr__(self, name, tuple(getattr(self, name)))

    def check(self) -> None:
        """Raise PolicyError unless ECR would accept these rules (the first problem)."""
        problems = self.problems()
        if problems:
            key, message, value = problems[0]
            raise PolicyError(message if key == "" else f"{key} {message} (got {value!r})")

    def problems(self) -> list[Problem]:
        """Why ECR would refuse these rules: a list given as one string at its key, the rest said of the entry."""
        lists = [p for p in (not_a_list("prefixes", self.prefixes), not_a_list("patterns", self.patterns)) if p]
        count = _whole("keep count", self.count)
        out: list[Problem] = [("", count, NO_VALUE)] if count else []
        if lists:
            return lists + out
        if out:
            return out
        if bool(self.prefixes) == bool(self.patterns):
            return [("", "a keep-tagged rule needs either tag prefixes or tag patterns (not both, not neither)", NO_VALUE)]
        for p in self.prefixes:
            if not isinstance(p, str) or not TAG_PREFIX.fullmatch(p):
                return [("", f"tag prefix {p!r} may hold only letters, digits and ._-", NO_VALUE)]
        for p in self.patterns:
            if not isinstance(p, str) or not TAG_PATTERN.fullmatch(p) or p.count("*") > MAX_WILDCARDS:
                return [("", f"tag pattern {p!r} may hold only letters, digits, ._- and at most {MAX_WILDCARDS} '*'", NO_VALUE)]
        return []

    def placed(self, where: str) -> tuple[Placed, ...]:
        """One rule per prefix (`<where>.prefixes[i]`) or pattern: tagged images with it, expired beyond the newest
        `count`."""
        out = []
        for key, tags in (("prefixes", self.prefixes), ("patterns", self.patterns)):
            for i, tag in enumerate(tags):
                select = (LifecycleSelection(TagStatus.TAGGED, tag_prefixes=(tag,)) if key == "prefixes"
                          else LifecycleSelection(TagStatus.TAGGED, tag_patterns=(tag,)))
                here = f"{at(where, key)}[{i}]"
                rule = LifecycleRule(select, CountType.IMAGE_COUNT_MORE_THAN, self.count, source=self.source)
                out.append(Placed(here, rule, here, here, tag))
        return tuple(out)


@dataclass(frozen=True)
class ExpireUntagged:
    """Expire untagged images `days` days after they were pushed."""

    days: int
    source: str = field(default="", compare=False, repr=False)

    def check(self) -> None:
        """Raise PolicyError unless ECR would accept this rule."""
        problem = _whole("untagged expiry", self.days, " day")
        if problem:
            raise PolicyError(problem)

    def problems(self) -> list[Problem]:
        """Why ECR would refuse this rule."""
        try:
            self.check()
        except PolicyError as err:
            return [("", str(err), NO_VALUE)]
        return []

    def placed(self, where: str) -> tuple[Placed, ...]:
        """The rule: untagged images expired `days` days after push (messages about it point at `where`)."""
        rule = LifecycleRule(LifecycleSelection(TagStatus.UNTAGGED), CountType.SINCE_IMAGE_PUSHED, self.days, source=self.source)
        return (Placed(where, rule, where, where, self.days),)
