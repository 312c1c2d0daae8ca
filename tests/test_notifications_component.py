"""RepositoryNotifications, from the stack config and from code: the topic, one EventBridge rule per event kind with the
topic as target, and the topic policy, with their inputs, parents and dependencies (each target waits for the policy)
in the offline plan; an existing topic's policy left alone unless managed; bad arguments refused all at once."""

from __future__ import annotations

import json

import pytest

from ecr_access import (
    EcrRepository,
    EcrRepositoryArgs,
    InvalidArgs,
    NotificationRule,
    Registry,
    RepositoryNotifications,
    RepositoryNotificationsArgs,
    TeamNamespace,
)
from ecr_access.plan.render import to_json_object
from ecr_access.plan.runner import run_stack
from ecr_access.report.changes import resource_changes
from tests.helpers.stacks import REGISTRY, base_config, by_type, register

ACCOUNT = REGISTRY.account
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:ecr-alerts"
EXISTING = f"arn:aws:sns:us-east-1:{ACCOUNT}:platform-alerts"
CMK = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
COMPONENT = "ecr-access:notifications:RepositoryNotifications"
RULE, TARGET = "aws:cloudwatch/eventRule:EventRule", "aws:cloudwatch/eventTarget:EventTarget"
TOPIC_TYPE, POLICY = "aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy"
PUBLIC = Registry.of(REGISTRY.region, ACCOUNT)


def config(*entries: dict) -> dict[str, str]:
    return base_config(repositories=[{"name": "team-a/api"}, {"name": "web"}], notifications=list(entries))


CREATED = {"topic": "ecr-alerts", "kmsKey": CMK, "tags": {"team": "platform"},
           "rules": [{"name": "team-a", "namespaces": "team-a", "findings": "HIGH", "pushes": True}]}


def resources(plan: dict, type_: str) -> list[dict]:
    return [r for r in plan["resources"] if r["type"] == type_]


@pytest.fixture(scope="module")
def prod_plan() -> dict:
    return to_json_object(run_stack("prod", config=config(CREATED)))


def test_the_topic_its_policy_and_a_rule_per_event_kind_are_registered_under_the_component(prod_plan):
    (component,) = resources(prod_plan, COMPONENT)
    assert component["name"] == "ecr-alerts" and component["parent"] is None
    (topic,) = resources(prod_plan, TOPIC_TYPE)
    (policy,) = resources(prod_plan, POLICY)
    rules, targets = resources(prod_plan, RULE), resources(prod_plan, TARGET)
    assert all(r["parentUrn"] == component["urn"] for r in [topic, policy, *rules, *targets])
    assert topic["inputs"] == {"name": "ecr-alerts", "kmsMasterKeyId": CMK, "tags": {"team": "platform"}}
    assert policy["inputs"]["arn"] == TOPIC
    assert policy["inputs"]["policy"]["Statement"][0]["Condition"] == {"ArnEquals": {"aws:SourceArn": [
        f"arn:aws:events:us-east-1:{ACCOUNT}:rule/team-a-findings", f"arn:aws:events:us-east-1:{ACCOUNT}:rule/team-a-pushes"]}}
    assert [r["name"] for r in rules] == ["ecr-alerts-team-a-findings", "ecr-alerts-team-a-pushes"]
    findings, pushes = rules
    assert {k: v for k, v in findings["inputs"].items() if k != "eventPattern"} == {
        "name": "team-a-findings", "state": "ENABLED", "tags": {"team": "platform"},
        "description": "Image scan findings at or above HIGH to SNS topic ecr-alerts (ecr-access)",
    }
    assert pushes["inputs"]["eventPattern"]["detail"]["repository-name"] == [{"prefix": "team-a/"}]
    assert [t["inputs"] for t in targets] == [
        {"rule": "team-a-findings", "arn": TOPIC, "targetId": "sns-topic"},
        {"rule": "team-a-pushes", "arn": TOPIC, "targetId": "sns-topic"},
    ]


def test_each_target_waits_for_the_topic_policy_and_the_topic_is_protected_outside_dev(prod_plan):
    (topic,) = resources(prod_plan, TOPIC_TYPE)
    (policy,) = resources(prod_plan, POLICY)
    for target, rule in zip(resources(prod_plan, TARGET), resources(prod_plan, RULE)):
        assert set(target["options"]["dependsOn"]) == {policy["urn"], topic["urn"], rule["urn"]}
    assert topic["options"]["protect"] is True
    assert not any(r["options"]["protect"] for r in [policy, *resources(prod_plan, RULE), *resources(prod_plan, TARGET)])
    dev = to_json_object(run_stack("dev", config=config(CREATED)))
    assert resources(dev, TOPIC_TYPE)[0]["options"]["protect"] is False


def test_the_outputs_name_topics_and_rules_by_their_aws_arns(prod_plan):
    outputs = prod_plan["outputs"]
    assert outputs["notificationTopicArns"] == [TOPIC]
    assert outputs["notificationRuleArns"] == {
        "team-a-findings": f"arn:aws:events:us-east-1:{ACCOUNT}:rule/team-a-findings",
        "team-a-pushes": f"arn:aws:events:us-east-1:{ACCOUNT}:rule/team-a-pushes",
    }
    assert list(outputs["notificationKeyPolicyStatements"]) == [TOPIC]
    assert "notificationTopicPolicyStatements" not in outputs


