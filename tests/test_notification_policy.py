"""The topic policy of notifications is least privilege - only EventBridge, only sns:Publish, only on the topic, only for
the stack's own rules - exactly; so is the key policy statement of an encrypted topic; parliament finds nothing in
either; and the validator keeps topic and key policies to their own service."""

from __future__ import annotations

import json

import pytest

from ecr_access.iam.document import PolicyDocument, Statement
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.principals import Principals
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import render_validated
from ecr_access.plan.render import to_json_object
from ecr_access.plan.runner import run_stack
from tests.helpers.parliament import documents, lint
from tests.helpers.registry import compiled
from tests.helpers.stacks import base_config

ACCOUNT = "123456789012"
CMK = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
EXISTING = f"arn:aws:sns:us-east-1:{ACCOUNT}:platform-alerts"
CONFIG = base_config(
    repositories=[{"name": "team-a/api"}, {"name": "web"}],
    notifications=[
        {"topic": "ecr-alerts", "kmsKey": CMK, "rules": [
            {"name": "team-a", "namespaces": "team-a", "findings": "HIGH", "pushes": True},
            {"name": "web", "repositories": "web", "findings": "CRITICAL"},
        ]},
        {"topicArn": EXISTING, "rules": [{"name": "releases", "repositories": "web", "pushes": True}]},
    ],
)


def rule(name: str) -> str:
    return f"arn:aws:events:us-east-1:{ACCOUNT}:rule/{name}"


def test_the_created_topics_policy_lets_only_this_stacks_rules_publish():
    created, _ = compiled(CONFIG).notifications
    assert created.topic_policy.json == json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "EcrEventRulesPublish",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sns:Publish",
        "Resource": f"arn:aws:sns:us-east-1:{ACCOUNT}:ecr-alerts",
        "Condition": {"ArnEquals": {"aws:SourceArn": [rule("team-a-findings"), rule("team-a-pushes"), rule("web-findings")]}},
    }]}, separators=(",", ":"))
    assert created.topic_policy.kind is DocumentKind.TOPIC and created.spec.sets_policy


def test_an_existing_topics_statement_names_its_own_rules_and_is_left_for_its_owner():
    _, existing = compiled(CONFIG).notifications
    assert not existing.spec.sets_policy
    assert existing.topic_policy.parsed()["Statement"] == [{
        "Sid": "EcrEventRulesPublish",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sns:Publish",
        "Resource": EXISTING,
        "Condition": {"ArnEquals": {"aws:SourceArn": rule("releases-pushes")}},
    }]


def test_the_key_statement_lets_eventbridge_use_the_key_for_this_topic_only():
    created, existing = compiled(CONFIG).notifications
    assert existing.key_policy is None
    assert created.key_policy is not None and created.key_policy.kind is DocumentKind.KEY
    assert created.key_policy.parsed()["Statement"] == [{
        "Sid": "EcrEventRulesUseTopicKey",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "*",
        "Condition": {"StringEquals": {"kms:EncryptionContext:aws:sns:topicArn": f"arn:aws:sns:us-east-1:{ACCOUNT}:ecr-alerts"}},
    }]


def test_topic_and_key_policies_read_back_into_the_same_documents_and_only_applied_ones_count_as_the_stacks():
    stack = compiled(CONFIG)
    created, existing = stack.notifications
    assert created.topic_policy in stack.documents() and existing.topic_policy not in stack.documents()
    for rendered in (created.topic_policy, existing.topic_policy, created.key_policy):
        assert rendered is not None and PolicyDocument.from_json(rendered.json).to_json() == rendered.json


def test_parliament_finds_nothing_in_the_topic_policy_and_the_exported_statements():
    plan = to_json_object(run_stack("dev", config=CONFIG))
    found = [(label, doc) for label, doc in documents(plan) if "topic" in label or "key" in label]
    assert [label for label, _ in found] == [
        f"topic policy of arn:aws:sns:us-east-1:{ACCOUNT}:ecr-alerts",
        f"statement to add to the policy of topic {EXISTING}",
        f"statement to add to the policy of key {CMK}",
    ]
    assert [(label, f.issue, f.detail) for label, doc in found for f in lint(doc)[0]] == []
    assert [s.issue for _, doc in found for _, s in lint(doc)[1]] == []


def _document(kind: DocumentKind, action: str, resource: str) -> None:
    statement = Statement(sid="S", principal=Principals.of_service("events.amazonaws.com"), actions=(action,), resources=(resource,))
    render_validated(PolicyDocument((statement,)), kind, "under test")


@pytest.mark.parametrize("kind, action, resource, message", [
    (DocumentKind.TOPIC, "ecr:ListImages", f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/web",
     "ecr:ListImages is not a sns: action and has no effect in an SNS topic policy"),
    (DocumentKind.TOPIC, "sns:Publish", "*", None),
    (DocumentKind.KEY, "sns:Publish", "*", "sns:Publish is not a kms: action and has no effect in a KMS key policy"),
    (DocumentKind.KEY, "kms:Decrypt", "*", None),
])
def test_a_topic_or_key_policy_takes_actions_of_its_own_service_only(kind, action, resource, message):
    if message is None:
        _document(kind, action, resource)
        return
    with pytest.raises(PolicyError, match=message):
        _document(kind, action, resource)


def test_a_topic_policy_statement_must_name_its_principal():
    with pytest.raises(PolicyError, match="a SNS topic policy statement must name a Principal"):
        render_validated(PolicyDocument((Statement(actions=("sns:Publish",), resources=("*",)),)), DocumentKind.TOPIC, "t")
