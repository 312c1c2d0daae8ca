"""The `lifecycle` key of a repository (or of the defaults and templates): keep rules and untagged expiry."""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from ecr_access.config.base import ConfigModel, Maybe, OneOrMany, Range, Str, fail, field
from ecr_access.features.repositories.lifecycle_policy import ExpireUntagged, KeepTagged, LifecyclePolicy
from ecr_access.iam.errors import PolicyError


class KeepTaggedConfig(ConfigModel):
    """`{count, prefixes: [...]}` or `{count, patterns: [...]}`: keep the newest `count` images with those tags."""

    count: Range(1, 10000) = field("How many of the newest images with these tags to keep (1-10000); older ones expire.")
    prefixes: Maybe(OneOrMany(Str), "a list") = field(
        "Tag prefixes (letters, digits, `._-`) the kept images carry; give prefixes or patterns, not both.", None)
    patterns: Maybe(OneOrMany(Str), "a list") = field(
        "Tag wildcard patterns (at most 4 `*`) the kept images carry; give prefixes or patterns, not both.", None)

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


class LifecycleConfig(ConfigModel):
    """The repository's lifecycle policy, from the two keys below (validated, 100-30,720 characters)."""

    keep_tagged: Maybe(OneOrMany(KeepTaggedConfig), "a list") = field(
        "Rules `{count, prefixes: [...]}` or `{count, patterns: [...]}`: keep the newest `count` images with those tag "
        "prefixes (or wildcard patterns, at most 4 `*`), expire older ones. Priority follows the list order.", None)
    expire_untagged_after_days: Maybe(Range(1, 3650), "a whole number") = field(
        "Expire untagged images this many days (1-3650) after push; comes after the keep rules.", None)

    @property
    def policy(self) -> LifecyclePolicy:
        """The lifecycle policy these keys declare."""
        rules: list[Any] = [k.rule for k in self.keep_tagged or ()]
        if self.expire_untagged_after_days is not None:
            rules.append(ExpireUntagged(self.expire_untagged_after_days))
        return LifecyclePolicy(tuple(rules))

    @model_validator(mode="after")
    def _renders(self) -> LifecycleConfig:
        if not self.keep_tagged and self.expire_untagged_after_days is None:
            raise fail("needs keepTagged or expireUntaggedAfterDays")
        try:
            self.policy.rendered("")
        except PolicyError as err:
            raise fail(err.reason) from None
        return self