def test_an_existing_topics_policy_is_left_alone_and_its_statement_exported():
    existing = {"topicArn": EXISTING, "rules": [{"name": "releases", "repositories": "web", "pushes": True}]}
    plan = to_json_object(run_stack("dev", config=config(existing)))
    assert resources(plan, TOPIC_TYPE) == [] and resources(plan, POLICY) == []
    (rule,) = resources(plan, RULE)
    (target,) = resources(plan, TARGET)
    assert target["inputs"]["arn"] == EXISTING and target["options"]["dependsOn"] == [rule["urn"]]
    statement = plan["outputs"]["notificationTopicPolicyStatements"][EXISTING]
    assert statement["Resource"] == EXISTING and statement["Principal"] == {"Service": "events.amazonaws.com"}


def test_a_managed_existing_topic_gets_the_generated_policy_before_its_targets():
    managed = {"topicArn": EXISTING, "managePolicy": True, "rules": [{"name": "releases", "repositories": "web", "pushes": True}]}
    plan = to_json_object(run_stack("dev", config=config(managed)))
    (policy,) = resources(plan, POLICY)
    (target,) = resources(plan, TARGET)
    assert policy["inputs"]["arn"] == EXISTING and policy["urn"] in target["options"]["dependsOn"]
    assert "notificationTopicPolicyStatements" not in plan["outputs"]


def test_a_stack_without_notifications_registers_none_of_their_resources():
    plan = to_json_object(run_stack("dev", config=config()))
    assert not [r for r in plan["resources"] if r["type"] in (COMPONENT, RULE, TARGET, TOPIC_TYPE, POLICY)]
    assert not [k for k in plan["outputs"] if k.startswith("notification")]


def test_the_component_takes_repository_and_namespace_components_from_code():
    made = {}

    def body():
        web = EcrRepository("web", EcrRepositoryArgs(name="web", protect=False))
        team = TeamNamespace("team-b")
        made["n"] = RepositoryNotifications("alerts", RepositoryNotificationsArgs(
            registry=PUBLIC, topic_name="alerts", protect=False,
            rules=[NotificationRule("web", repositories=[web], namespaces=[team], findings="CRITICAL", scan_type="ENHANCED")],
        ))

    result = register(body)
    (rule,) = by_type(result, RULE)
    image = json.loads(rule.inputs["eventPattern"])["detail"]["resources"]["details"]["awsEcrContainerImage"]
    assert image == {"registry": [ACCOUNT], "repositoryName": ["web", {"prefix": "team-b/"}]}
    assert made["n"].compiled.topic_arn == f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts"
    (component,) = by_type(result, COMPONENT)
    assert result.component_outputs[component.urn]["topic_arn"] == f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts"
    assert result.component_outputs[component.urn]["policy_managed"] is True


def test_bad_arguments_are_refused_all_at_once_before_anything_is_registered():
    def body():
        RepositoryNotifications("bad", RepositoryNotificationsArgs(
            registry=PUBLIC, topic_name="alerts", kms_key=f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/aws/sns",
            rules=[NotificationRule("a/b", repositories=["web"], findings="SEVERE"),
                   NotificationRule("ok", namespaces=["team-a"], scan_type="DEEP")],
        ))

    with pytest.raises(InvalidArgs) as err:
        body()
    assert str(err.value).splitlines()[1:] == [
        "  RepositoryNotificationsArgs.kms_key: is an AWS managed key: its policy cannot let EventBridge use it, so every "
        f'delivery would fail; use a customer managed key (got "arn:aws:kms:us-east-1:{ACCOUNT}:alias/aws/sns")',
        "  RepositoryNotificationsArgs.rules[0].name: must be 1-55 ASCII letters, digits and . - _: the stack names its "
        'EventBridge rules <name>-findings and <name>-pushes, at most 64 characters (got "a/b")',
        "  RepositoryNotificationsArgs.rules[0].findings: must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL "
        '(got "SEVERE")',
        "  RepositoryNotificationsArgs.rules[1]: notifies of nothing: set findings (a severity) or pushes: true",
        '  RepositoryNotificationsArgs.rules[1].scan_type: is not a scan type (BASIC or ENHANCED): must be one of BASIC, '
        'ENHANCED (got "DEEP")',
    ]
    assert register(lambda: pytest.raises(InvalidArgs, body)).registrations == []


def test_the_plan_diff_shows_a_new_threshold_as_rules_updated_in_place(prod_plan):
    stricter = {**CREATED, "rules": [{**CREATED["rules"][0], "findings": "CRITICAL"}]}
    changes = resource_changes(prod_plan, to_json_object(run_stack("prod", config=config(stricter))))
    assert [(c.change, c.type, c.name, c.detail) for c in changes] == [
        ("updated", RULE, "ecr-alerts-team-a-findings", "changed: description, eventPattern")]
    renamed = {**CREATED, "rules": [{**CREATED["rules"][0], "name": "team-a-images"}]}
    changes = resource_changes(prod_plan, to_json_object(run_stack("prod", config=config(renamed))))
    assert {(c.change, c.type) for c in changes} >= {("added", RULE), ("removed", RULE), ("updated", POLICY)}
