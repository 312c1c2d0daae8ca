"""`lifecycle.rules[]`: one ECR lifecycle rule as the stack config writes it (`select`, `countType`, `countNumber`,
`action`, ...), refused with the key at fault wherever ECR would refuse it."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, Field, model_validator

from ecr_access.config.base import ConfigModel, Maybe, OneOrMany, Range, Str, fail, field, refusals
from ecr_access.features.repositories.lifecycle_rules import (
    MAX_NUMBER,
    CountType,
    LifecycleAction,
    LifecycleRule,
    LifecycleSelection,
    StorageClass,
    TagStatus,
    one_of,
    words,
)


def one_of_values(kind: type[StrEnum]) -> Any:
    """A string that must be one of the values of `kind` (the schema lists them)."""
    def check(value: str) -> str:
        if one_of(kind, value) is None:
            raise fail(f"must be {words(kind)}")
        return value

    return Annotated[Str, AfterValidator(check), Field(json_schema_extra={"enum": [m.value for m in kind]})]


class CountUnit(StrEnum):
    """The unit of the day counts (ECR's only one)."""

    DAYS = "days"


class SelectConfig(ConfigModel):
    """`select`: which images the rule looks at."""

    tag_status: one_of_values(TagStatus) = field(
        "`tagged` (with `tagPrefixes` or `tagPatterns`), `untagged`, or `any` (every image: ECR evaluates it last among "
        "the rules of its storage class).")
    tag_prefixes: Maybe(OneOrMany(Str), "a list") = field(
        "Tag prefixes (letters, digits, `._-`): an image is selected when each prefix starts one of its tags (all of "
        "them, as ECR reads `tagPrefixList`; for any of them, write a rule per prefix). Only with `tagStatus: tagged`; "
        "give prefixes or patterns, not both.", None)
    tag_patterns: Maybe(OneOrMany(Str), "a list") = field(
        "Tag wildcard patterns (letters, digits, `._-`, at most 4 `*`): an image is selected when each pattern matches "
        "one of its tags (all of them, as ECR reads `tagPatternList`; for any of them, write a rule per pattern). Only "
        "with `tagStatus: tagged`; give prefixes or patterns, not both.", None)
    storage_class: Maybe(one_of_values(StorageClass)) = field(
        "`standard` (images that can be pulled) or `archive` (archived images, only with `countType: "
        "sinceImageTransitioned`). Default `standard`.", None)

    @property
    def selection(self) -> LifecycleSelection:
        """The selection as the policy takes it."""
        return LifecycleSelection(TagStatus(self.tag_status), self.tag_prefixes or (), self.tag_patterns or (),
                                  StorageClass(self.storage_class or StorageClass.STANDARD))


class RuleConfig(ConfigModel):
    """One lifecycle rule: `select` images, count them, then expire them or transition them to the archive."""

    select: SelectConfig = field("Which images the rule looks at: `tagStatus`, `tagPrefixes` or `tagPatterns`, `storageClass`.")
    count_type: one_of_values(CountType) = field(
        "`imageCountMoreThan` (the images beyond the newest `countNumber`), `sinceImagePushed` (days since push), "
        "`sinceImagePulled` (days since the last pull, or the push when never pulled; `action: transition` only) or "
        "`sinceImageTransitioned` (days in the archive; `storageClass: archive`, `action: expire` only).")
    count_number: Range(1, MAX_NUMBER) = field(
        "How many images to keep (`imageCountMoreThan`) or how many days; at least 90 with `sinceImageTransitioned` "
        "(ECR keeps archived images 90 days).")
    count_unit: Maybe(one_of_values(CountUnit)) = field(
        "`days`, the unit of the day counts (ECR's only one, always sent with them). Refused with `imageCountMoreThan`.",
        None)
    action: Maybe(one_of_values(LifecycleAction)) = field(
        "`expire` (delete the images) or `transition` (move them to the archive storage class, where they cannot be "
        "pulled until restored). Default `expire`.", None)
    priority: Maybe(Range(1, MAX_NUMBER)) = field(
        "ECR's `rulePriority`, unique, lowest applied first. Default: rules without one are numbered in the order "
        "written (after the priorities given), `tagStatus: any` rules last.", None)
    description: Maybe(Str) = field("The rule's description in ECR. Default: one said from the rule.", None)

    @property
    def rule(self) -> LifecycleRule:
        """The rule as the policy takes it."""
        return LifecycleRule(
            self.select.selection, CountType(self.count_type), self.count_number,
            LifecycleAction(self.action or LifecycleAction.EXPIRE), self.priority, self.description,
        )

    @model_validator(mode="after")
    def _ecr_accepts(self) -> RuleConfig:
        problems = self.rule.problems()
        if self.count_unit is not None and self.count_type == CountType.IMAGE_COUNT_MORE_THAN:
            problems.append(("countUnit", "is only for the day counts (sinceImagePushed, sinceImagePulled, "
                             "sinceImageTransitioned), not imageCountMoreThan", self.count_unit))
        if problems:
            raise refusals(problems)
        return self
