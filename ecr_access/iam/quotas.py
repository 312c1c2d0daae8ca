"""Where a document goes decides its size limit and how AWS measures it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_WHITESPACE = re.compile(r"\s", re.ASCII)  # JSON white space is ASCII


@dataclass(frozen=True)
class Quota:
    """A document size limit; IAM does not count white space, ECR counts every character."""

    limit: int
    counts_whitespace: bool

    def measure(self, text: str) -> int:
        """Size of a rendered document as this quota counts it."""
        return len(text) if self.counts_whitespace else len(_WHITESPACE.sub("", text))


class DocumentKind(Enum):
    """The place a policy document is attached, which sets its rules and quota."""

    IDENTITY = ("IAM managed policy", Quota(6144, counts_whitespace=False))
    TRUST = ("IAM role trust policy", Quota(2048, counts_whitespace=False))
    REPOSITORY = ("ECR repository policy", Quota(10240, counts_whitespace=True))
    REGISTRY = ("ECR registry policy", Quota(10240, counts_whitespace=True))
    LIFECYCLE = ("ECR lifecycle policy", Quota(30720, counts_whitespace=True))
    # SNS: 30 KB per topic policy (SNS developer guide, "Policy quotas"); KMS: 32 KB per key policy.
    TOPIC = ("SNS topic policy", Quota(30720, counts_whitespace=True))
    KEY = ("KMS key policy", Quota(32768, counts_whitespace=True))

    @property
    def title(self) -> str:
        """Human name of the document kind."""
        return self.value[0]

    @property
    def article(self) -> str:
        """`a` or `an`, as the title is read aloud (an IAM, an ECR, an SNS; a KMS)."""
        return "a" if self is DocumentKind.KEY else "an"

    @property
    def quota(self) -> Quota:
        """Size limit of this kind of document."""
        return self.value[1]
