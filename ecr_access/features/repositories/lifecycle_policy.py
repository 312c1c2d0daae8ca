"""Typed ECR lifecycle policies: keep the last N tagged images, expire untagged ones after D days."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ecr_access.iam.errors import PolicyError
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import RenderedPolicy

# ECR accepts at most 4 wildcards per tag pattern; prefixes are literal.
_TAG_TEXT = re.compile(r"[A-Za-z0-9._\-]+")
_PATTERN = re.compile(r"[A-Za-z0-9._\-*]+")
_MIN_TEXT = 100  # botocore: LifecyclePolicyText min length


@dataclass(frozen=True)
class KeepTagged:
    """Keep the newest `count` images whose tags start with one of `prefixes` (or match `patterns`); expire older ones."""

    count: int
    prefixes: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()

    def check(self) -> None:
        """Raise PolicyError unless ECR would accept this rule."""
        if self.count < 1:
            raise PolicyError(f"keep count must be at least 1, got {self.count}")
        if bool(self.prefixes) == bool(self.patterns):
            raise PolicyError("a keep-tagged rule needs either tag prefixes or tag patterns (not both, not neither)")
        for p in self.prefixes:
            if not _TAG_TEXT.fullmatch(p):
                raise PolicyError(f"tag prefix {p!r} may hold only letters, digits and ._-")
        for p in self.patterns:
            if not _PATTERN.fullmatch(p) or p.count("*") > 4:
                raise PolicyError(f"tag pattern {p!r} may hold only letters, digits, ._- and at most 4 '*'")

    def selection(self) -> dict[str, Any]:
        """The rule's `selection` block."""
        sel: dict[str, Any] = {"tagStatus": "tagged"}
        if self.prefixes:
            sel["tagPrefixList"] = list(self.prefixes)
        else:
            sel["tagPatternList"] = list(self.patterns)
        sel.update(countType="imageCountMoreThan", countNumber=self.count)
        return sel

    def describe(self) -> str:
        """The rule's description as ECR shows it."""
        what = ", ".join(self.prefixes or self.patterns)
        return f"Keep the last {self.count} images tagged {what}"


@dataclass(frozen=True)
class ExpireUntagged:
    """Expire untagged images `days` days after they were pushed."""

    days: int

    def check(self) -> None:
        """Raise PolicyError unless ECR would accept this rule."""
        if self.days < 1:
            raise PolicyError(f"untagged expiry must be at least 1 day, got {self.days}")

    def selection(self) -> dict[str, Any]:
        """The rule's `selection` block."""
        return {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": self.days}

    def describe(self) -> str:
        """The rule's description as ECR shows it."""
        return f"Expire untagged images after {self.days} days"


Rule = KeepTagged | ExpireUntagged


@dataclass(frozen=True)
class LifecyclePolicy:
    """An ordered list of lifecycle rules; priority follows the order given (first = 1)."""

    rules: tuple[Rule, ...]

    def render(self) -> dict[str, Any]:
        """The policy as a JSON-ready dict with rule priorities 1..n."""
        return {
            "rules": [
                {"rulePriority": i, "description": rule.describe(), "selection": rule.selection(), "action": {"type": "expire"}}
                for i, rule in enumerate(self.rules, start=1)
            ]
        }

    def rendered(self, label: str) -> RenderedPolicy:
        """Validate the rules and render compact JSON within the lifecycle quota."""
        where = f"lifecycle policy {label!r}"
        if not self.rules:
            raise PolicyError(f"{where}: has no rules", reason="has no rules")
        untagged = [r for r in self.rules if isinstance(r, ExpireUntagged)]
        if len(untagged) > 1:
            raise PolicyError(f"{where}: more than one untagged-expiry rule", reason="has more than one untagged-expiry rule")
        for rule in self.rules:
            try:
                rule.check()
            except PolicyError as err:
                raise PolicyError(f"{where}: {err}", reason=f"rule {rule.describe()!r}: {err}") from None
        text = json.dumps(self.render(), separators=(",", ":"))
        kind = DocumentKind.LIFECYCLE
        if not _MIN_TEXT <= len(text) <= kind.quota.limit:
            reason = f"is {len(text)} characters as a lifecycle policy, outside ECR's {_MIN_TEXT}-{kind.quota.limit}"
            raise PolicyError(f"{where}: {reason}", reason=reason)
        return RenderedPolicy(kind=kind, label=label, json=text, size=len(text))
