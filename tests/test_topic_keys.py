"""A notification topic encrypted with a key the stack creates: named as repositories name it (or by its alias ARN), its
key policy lets EventBridge use it for those topics only (with provenance from the notification entries), and each
topic waits for the key. From code: a RepositoryKey names the topics it encrypts, and a RepositoryNotifications takes it."""

from __future__ import annotations

import json
from typing import Any

from ecr_access import (
    InvalidArgs,
    NotificationRule,
    Registry,
    RepositoryKey,
    RepositoryKeyArgs,
    RepositoryNotifications,
    RepositoryNotificationsArgs,
)
from ecr_access.plan.render import to_json_object
from ecr_access.plan.runner import run_stack
from tests.helpers.keys import FIXED, KEY, KEY_ARN
from tests.helpers.parliament import documents, lint
from tests.helpers.registry import compiled
from tests.helpers.stacks import REGISTRY, base_config, by_type, caught, register

ACCOUNT = REGISTRY.account
ALERTS = f"arn:aws:sns:us-east-1:{ACCOUNT}:ecr-alerts"
PUSHES = f"arn:aws:sns:us-east-1:{ACCOUNT}:ecr-pushes"
TOPIC = "aws:sns/topic:Topic"
CONFIG: dict[str, Any] = dict(
    kmsKeys=[{"name": "ecr-prod"}],
    repositories=[{"name": "team-a/payments"}],
    notifications=[
        {"topic": "ecr-pushes", "kmsKey": f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/ecr-prod",
         "rules": [{"name": "payments", "repositories": "team-a/payments", "pushes": True}]},
        {"topic": "ecr-alerts", "kmsKey": "ecr-prod",
         "rules": [{"name": "team-a", "namespaces": "team-a", "findings": "HIGH"}]},
    ],
)
EVENTS_STATEMENT = {
    "Sid": "EcrEventRulesUseTopicKey", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
    "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*",
    "Condition": {"StringEquals": {"kms:EncryptionContext:aws:sns:topicArn": [ALERTS, PUSHES]}},
}


def test_the_stack_keys_policy_lets_eventbridge_use_it_for_the_topics_it_encrypts_only():
    stack = compiled(base_config(**CONFIG), "prod")
    [key] = stack.keys
    assert json.loads(key.policy.json) == {"Version": "2012-10-17", "Statement": FIXED + [EVENTS_STATEMENT]}
    # Provenance: each topic from the entry that named the key.
    assert key.topics == ((PUSHES, "ecr-access:notifications[0].kmsKey"), (ALERTS, "ecr-access:notifications[1].kmsKey"))
    assert key.warning is None
    assert [n.key_policy for n in stack.notifications] == [None, None]


def test_each_topic_takes_the_keys_arn_and_waits_for_it_and_no_statement_is_left_to_add():
    result = run_stack("prod", config=base_config(**CONFIG))
    (key,) = by_type(result, KEY)
    topics = by_type(result, TOPIC)
    assert [t.inputs["kmsMasterKeyId"] for t in topics] == [KEY_ARN, KEY_ARN]
    assert all(key.urn in t.dependencies for t in topics)
    assert "notificationKeyPolicyStatements" not in result.outputs
    assert json.loads(key.inputs["policy"])["Statement"][-1] == EVENTS_STATEMENT


def test_the_key_policy_with_the_topic_statement_passes_parliament():
    plan = to_json_object(run_stack("prod", config=base_config(**CONFIG)))
    [(_, doc)] = [d for d in documents(plan) if d[0].startswith("key policy")]
    reported, _ = lint(doc)
    assert reported == []


def test_a_topic_with_a_key_of_its_own_still_gets_the_statement_to_add():
    cmk = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    config = {**CONFIG, "notifications": [{**CONFIG["notifications"][1], "kmsKey": cmk}]}
    stack = compiled(base_config(**config), "prod")
    assert stack.keys[0].topics == ()
    [topic] = stack.notifications
    assert topic.key_policy is not None and topic.key_policy.parsed()["Statement"] == [
        {**EVENTS_STATEMENT, "Condition": {"StringEquals": {"kms:EncryptionContext:aws:sns:topicArn": ALERTS}}}]


# From code.
PUBLIC = Registry.of(REGISTRY.region, ACCOUNT)
RULE = NotificationRule("team-a", namespaces=["team-a"], pushes=True)


def test_a_program_gives_a_topic_a_key_whose_policy_names_it():
    def program():
        key = RepositoryKey("alerts-key", RepositoryKeyArgs(registry=PUBLIC, topics=["ecr-alerts"]))
        RepositoryNotifications("alerts", RepositoryNotificationsArgs(
            registry=PUBLIC, topic_name="ecr-alerts", kms_key=key, rules=[RULE]))

    result = register(program)
    (key,) = by_type(result, KEY)
    (topic,) = by_type(result, TOPIC)
    assert json.loads(key.inputs["policy"])["Statement"][-1] == {
        **EVENTS_STATEMENT, "Condition": {"StringEquals": {"kms:EncryptionContext:aws:sns:topicArn": ALERTS}}}
    assert topic.inputs["kmsMasterKeyId"].startswith(f"arn:aws:kms:us-east-1:{ACCOUNT}:key/")
    assert key.urn in topic.dependencies


def test_a_key_whose_policy_does_not_name_the_topic_is_refused_before_the_topic_is_registered():
    def program():
        key = RepositoryKey("alerts-key", RepositoryKeyArgs(registry=PUBLIC, topics=["other"]))
        RepositoryNotifications("alerts", RepositoryNotificationsArgs(
            registry=PUBLIC, topic_name="ecr-alerts", kms_key=key, rules=[RULE]))

    def bad_key():
        RepositoryKey("k", RepositoryKeyArgs(registry=PUBLIC, topics=["arn:aws:sns:eu-west-1:123456789012:x", "a b"]))

    errors, result = caught(program, InvalidArgs)
    errors_key, key_result = caught(bad_key, InvalidArgs)
    assert by_type(result, TOPIC) == [] and [str(e) for e in errors] == [
        "invalid component arguments:\n  RepositoryNotificationsArgs.kms_key: the key's policy does not let EventBridge "
        f"use it for topic {ALERTS}: name ecr-alerts in its RepositoryKeyArgs.topics (got \"alias/alerts-key\")"]
    assert key_result.registrations == [] and [str(e) for e in errors_key] == [
        "invalid component arguments (2 problems):\n"
        "  RepositoryKeyArgs.topics[0]: is a topic in eu-west-1: EventBridge rules deliver to SNS topics of their own "
        "region, us-east-1 (got \"arn:aws:sns:eu-west-1:123456789012:x\")\n"
        "  RepositoryKeyArgs.topics[1]: must be 1-256 ASCII letters, digits, _ and - (an SNS topic name) (got \"a b\")"]
