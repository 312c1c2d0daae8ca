"""One ECR lifecycle rule, typed: what it selects (tag status, tag prefixes or patterns, storage class), how it counts
(images beyond a count, or days since push, last pull or archiving) and what it does (expire, or transition to the
archive storage class). Every rule ECR would refuse is refused here first, in the words of the config keys.

The grammar is ECR's lifecycle policy text (the AWS user guide, "Lifecycle policy properties"): the enums below are
botocore's `TagStatus`, `LifecyclePolicyStorageClass` and `ImageActionType` in the policy's lower case (a test holds
them to the committed botocore subset); `countType` has no botocore shape. A policy of several rules, their order and
the rules across rules: lifecycle_policy.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ecr_access.config.errors import listed


class TagStatus(StrEnum):
    """Which images a rule looks at by their tags."""

    TAGGED = "tagged"
    UNTAGGED = "untagged"
    ANY = "any"


class StorageClass(StrEnum):
    """The storage class of the images a rule selects (`archive`: archived images, which cannot be pulled)."""

    STANDARD = "standard"
    ARCHIVE = "archive"


class CountType(StrEnum):
    """How a rule counts: images beyond the newest `countNumber`, or days since push, last pull or archiving."""

    IMAGE_COUNT_MORE_THAN = "imageCountMoreThan"
    SINCE_IMAGE_PUSHED = "sinceImagePushed"
    SINCE_IMAGE_PULLED = "sinceImagePulled"
    SINCE_IMAGE_TRANSITIONED = "sinceImageTransitioned"


class LifecycleAction(StrEnum):
    """What a rule does: delete the images, or move them to the archive storage class."""

    EXPIRE = "expire"
    TRANSITION = "transition"


# ECR keeps an archived image at least this many days before a lifecycle rule may expire it.
ARCHIVE_MINIMUM_DAYS = 90
# ECR's wildcard limit per tag pattern; prefixes are literal.
MAX_WILDCARDS = 4
TAG_PREFIX = re.compile(r"[A-Za-z0-9._\-]+")
TAG_PATTERN = re.compile(r"[A-Za-z0-9._\-*]+")
MAX_NUMBER = 2**31 - 1  # countNumber and rulePriority are JSON integers ECR reads as 32-bit

# (key below the rule as the config writes it, what is wrong, the value at fault or NO_VALUE)
Problem = tuple[str, str, Any]


def one_of(kind: type[StrEnum], value: Any) -> Any:
    """`value` as a member of `kind`, or None when it is not one of its values."""
    try:
        return kind(value)
    except ValueError:
        return None


def words(kind: type[StrEnum]) -> str:
    """The values of an enum as a message lists them (`tagged, untagged or any`)."""
    return listed([m.value for m in kind], "or")


def positive(value: Any) -> bool:
    """A whole number ECR takes as a count or priority (1 up to 2**31-1)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_NUMBER


def not_a_list(key: str, given: Any) -> Problem | None:
    """The problem of a list argument given as one string (which would be read letter by letter) or as no list."""
    if isinstance(given, str):
        return (key, "must be a list, not one string", given)
    if not isinstance(given, (list, tuple)):
        return (key, "must be a list", repr(given))
    return None


def at(where: str, key: str) -> str:
    """`key` below `where` (`rules[1]` and `select` give `rules[1].select`); either may be empty."""
    return f"{where}.{key}" if where and key else where or key


