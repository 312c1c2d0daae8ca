"""The event patterns of notification rules, exactly; and (through moto's EventBridge, which matches content filters
including `$or`, `numeric` and `prefix`) which of the events ECR documents they let through."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws
from moto.events.models import EventPattern

from ecr_access.config.constraints import shape
from ecr_access.features.notifications.patterns import SEVERITIES, at_or_above, findings_pattern, push_pattern, render
from ecr_access.iam.grants import Target
from tests.helpers.stacks import REGISTRY

ACCOUNT = REGISTRY.account
TARGET = Target(repositories=("web", "team-a/api"), namespaces=("team-b/*",))
DIGEST = "sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234"


def test_severities_rank_botocores_finding_severities_and_a_threshold_takes_those_at_or_above_it():
    assert tuple(s for s in shape("ecr", "FindingSeverity").enum if s != "UNDEFINED") == SEVERITIES
    assert at_or_above("HIGH") == ("CRITICAL", "HIGH")
    assert at_or_above("CRITICAL") == ("CRITICAL",)
    assert at_or_above("INFORMATIONAL") == ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL")


def test_basic_scan_findings_at_or_above_high_are_one_alternative_per_severity():
    assert render(findings_pattern(TARGET, "HIGH", "BASIC", ACCOUNT)) == (
        '{"source":["aws.ecr"],"detail-type":["ECR Image Scan"],"account":["123456789012"],'
        '"detail":{"scan-status":["COMPLETE"],"repository-name":["team-a/api","web",{"prefix":"team-b/"}],'
        '"$or":[{"finding-severity-counts":{"CRITICAL":[{"numeric":[">",0]}]}},'
        '{"finding-severity-counts":{"HIGH":[{"numeric":[">",0]}]}}]}}'
    )


def test_basic_scan_findings_at_critical_need_no_alternatives():
    assert findings_pattern(Target(namespaces=("team-a",)), "CRITICAL", "BASIC", ACCOUNT)["detail"] == {
        "scan-status": ["COMPLETE"],
        "repository-name": [{"prefix": "team-a/"}],
        "finding-severity-counts": {"CRITICAL": [{"numeric": [">", 0]}]},
    }


def test_enhanced_scan_findings_are_inspectors_active_findings_on_images_of_this_registry():
    assert render(findings_pattern(TARGET, "HIGH", "ENHANCED", ACCOUNT)) == (
        '{"source":["aws.inspector2"],"detail-type":["Inspector2 Finding"],'
        '"detail":{"status":["ACTIVE"],"severity":["CRITICAL","HIGH"],'
        '"resources":{"type":["AWS_ECR_CONTAINER_IMAGE"],"details":{"awsEcrContainerImage":'
        '{"registry":["123456789012"],"repositoryName":["team-a/api","web",{"prefix":"team-b/"}]}}}}}'
    )


def test_pushes_are_successful_push_actions():
    assert render(push_pattern(TARGET, ACCOUNT)) == (
        '{"source":["aws.ecr"],"detail-type":["ECR Image Action"],"account":["123456789012"],'
        '"detail":{"action-type":["PUSH"],"result":["SUCCESS"],"repository-name":["team-a/api","web",{"prefix":"team-b/"}]}}'
    )


def _scan(repository: str, counts: dict[str, int], status: str = "COMPLETE") -> tuple[str, dict]:
    # The user guide's "ECR Image Scan" event (basic scanning): counts only for the severities found.
    return "ECR Image Scan", {"scan-status": status, "repository-name": repository, "finding-severity-counts": counts,
                              "image-digest": DIGEST, "image-tags": []}


def _push(repository: str, action: str = "PUSH", result: str = "SUCCESS") -> tuple[str, dict]:
    # The user guide's "ECR Image Action" event for a completed push.
    return "ECR Image Action", {"result": result, "repository-name": repository, "image-digest": DIGEST,
                                "action-type": action, "image-tag": "0.1.0"}


EVENTS = {
    "critical-and-medium": _scan("team-a/api", {"CRITICAL": 10, "MEDIUM": 9}),
    "high-in-namespace": _scan("team-b/web", {"HIGH": 2}),
    "medium-only": _scan("team-a/api", {"MEDIUM": 9}),
    "high-zero": _scan("web", {"HIGH": 0, "LOW": 3}),
    "high-next-to-namespace": _scan("team-bx/web", {"HIGH": 1}),
    "high-other-repository": _scan("other", {"CRITICAL": 1}),
    "scan-failed": _scan("web", {"CRITICAL": 1}, status="FAILED"),
    "push": _push("web"),
    "push-in-namespace": _push("team-b/deep/app"),
    "push-failed": _push("web", result="FAILURE"),
    "delete": _push("web", action="DELETE"),
}


def _envelope(name: str, detail_type: str, detail: dict, account: str = ACCOUNT) -> dict:
    return {"version": "0", "id": name, "detail-type": detail_type, "source": "aws.ecr", "account": account,
            "time": "2019-10-29T02:36:48Z", "region": REGISTRY.region, "resources": [], "detail": detail}


@mock_aws
def _delivered(pattern: dict) -> set[str]:
    # EventBridge (moto) takes the rule; moto's matcher, the one its put_events uses, tells which events it selects.
    events = boto3.client("events", region_name=REGISTRY.region)
    events.put_rule(Name="under-test", EventPattern=render(pattern), State="ENABLED")
    taken = EventPattern.load(events.describe_rule(Name="under-test")["EventPattern"])
    envelopes = [_envelope(name, *event) for name, event in EVENTS.items()]
    envelopes.append(_envelope("other-account", *_scan("web", {"CRITICAL": 1}), account="210987654321"))
    envelopes.append(_envelope("other-account-push", *_push("web"), account="210987654321"))
    return {e["id"] for e in envelopes if taken.matches_event(e)}


@pytest.mark.parametrize("minimum, expected", [
    ("HIGH", {"critical-and-medium", "high-in-namespace"}),
    ("MEDIUM", {"critical-and-medium", "high-in-namespace", "medium-only"}),
    ("LOW", {"critical-and-medium", "high-in-namespace", "medium-only", "high-zero"}),
])
def test_a_findings_rule_lets_through_the_completed_scans_of_its_repositories_at_or_above_its_threshold(minimum, expected):
    assert _delivered(findings_pattern(TARGET, minimum, "BASIC", ACCOUNT)) == expected


def test_a_push_rule_lets_through_the_successful_pushes_of_its_repositories():
    assert _delivered(push_pattern(TARGET, ACCOUNT)) == {"push", "push-in-namespace"}
