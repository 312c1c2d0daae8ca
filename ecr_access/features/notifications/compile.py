"""Compile one topic's notifications: its EventBridge rules (names, computed ARNs, event patterns) and the topic and key
policy documents, every one validated before anything is registered."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.config.blame import blame
from ecr_access.config.errors import Problems
from ecr_access.features.notifications import patterns
from ecr_access.features.notifications.policy import key_policy, topic_policy
from ecr_access.features.notifications.spec import NotificationSpec, RuleSpec
from ecr_access.iam.arns import Registry
from ecr_access.iam.validate import RenderedPolicy

_WHAT = {"findings": "Image scan findings at or above {severity}", "pushes": "Image pushes"}


@dataclass(frozen=True)
class CompiledRule:
    """One EventBridge rule: its name, its ARN (computed), its event pattern (JSON) and description."""

    name: str
    arn: str
    kind: str  # findings or pushes
    pattern: str
    description: str
    source: str


@dataclass(frozen=True)
class CompiledNotifications:
    """A topic's rules and documents. `topic_policy` is the topic's whole policy: set by the stack when
    `spec.sets_policy`, else for the topic's owner to add; `key_policy` the statement the policy of its KMS key needs
    when the stack does not create that key."""

    spec: NotificationSpec
    topic_arn: str
    rules: tuple[CompiledRule, ...]
    topic_policy: RenderedPolicy
    key_policy: RenderedPolicy | None = None


def _rule(rule: RuleSpec, kind: str, name: str, topic: str, registry: Registry, problems: Problems) -> CompiledRule:
    if kind == "findings":
        assert rule.findings is not None
        pattern = patterns.findings_pattern(rule.target, rule.findings, rule.scan_type, registry.account)
    else:
        pattern = patterns.push_pattern(rule.target, registry.account)
    text = patterns.render(pattern)
    if len(text) > patterns.PATTERN_MAX:
        problems.add(rule.path, f"makes a {kind} event pattern of {len(text)} characters; EventBridge takes at most "
                     f"{patterns.PATTERN_MAX}: name namespaces instead of their repositories, or split the rule",
                     rule.name)
    description = f"{_WHAT[kind].format(severity=rule.findings)} to SNS topic {topic} (ecr-access)"
    return CompiledRule(name, registry.event_rule_arn(name), kind, text, description, rule.path)


def compile_notifications(spec: NotificationSpec, registry: Registry) -> CompiledNotifications:
    """Compile a topic's rules and policies; a problem is a ConfigError at the config (or argument) path at fault."""
    problems = Problems()
    topic_arn = spec.arn(registry)
    rules = tuple(
        _rule(rule, kind, name, spec.name, registry, problems) for rule in spec.rules for kind, name in rule.event_rules
    )
    problems.raise_if_any()
    with blame(spec.path):
        policy = topic_policy(topic_arn, [r.arn for r in rules], f"{spec.name} topic")
        # A key the stack creates holds the statement itself (features/keys/policy.py); another key's owner adds it.
        outside = spec.kms_key is not None and spec.key_name is None
        key = key_policy(topic_arn, f"{spec.name} topic key") if outside else None
    return CompiledNotifications(spec=spec, topic_arn=topic_arn, rules=rules, topic_policy=policy, key_policy=key)
