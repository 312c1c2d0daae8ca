"""The topic policy that lets this stack's EventBridge rules publish, and the key policy statement an encrypted topic
needs: least privilege, built and validated like every other document.

EventBridge delivers to an SNS topic as the service principal `events.amazonaws.com`, authorized by the topic's
policy (no role). The statement allows only `sns:Publish`, only on the topic, only for the rules of this stack
(`ArnEquals aws:SourceArn`, their ARNs computed from their names): another account's or another stack's rule cannot
publish through it. A topic encrypted with a customer managed key also needs EventBridge allowed to use the key for
that topic only (`kms:EncryptionContext:aws:sns:topicArn`, the context SNS encrypts with); the AWS managed key
`alias/aws/sns` cannot be used, its policy cannot be changed (SNS developer guide, "Enable compatibility between event
sources from AWS services and encrypted topics").
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
KEY_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey")


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


def key_policy(topic_arn: str, label: str) -> RenderedPolicy:
    """The statement to add to the policy of the customer managed key encrypting the topic, as a validated document.

    In a key policy `Resource "*"` is the key itself.
    """
    statement = Statement(
        sid=KEY_SID,
        principal=Principals.of_service(EVENTS),
        actions=KEY_ACTIONS,
        resources=("*",),
        conditions=(Condition("StringEquals", "kms:EncryptionContext:aws:sns:topicArn", (topic_arn,)),),
    )
    return render_validated(PolicyDocument((statement,)), DocumentKind.KEY, label)
