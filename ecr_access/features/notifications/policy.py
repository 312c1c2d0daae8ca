"""The topic policy that lets this stack's EventBridge rules publish, and the key policy statement an encrypted topic
needs: least privilege, built and validated like every other document.

EventBridge delivers to an SNS topic as the service principal `events.amazonaws.com`, authorized by the topic's
policy (no role). The statement allows only `sns:Publish`, only on the topic, only for the rules of this stack
(`ArnEquals aws:SourceArn`, their ARNs computed from their names): another account's or another stack's rule cannot
publish through it.

A topic encrypted with a customer managed key also needs EventBridge allowed `kms:GenerateDataKey*` and `kms:Decrypt`
on the key (SNS developer guide, "Enable compatibility between event sources from AWS services and encrypted topics").
The same guide says `aws:SourceAccount`, `aws:SourceArn` and `aws:SourceOrgID` are not supported in that key policy
statement for EventBridge-to-encrypted topics, so it is scoped by the encryption context SNS encrypts a topic's messages
with (`kms:EncryptionContext:aws:sns:topicArn`): the topics named, and no other. The AWS managed key `alias/aws/sns`
cannot be used: its policy cannot be changed. A key the stack creates holds the statement in its own policy
(features/keys/policy.py); for another key it is exported for the key's owner to add.
"""

from __future__ import annotations

from collections.abc import Sequence

from ecr_access.iam.document import Condition, PolicyDocument, Statement
from ecr_access.iam.principals import Principals
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import RenderedPolicy, render_validated

EVENTS = "events.amazonaws.com"
TOPIC_SID = "EcrEventRulesPublish"
KEY_SID = "EcrEventRulesUseTopicKey"
PUBLISH = "sns:Publish"
TOPIC_CONTEXT = "kms:EncryptionContext:aws:sns:topicArn"
KEY_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey*")


def topic_statement(topic_arn: str, rule_arns: Sequence[str]) -> Statement:
    """EventBridge may publish to the topic, for these rules only."""
    return Statement(
        sid=TOPIC_SID,
        principal=Principals.of_service(EVENTS),
        actions=(PUBLISH,),
        resources=(topic_arn,),
        conditions=(Condition("ArnEquals", "aws:SourceArn", tuple(rule_arns)),),
    )


def topic_policy(topic_arn: str, rule_arns: Sequence[str], label: str) -> RenderedPolicy:
    """The topic's whole policy (one statement), validated and inside the SNS quota."""
    return render_validated(PolicyDocument((topic_statement(topic_arn, rule_arns),)), DocumentKind.TOPIC, label)


def key_statement(topic_arns: Sequence[str]) -> Statement:
    """EventBridge may use the key for these topics only (in a key policy `Resource "*"` is the key itself)."""
    return Statement(
        sid=KEY_SID,
        principal=Principals.of_service(EVENTS),
        actions=KEY_ACTIONS,
        resources=("*",),
        conditions=(Condition("StringEquals", TOPIC_CONTEXT, tuple(sorted(topic_arns))),),
    )


def key_policy(topic_arn: str, label: str) -> RenderedPolicy:
    """The statement to add to the policy of the customer managed key encrypting the topic, as a validated document."""
    return render_validated(PolicyDocument((key_statement((topic_arn,)),)), DocumentKind.KEY, label)
