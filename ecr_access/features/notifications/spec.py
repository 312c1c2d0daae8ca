"""Validated notifications: which events of which repositories go to which SNS topic."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ecr_access.features.notifications.names import FINDINGS_SUFFIX, PUSHES_SUFFIX
from ecr_access.iam.arns import Registry
from ecr_access.iam.grants import Target


@dataclass(frozen=True)
class RuleSpec:
    """One notification rule: scan findings at or above `findings` and/or pushes, in the target's repositories.

    `path` is where it was written (config path or argument path), for errors.
    """

    name: str
    target: Target
    findings: str | None = None
    pushes: bool = False
    scan_type: str = "BASIC"
    path: str = ""

    @property
    def event_rules(self) -> tuple[tuple[str, str], ...]:
        """`(kind, EventBridge rule name)` of each event kind it asks for: findings, pushes."""
        out = []
        if self.findings is not None:
            out.append(("findings", f"{self.name}{FINDINGS_SUFFIX}"))
        if self.pushes:
            out.append(("pushes", f"{self.name}{PUSHES_SUFFIX}"))
        return tuple(out)


@dataclass(frozen=True)
class NotificationSpec:
    """The rules delivering to one topic: a topic the stack creates (`topic_name`) or an existing one (`topic_arn`)."""

    rules: tuple[RuleSpec, ...]
    topic_name: str | None = None
    topic_arn: str | None = None
    manage_policy: bool = False
    kms_key: str | None = None
    tags: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    path: str = ""
    # The key the stack (or program) creates that `kms_key` names: its policy holds what EventBridge needs.
    key_name: str | None = None

    @property
    def creates_topic(self) -> bool:
        """True when the stack creates the topic."""
        return self.topic_arn is None

    @property
    def sets_policy(self) -> bool:
        """True when the stack sets the topic's policy: a topic it creates, or an existing one it is told to manage."""
        return self.creates_topic or self.manage_policy

    @property
    def name(self) -> str:
        """The topic's name."""
        return self.topic_arn.rsplit(":", 1)[-1] if self.topic_arn is not None else self.topic_name or ""

    def arn(self, registry: Registry) -> str:
        """The topic's ARN, computed for a topic the stack creates."""
        return self.topic_arn or registry.topic_arn(self.name)