@dataclass(frozen=True)
class LifecycleSelection:
    """The images a rule selects: by tag status (`tagged` needs tag prefixes or patterns) and storage class."""

    tag_status: TagStatus | str
    tag_prefixes: Sequence[str] = ()
    tag_patterns: Sequence[str] = ()
    storage_class: StorageClass | str = StorageClass.STANDARD

    @property
    def key(self) -> tuple[str, str, frozenset[str], frozenset[str]]:
        """What ECR allows one rule of a storage class to select: its tag status and set of prefixes or patterns."""
        return (str(self.storage_class), str(self.tag_status), frozenset(self.tag_prefixes), frozenset(self.tag_patterns))

    def problems(self) -> list[Problem]:
        """Why ECR would refuse this selection (keys below `select`)."""
        out: list[Problem] = []
        status, storage = one_of(TagStatus, self.tag_status), one_of(StorageClass, self.storage_class)
        if status is None:
            out.append(("tagStatus", f"must be {words(TagStatus)}", self.tag_status))
        if storage is None:
            out.append(("storageClass", f"must be {words(StorageClass)}", self.storage_class))
        lists = [p for p in (not_a_list("tagPrefixes", self.tag_prefixes), not_a_list("tagPatterns", self.tag_patterns)) if p]
        if lists:
            return out + lists
        prefixes, patterns = list(self.tag_prefixes), list(self.tag_patterns)
        if status is TagStatus.TAGGED and bool(prefixes) == bool(patterns):
            what = "not both" if prefixes else "ECR selects tagged images by them"
            out.append(("", f"a tagged rule needs tagPrefixes or tagPatterns ({what})", self.shown()))
        elif status is not None and status is not TagStatus.TAGGED:
            for key, given in (("tagPrefixes", prefixes), ("tagPatterns", patterns)):
                if given:
                    out.append((key, f"selects by tag, but tagStatus is {status}: set tagStatus: tagged or remove {key}", given))
        for i, prefix in enumerate(prefixes):
            if not isinstance(prefix, str) or not TAG_PREFIX.fullmatch(prefix):
                out.append((f"tagPrefixes[{i}]", "is not a tag prefix: only letters, digits and . _ -", prefix))
        for i, pattern in enumerate(patterns):
            if not isinstance(pattern, str) or not TAG_PATTERN.fullmatch(pattern) or pattern.count("*") > MAX_WILDCARDS:
                out.append((f"tagPatterns[{i}]", f"is not a tag pattern: only letters, digits, . _ - and at most "
                            f"{MAX_WILDCARDS} *", pattern))
        return out

    def json(self) -> dict[str, Any]:
        """The selection keys ECR reads before the count (`storageClass` only when archive: standard is the default)."""
        out: dict[str, Any] = {"tagStatus": str(self.tag_status)}
        if self.tag_prefixes:
            out["tagPrefixList"] = list(self.tag_prefixes)
        if self.tag_patterns:
            out["tagPatternList"] = list(self.tag_patterns)
        if str(self.storage_class) == StorageClass.ARCHIVE:
            out["storageClass"] = str(StorageClass.ARCHIVE)
        return out

    def shown(self) -> dict[str, Any]:
        """The selection as the config writes it (`select:`), for messages."""
        out: dict[str, Any] = {"tagStatus": str(self.tag_status)}
        if self.tag_prefixes:
            out["tagPrefixes"] = list(self.tag_prefixes)
        if self.tag_patterns:
            out["tagPatterns"] = list(self.tag_patterns)
        if str(self.storage_class) != StorageClass.STANDARD:
            out["storageClass"] = str(self.storage_class)
        return out

    def subject(self) -> str:
        """The selected images in words (`images tagged v and release-`: ECR selects images with a tag for each entry;
        `archived untagged images`)."""
        archived = "archived " if str(self.storage_class) == StorageClass.ARCHIVE else ""
        if str(self.tag_status) == TagStatus.UNTAGGED:
            return f"{archived}untagged images"
        tags = listed([*self.tag_prefixes, *self.tag_patterns])
        return f"{archived}images tagged {tags}" if tags else f"{archived}images"


@dataclass(frozen=True)
class Placed:
    """One rule as ECR gets it and where it was written: `where` names it in messages about other rules, a message
    about its selection or priority points at `select_at` or `priority_at`, and `shown` is its selection as written."""

    where: str
    rule: LifecycleRule
    select_at: str
    priority_at: str
    shown: Any


