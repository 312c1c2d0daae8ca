"""The `lifecycle` key of a repository (or of the defaults and templates): a preset, typed rules, and the shorthands
`keepTagged` and `expireUntaggedAfterDays`, read into one lifecycle policy."""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from typing import Annotated, Any

from pydantic import Field, model_validator

from ecr_access.config.base import ConfigModel, Maybe, OneOrList, OneOrMany, Range, Str, fail, field, refusals, refused_when
from ecr_access.features.repositories.lifecycle_policy import ExpireUntagged, KeepTagged, LifecyclePolicy
from ecr_access.features.repositories.lifecycle_presets import PRESETS, preset_problem
from ecr_access.features.repositories.lifecycle_rule_config import RuleConfig
from ecr_access.iam.errors import PolicyError


class KeepTaggedConfig(ConfigModel):
    """`{count, prefixes: [...]}` or `{count, patterns: [...]}`: keep the newest `count` images of each prefix (or
    pattern), one ECR rule each, so that an image tagged with any one of them is kept."""

    count: Range(1, 10000) = field(
        "How many of the newest images of each prefix (or pattern) to keep (1-10000); older ones expire.")
    prefixes: Maybe(OneOrMany(Str), "a list") = field(
        "Tag prefixes (letters, digits, `._-`): images with a tag starting with any one of them are kept, the newest "
        "`count` of each prefix (one ECR rule per prefix); give prefixes or patterns, not both.", None)
    patterns: Maybe(OneOrMany(Str), "a list") = field(
        "Tag wildcard patterns (at most 4 `*`): images with a tag matching any one of them are kept, the newest `count` "
        "of each pattern (one ECR rule per pattern); give prefixes or patterns, not both.", None)

    @property
    def rule(self) -> KeepTagged:
        """The rule as the lifecycle policy renders it."""
        return KeepTagged(count=self.count, prefixes=self.prefixes or (), patterns=self.patterns or ())

    @model_validator(mode="after")
    def _ecr_accepts(self) -> KeepTaggedConfig:
        try:
            self.rule.check()
        except PolicyError as err:
            raise fail(str(err)) from None
        return self


Preset = Annotated[Str, refused_when(preset_problem), Field(json_schema_extra={"enum": list(PRESETS)})]


def _written(key: str, entries: Any) -> list[Any]:
    # Each entry's rule, knowing where it was written (`rules[1]`, or `rules` for a single map).
    if entries is None:
        return []
    if isinstance(entries, list):
        return [replace(e.rule, source=f"{key}[{i}]") for i, e in enumerate(entries)]
    return [replace(entries.rule, source=key)]


class LifecycleConfig(ConfigModel):
    """The repository's lifecycle policy: a preset and rules of one's own (validated, 100-30,720 characters)."""

    preset: Maybe(Preset) = field(
        "A named set of rules to start from: `development`, `production` or `archiveThenExpire` (their rules: "
        "docs/guides/lifecycle.md). A rule of one's own (`rules`, `keepTagged`, `expireUntaggedAfterDays`) replaces the "
        "preset's rule of the same selection and storage class; the preset's other rules stay, after one's own.", None)
    rules: Maybe(OneOrList(RuleConfig), "a list") = field(
        "Lifecycle rules `{select: {tagStatus, tagPrefixes | tagPatterns, storageClass}, countType, countNumber, action, "
        "priority, description}`, in ECR's terms. Without priorities they apply in the order written, after "
        "`keepTagged` and before `expireUntaggedAfterDays`, `tagStatus: any` rules last.", None)
    keep_tagged: Maybe(OneOrList(KeepTaggedConfig), "a list") = field(
        "Rules `{count, prefixes: [...]}` or `{count, patterns: [...]}`: keep the newest `count` images of each tag "
        "prefix (or wildcard pattern, at most 4 `*`), expire older ones; an image tagged with any one of them is kept "
        "(one ECR rule per prefix or pattern). Priority follows the list order.", None)
    expire_untagged_after_days: Maybe(Range(1, 3650), "a whole number") = field(
        "Expire untagged images this many days (1-3650) after push; comes after the keep rules.", None)

    @cached_property
    def policy(self) -> LifecyclePolicy:
        """The lifecycle policy these keys declare (built once: validation checks the one the repository gets)."""
        own = _written("keepTagged", self.keep_tagged) + _written("rules", self.rules)
        if self.expire_untagged_after_days is not None:
            own.append(ExpireUntagged(self.expire_untagged_after_days, source="expireUntaggedAfterDays"))
        return LifecyclePolicy(tuple(own), preset=self.preset)

    @model_validator(mode="after")
    def _renders(self) -> LifecycleConfig:
        if not (self.preset or self.rules or self.keep_tagged or self.expire_untagged_after_days is not None):
            raise fail("needs preset, rules, keepTagged or expireUntaggedAfterDays")
        problems = self.policy.problems()
        if problems:
            raise refusals(problems)
        return self
