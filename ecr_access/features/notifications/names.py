"""What the names and ARNs of notifications must be: one check each, used by the config section and by the component.

Each check returns why a value is refused (in the user's words) or None. EventBridge rule names follow botocore
`events` `RuleName`; SNS topic names follow the CreateTopic documentation (botocore's model has no pattern for them).
"""

from __future__ import annotations

import re

from ecr_access.config.constraints import shape
from ecr_access.config.errors import other_partition
from ecr_access.features.notifications.patterns import SEVERITIES
from ecr_access.iam.arns import Registry

# The EventBridge rules a notification rule `<name>` becomes.
FINDINGS_SUFFIX = "-findings"
PUSHES_SUFFIX = "-pushes"
RULE_NAME_MAX = shape("events", "RuleName").max - max(len(FINDINGS_SUFFIX), len(PUSHES_SUFFIX))  # type: ignore[operator]
# A rule's scan type (the API shape and what it is called), and what a rule must name.
SCAN_TYPE = ("ecr", "ScanType", "a scan type (BASIC or ENHANCED)")
NO_TARGET = "needs repositories or namespaces to watch"
NOTHING_NOTIFIED = "notifies of nothing: set findings (a severity) or pushes: true"
_TOPIC_NAME = re.compile(r"[A-Za-z0-9_-]{1,256}", re.ASCII)
_TOPIC_ARN = re.compile(r"arn:(aws[a-z-]*):sns:([a-z0-9-]+):([0-9]{12}):(.+)", re.ASCII)
_KEY_ARN = re.compile(r"arn:(aws[a-z-]*):kms:([a-z0-9-]+):([0-9]{12}):(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)", re.ASCII)


def rule_name_problem(name: str) -> str | None:
    """Why `name` cannot name a notification rule (it becomes `<name>-findings` and `<name>-pushes`)."""
    if shape("events", "RuleName").problem(name) or len(name) > RULE_NAME_MAX:
        return (f"must be 1-{RULE_NAME_MAX} ASCII letters, digits and . - _: the stack names its EventBridge rules "
                f"<name>{FINDINGS_SUFFIX} and <name>{PUSHES_SUFFIX}, at most 64 characters")
    return None


def severity_problem(value: str) -> str | None:
    """Why `value` is not a severity threshold (botocore ECR `FindingSeverity`, UNDEFINED has no rank)."""
    if value == "UNDEFINED":
        return "has no rank to be at or above; use one of " + ", ".join(SEVERITIES)
    if shape("ecr", "FindingSeverity").problem(value) or value not in SEVERITIES:
        return "must be one of " + ", ".join(SEVERITIES)
    return None


def topic_name_problem(name: str) -> str | None:
    """Why `name` cannot name an SNS topic EventBridge delivers to."""
    if name.endswith(".fifo"):
        return "is a FIFO topic name: EventBridge needs a message group for each event there; use a standard topic"
    if not _TOPIC_NAME.fullmatch(name):
        return "must be 1-256 ASCII letters, digits, _ and - (an SNS topic name)"
    return None


def topic_arn_problem(arn: str, registry: Registry) -> str | None:
    """Why `arn` is not an SNS topic EventBridge rules of this registry's account and region can deliver to."""
    match = _TOPIC_ARN.fullmatch(arn)
    if not match:
        return f"must be an SNS topic ARN: arn:{registry.partition}:sns:{registry.region}:{registry.account}:<topic name>"
    partition, region, account, name = match.groups()
    if partition != registry.partition:
        return other_partition(partition, registry.partition)
    if region != registry.region:
        return f"is a topic in {region}: EventBridge rules deliver to SNS topics of their own region, {registry.region}"
    if account != registry.account:
        return (f"is a topic of account {account}: the stack's rules deliver only to topics of its own account "
                f"{registry.account} (another account's topic needs a delivery role this stack does not make)")
    return topic_name_problem(name)


def kms_key_problem(arn: str, registry: Registry) -> str | None:
    """Why `arn` cannot encrypt a topic EventBridge publishes to: a customer managed key of the registry's region."""
    match = _KEY_ARN.fullmatch(arn)
    if not match:
        return f"must be a KMS key or alias ARN: arn:{registry.partition}:kms:{registry.region}:<account>:key/<key id>"
    partition, region, _, key = match.groups()
    if key.startswith("alias/aws/"):
        return ("is an AWS managed key: its policy cannot let EventBridge use it, so every delivery would fail; use a "
                "customer managed key")
    if partition != registry.partition:
        return other_partition(partition, registry.partition)
    if region != registry.region:
        return f"is in {region}, but the topic is in {registry.region} and needs a key of its own region"
    return None