@dataclass(frozen=True)
class LifecycleRule:
    """One lifecycle rule: `select` images, count them by `count_type`/`count_number`, then `action` them.

    `priority` (ECR's rulePriority, lowest first) may be left out: the policy numbers such rules in the order given,
    after any numbered ones, a `tagStatus: any` rule last. `description` defaults to one said from the rule.
    `source` is where the rule was written (a config path below `lifecycle`), for messages only.
    """

    select: LifecycleSelection
    count_type: CountType | str
    count_number: int
    action: LifecycleAction | str = LifecycleAction.EXPIRE
    priority: int | None = None
    description: str | None = None
    source: str = field(default="", compare=False, repr=False)

    def placed(self, where: str) -> tuple[Placed, ...]:
        """The rule, written at `where` (the shorthands give theirs: KeepTagged one per tag prefix or pattern)."""
        return (Placed(where, self, at(where, "select"), at(where, "priority"), self.select.shown()),)

    def problems(self) -> list[Problem]:
        """Why ECR would refuse this rule on its own (keys below the rule, as the config writes them)."""
        if not isinstance(self.select, LifecycleSelection):
            return [("select", "must be a LifecycleSelection", repr(self.select))]
        out = [(f"select.{k}" if k else "select", m, v) for k, m, v in self.select.problems()]
        count, action = one_of(CountType, self.count_type), one_of(LifecycleAction, self.action)
        if count is None:
            out.append(("countType", f"must be {words(CountType)}", self.count_type))
        if not positive(self.count_number):
            out.append(("countNumber", f"must be a whole number from 1 to {MAX_NUMBER} (ECR takes no 0)", self.count_number))
        if action is None:
            out.append(("action", f"must be {words(LifecycleAction)}", self.action))
        if self.priority is not None and not positive(self.priority):
            out.append(("priority", f"must be a whole number from 1 to {MAX_NUMBER}", self.priority))
        if self.description is not None and (not isinstance(self.description, str) or not self.description.strip()):
            out.append(("description", "must be a non-empty string", self.description))
        return out + self._combination_problems(count, action)

    def _combination_problems(self, count: CountType | None, action: LifecycleAction | None) -> list[Problem]:
        storage = one_of(StorageClass, self.select.storage_class)
        out: list[Problem] = []
        if count is CountType.SINCE_IMAGE_PULLED and action is LifecycleAction.EXPIRE:
            out.append(("action", "must be transition with countType sinceImagePulled: ECR archives images by their last "
                        "pull but does not expire by it (expire archived images with a sinceImageTransitioned rule)", "expire"))
        if count is CountType.SINCE_IMAGE_TRANSITIONED:
            if storage is StorageClass.STANDARD:
                out.append(("select.storageClass", "must be archive with countType sinceImageTransitioned (it counts the "
                            "days an image has been archived)", str(self.select.storage_class)))
            if action is LifecycleAction.TRANSITION:
                out.append(("action", "must be expire with countType sinceImageTransitioned: archived images can only "
                            "be expired", "transition"))
            if positive(self.count_number) and self.count_number < ARCHIVE_MINIMUM_DAYS:
                out.append(("countNumber", f"must be at least {ARCHIVE_MINIMUM_DAYS} with countType sinceImageTransitioned: "
                            f"ECR keeps archived images {ARCHIVE_MINIMUM_DAYS} days before a lifecycle rule may expire "
                            "them", self.count_number))
        elif count is not None and storage is StorageClass.ARCHIVE:
            out.append(("countType", "must be sinceImageTransitioned when the rule selects storageClass archive (rules on "
                        "archived images count the days since archiving)", str(self.count_type)))
        return out

    def describe(self) -> str:
        """The rule's description as ECR shows it: the one given, else one said from the rule."""
        if self.description is not None:
            return self.description
        n, subject = self.count_number, self.select.subject()
        count = str(self.count_type)
        said: dict[str, str]
        if str(self.action) == LifecycleAction.EXPIRE:
            said = {
                CountType.IMAGE_COUNT_MORE_THAN: f"Keep the last {n} {subject}",
                CountType.SINCE_IMAGE_PUSHED: f"Expire {subject} after {n} days",
                CountType.SINCE_IMAGE_TRANSITIONED: f"Expire {subject} {n} days after archiving",
            }
            return said.get(count, f"Expire {subject} by {count} {n}")
        said = {
            CountType.IMAGE_COUNT_MORE_THAN: f"Archive {subject} beyond the newest {n}",
            CountType.SINCE_IMAGE_PUSHED: f"Archive {subject} {n} days after push",
            CountType.SINCE_IMAGE_PULLED: f"Archive {subject} not pulled for {n} days",
        }
        return said.get(count, f"Archive {subject} by {count} {n}")

    def selection(self) -> dict[str, Any]:
        """The rule's `selection` block, in ECR's key order."""
        out = self.select.json()
        out["countType"] = str(self.count_type)
        if str(self.count_type) != CountType.IMAGE_COUNT_MORE_THAN:
            out["countUnit"] = "days"
        out["countNumber"] = self.count_number
        return out

    def action_block(self) -> dict[str, Any]:
        """The rule's `action` block (a transition names its target, archive, ECR's only one)."""
        if str(self.action) == LifecycleAction.TRANSITION:
            return {"type": str(LifecycleAction.TRANSITION), "targetStorageClass": str(StorageClass.ARCHIVE)}
        return {"type": str(LifecycleAction.EXPIRE)}

