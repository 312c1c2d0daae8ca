"""Every bad `ecr-access:notifications` input is refused with one error naming its config path and the value written,
before anything is registered (the table of tests/test_bad_input.py, for this section)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from ecr_access.features.notifications.config import NotificationConfig, NotificationRuleConfig
from tests.helpers.bad_input import NO_VALUE, assert_refused_once, raw, refusal, run_program
from tests.helpers.stacks import ROOT

ACCOUNT = "123456789012"
KEY = "ecr-access:notifications"
N0 = f"{KEY}[0]"
R0 = f"{N0}.rules[0]"
TOPIC_ARN = f"arn:aws:sns:us-east-1:{ACCOUNT}:platform-alerts"
CMK = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
REPOSITORIES = [{"name": "team-a/api"}, {"name": "web"}]


def notify(*entries: dict[str, Any], **more: Any) -> dict[str, Any]:
    """Two repositories and the given notifications entries."""
    return {"repositories": REPOSITORIES, "notifications": list(entries), **more}


def topic(rule: dict[str, Any] | None = None, **entry: Any) -> dict[str, Any]:
    """An entry creating topic `alerts` with one rule (HIGH findings in team-a unless given)."""
    return {"topic": "alerts", "rules": [rule or {"name": "team-a", "namespaces": ["team-a"], "findings": "HIGH"}], **entry}


def rule(**keys: Any) -> dict[str, Any]:
    """One entry with one rule named `r1` of the given keys."""
    return topic({"name": "r1", **keys})


# (id, ecr-access config, stack, config path, bad value, message)
CASES = [
    ("severity-unknown", notify(rule(repositories="web", findings="SEVERE")), "dev", f"{R0}.findings", "SEVERE",
     "must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL"),
    ("severity-undefined", notify(rule(repositories="web", findings="UNDEFINED")), "dev", f"{R0}.findings", "UNDEFINED",
     "has no rank to be at or above; use one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL"),
    ("severity-lowercase", notify(rule(repositories="web", findings="high")), "dev", f"{R0}.findings", "high",
     "must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL"),
    ("topic-fifo", notify(topic(topic="alerts.fifo")), "dev", f"{N0}.topic", "alerts.fifo",
     "is a FIFO topic name: EventBridge needs a message group for each event there; use a standard topic"),
    ("topic-name-space", notify(topic(topic="my alerts")), "dev", f"{N0}.topic", "my alerts",
     "must be 1-256 ASCII letters, digits, _ and - (an SNS topic name)"),
    ("topic-and-arn", notify(topic(topicArn=TOPIC_ARN)), "dev", N0, NO_VALUE,
     "needs exactly one of topic (a topic the stack creates) or topicArn (an existing topic)"),
    ("topic-neither", notify({"rules": [{"name": "r1", "repositories": "web", "pushes": True}]}), "dev", N0, NO_VALUE,
     "needs exactly one of topic (a topic the stack creates) or topicArn (an existing topic)"),
    ("topic-arn-other-region", notify({"topicArn": f"arn:aws:sns:eu-west-1:{ACCOUNT}:alerts", "rules": [{"name": "r1", "repositories": "web", "pushes": True}]}),
     "dev", f"{N0}.topicArn", f"arn:aws:sns:eu-west-1:{ACCOUNT}:alerts",
     "is a topic in eu-west-1: EventBridge rules deliver to SNS topics of their own region, us-east-1"),
    ("topic-arn-other-account", notify({"topicArn": "arn:aws:sns:us-east-1:210987654321:alerts", "rules": [{"name": "r1", "repositories": "web", "pushes": True}]}),
     "dev", f"{N0}.topicArn", "arn:aws:sns:us-east-1:210987654321:alerts",
     "is a topic of account 210987654321: the stack's rules deliver only to topics of its own account 123456789012 "
     "(another account's topic needs a delivery role this stack does not make)"),
    ("topic-arn-other-partition", notify({"topicArn": f"arn:aws-cn:sns:us-east-1:{ACCOUNT}:alerts", "rules": [{"name": "r1", "repositories": "web", "pushes": True}]}),
     "dev", f"{N0}.topicArn", f"arn:aws-cn:sns:us-east-1:{ACCOUNT}:alerts",
     "is an ARN of partition aws-cn, but aws:region puts this stack in partition aws"),
    ("topic-arn-not-sns", notify({"topicArn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:alerts", "rules": [{"name": "r1", "repositories": "web", "pushes": True}]}),
     "dev", f"{N0}.topicArn", f"arn:aws:sqs:us-east-1:{ACCOUNT}:alerts",
     f"must be an SNS topic ARN: arn:aws:sns:us-east-1:{ACCOUNT}:<topic name>"),
    ("manage-policy-on-created-topic", notify(topic(managePolicy=True)), "dev", f"{N0}.managePolicy", True,
     "applies to an existing topic (topicArn) only; the stack always sets the policy of a topic it creates"),
    ("kms-key-on-existing-topic", notify({"topicArn": TOPIC_ARN, "kmsKey": CMK, "rules": [{"name": "r1", "repositories": "web", "pushes": True}]}),
     "dev", f"{N0}.kmsKey", CMK, "applies to a topic the stack creates; an existing topic keeps its own encryption"),
    ("kms-key-aws-managed", notify(topic(kmsKey=f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/aws/sns")), "dev", f"{N0}.kmsKey",
     f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/aws/sns",
     "is an AWS managed key: its policy cannot let EventBridge use it, so every delivery would fail; use a customer managed key"),
    ("kms-key-other-region", notify(topic(kmsKey=CMK.replace("us-east-1", "eu-west-1"))), "dev", f"{N0}.kmsKey",
     CMK.replace("us-east-1", "eu-west-1"), "is in eu-west-1, but the topic is in us-east-1 and needs a key of its own region"),
    ("kms-key-not-an-arn", notify(topic(kmsKey="alias/ecr-alerts")), "dev", f"{N0}.kmsKey", "alias/ecr-alerts",
     "must be a KMS key or alias ARN: arn:aws:kms:us-east-1:<account>:key/<key id>"),
    ("rule-name-too-long", notify(topic({"name": "r" * 56, "repositories": "web", "pushes": True})), "dev", f"{R0}.name", "r" * 56,
     "must be 1-55 ASCII letters, digits and . - _: the stack names its EventBridge rules <name>-findings and "
     "<name>-pushes, at most 64 characters"),
    ("rule-name-slash", notify(topic({"name": "team-a/api", "repositories": "web", "pushes": True})), "dev", f"{R0}.name",
     "team-a/api", "must be 1-55 ASCII letters, digits and . - _"),
    ("rule-without-target", notify(rule(findings="HIGH")), "dev", R0, NO_VALUE, "needs repositories or namespaces to watch"),
    ("rule-without-events", notify(rule(repositories="web")), "dev", R0, NO_VALUE,
     "notifies of nothing: set findings (a severity) or pushes: true"),
    ("scan-type-without-findings", notify(rule(repositories="web", pushes=True, scanType="ENHANCED")), "dev", f"{R0}.scanType",
     "ENHANCED", "applies to findings only; set findings or leave scanType out"),
    ("scan-type-unknown", notify(rule(repositories="web", findings="HIGH", scanType="DEEP")), "dev", f"{R0}.scanType", "DEEP",
     "is not a scan type (BASIC or ENHANCED): must be one of BASIC, ENHANCED"),
    ("scan-type-other-than-the-registry", notify(rule(repositories="web", findings="HIGH", scanType="BASIC"),
                                                scanning={"scanType": "ENHANCED", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["*"]}]}),
     "dev", f"{R0}.scanType", "BASIC",
     "differs from ecr-access:scanning.scanType (ENHANCED): the registry sends no BASIC findings; leave scanType out"),
    ("repository-undeclared", notify(rule(repositories=["web", "wbe"], pushes=True)), "dev", f"{R0}.repositories[1]", "wbe",
     "is not declared in ecr-access:repositories (name its namespace to cover repositories made elsewhere)"),
    ("namespace-unknown", notify(rule(namespaces=["team-a", "team-z/*"], pushes=True)), "dev", f"{R0}.namespaces[1]", "team-z/*",
     "is not a namespace of this stack: no team namespace, pull-through cache prefix or declared repository lies in it"),
    ("namespace-bad-name", notify(rule(namespaces="Team A", pushes=True)), "dev", f"{R0}.namespaces", "Team A",
     "is not a valid ECR repository name"),
    ("rule-name-twice", notify(topic(), {"topic": "other", "rules": [{"name": "team-a", "repositories": "web", "pushes": True}]}),
     "dev", f"{KEY}[1].rules[0].name", "team-a",
     "is the name of ecr-access:notifications[0].rules[0] too: EventBridge rule names are unique in the account and region"),
    ("topic-twice", notify(topic(), {"topicArn": f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts",
                                     "rules": [{"name": "r2", "repositories": "web", "pushes": True}]}),
     "dev", f"{KEY}[1].topicArn", f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts",
     "is the topic of ecr-access:notifications[0] too; put both entries' rules in one entry"),
    ("rules-empty", notify({"topic": "alerts", "rules": []}), "dev", f"{N0}.rules", [], "should have at least 1 item"),
    ("rule-key-misspelt", notify(rule(repositories="web", findigns="HIGH")), "dev", f"{R0}.findigns", NO_VALUE,
     "did you mean 'findings'?"),
    ("pushes-not-bool", notify(rule(repositories="web", pushes="yes")), "dev", f"{R0}.pushes", "yes", "true or false"),
    # Findings of repositories nothing scans would never come: the rule could never fire.
    ("findings-of-a-repository-not-scanned-on-push", {"repositories": [{"name": "web", "scanOnPush": False}],
                                                      "notifications": [rule(repositories="web", findings="HIGH")]},
     "dev", f"{R0}.repositories", "web",
     "is never scanned: its scanOnPush is false and ecr-access:scanning is not set, so no findings of it would come; "
     "set scanOnPush: true on it (or have ecr-access:scanning scan it), or name it only in rules without findings"),
    ("findings-of-a-repository-basic-scanning-skips", notify(rule(repositories=["team-a/api", "web"], findings="HIGH"),
                                                           scanning={"scanType": "BASIC", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["team-a/*"]}]}),
     "dev", f"{R0}.repositories[1]", "web",
     "is never scanned: no rule of ecr-access:scanning (BASIC) matches it, and that configuration replaces the "
     "repositories' own scanOnPush, so no findings of it would come; add a filter matching it to a scanning rule, or "
     "name it only in rules without findings"),
    ("findings-of-a-repository-enhanced-scanning-skips", notify(rule(repositories="web", findings="HIGH"),
                                                              scanning={"scanType": "ENHANCED", "rules": [{"frequency": "CONTINUOUS_SCAN", "filters": ["team-*"]}]}),
     "dev", f"{R0}.repositories", "web",
     "is never scanned: no rule of ecr-access:scanning (ENHANCED) matches it"),
    ("findings-of-a-namespace-scanning-skips", notify(rule(namespaces=["team-a"], findings="HIGH"),
                                                    scanning={"scanType": "BASIC", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["web", "team-b/*"]}]}),
     "dev", f"{R0}.namespaces[0]", "team-a",
     "is never scanned: no rule of ecr-access:scanning (BASIC) matches a repository under team-a/, and that "
     "configuration replaces the repositories' own scanOnPush, so no findings of it would come; add a filter matching "
     "them (team-a/*) to a scanning rule, or name it only in rules without findings"),
    ("pattern-too-long", {"repositories": [{"name": f"service-{i:03d}"} for i in range(140)],
                          "notifications": [rule(repositories=[f"service-{i:03d}" for i in range(140)], pushes=True)]},
     "dev", R0, "r1",
     "makes a pushes event pattern of 2119 characters; EventBridge takes at most 2048: name namespaces instead of "
     "their repositories, or split the rule"),
]


def test_the_table_is_distinct():
    assert len({c[0] for c in CASES}) == len(CASES) >= 30


@pytest.mark.parametrize("config, stack, path, value, text", [c[1:6] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_notifications_are_refused_at_their_path_with_their_value(config, stack, path, value, text):
    assert_refused_once(refusal(raw(config), stack), path, value, text)


def test_a_bad_notification_stops_the_program_before_anything_is_registered():
    config, stack, path, value, text = next(c[1:6] for c in CASES if c[0] == "kms-key-aws-managed")
    errors, result = run_program(raw(config), stack)
    assert result.registrations == [] and len(errors) == 1
    assert_refused_once(errors[0], path, value, text)


def test_every_key_of_the_section_is_documented_in_its_guide():
    guide = (ROOT / "docs" / "guides" / "notifications.md").read_text()
    keys = [f.alias for model in (NotificationConfig, NotificationRuleConfig) for f in model.model_fields.values()]
    assert len(keys) == 12 and [k for k in keys if f"`{k}`" not in guide] == []
    assert "`ecr-access:notifications`" in guide


def test_the_guides_examples_name_rules_whose_eventbridge_rules_read_once():
    # A rule `<name>` becomes `<name>-findings` and `<name>-pushes`: an example named `x-pushes` would show `x-pushes-pushes`.
    guide = (ROOT / "docs" / "guides" / "notifications.md").read_text()
    blocks = [yaml.safe_load(b.split("```", 1)[0]) for b in guide.split("```yaml\n")[1:]]
    names = [r["name"] for b in blocks for e in b.get(KEY, ()) for r in e["rules"]]
    assert names and [n for n in names if n.endswith(("-findings", "-pushes"))] == []


def test_a_topic_naming_an_undeclared_key_is_refused_with_the_declared_ones():
    config = notify(topic(kmsKey="ecr-prd"), kmsKeys=[{"name": "ecr-prod"}])
    assert_refused_once(refusal(raw(config), "dev"), f"{N0}.kmsKey", "ecr-prd",
                        "must be a KMS key or alias ARN: arn:aws:kms:us-east-1:<account>:key/<key id>, or the name of a "
                        "key of ecr-access:kmsKeys (declared: ecr-prod)")
