"""Register the stack's notifications: one RepositoryNotifications per topic, named after the topic."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecr_access.components.repository_key import RepositoryKey
from ecr_access.components.repository_notifications import RepositoryNotifications
from ecr_access.stack.args import notification_args
from ecr_access.stack.compile import CompiledStack


def deploy_notifications(compiled: CompiledStack, keys: Mapping[str, RepositoryKey] | None = None) -> dict[str, Any]:
    """Create the components (`keys`: the stack's registered keys, which a topic's `kmsKey` may name); the outputs name
    the topics and rules, and the statements that the owner of a topic whose policy the stack does not set, or of a
    topic's KMS key the stack does not create, must add."""
    if not compiled.notifications:
        return {}
    rules: dict[str, Any] = {}
    for n in compiled.notifications:
        component = RepositoryNotifications(n.spec.name, notification_args(n, compiled, keys))
        rules.update({name: rule.arn for name, rule in component.rules.items()})
    outputs: dict[str, Any] = {
        "notificationTopicArns": sorted(n.topic_arn for n in compiled.notifications),
        "notificationRuleArns": rules,
    }
    to_add = {n.topic_arn: n.topic_policy.parsed()["Statement"][0] for n in compiled.notifications if not n.spec.sets_policy}
    keys = {n.topic_arn: n.key_policy.parsed()["Statement"][0] for n in compiled.notifications if n.key_policy is not None}
    if to_add:
        outputs["notificationTopicPolicyStatements"] = to_add
    if keys:
        outputs["notificationKeyPolicyStatements"] = keys
    return outputs
