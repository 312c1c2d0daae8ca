"""A findings rule is refused only for what is certainly never scanned (tests/test_notifications_bad_input.py has the
refusals): what a scanning filter matches, and what is accepted because something scans it or the stack cannot tell."""

from __future__ import annotations

from typing import Any

import pytest

from ecr_access.features.notifications.scanned import filter_matches, filter_may_match_under
from tests.helpers.registry import compiled
from tests.helpers.stacks import base_config


@pytest.mark.parametrize("pattern, name, matches", [
    ("*", "web", True), ("team-a/*", "team-a/api", True), ("team-a/*", "team-b/api", False), ("*-api", "team-a/x-api", True),
    ("web", "web", True), ("web", "web2", False), ("w*b", "web", True), ("w*b", "webs", False), ("team.a/*", "teamxa/api", False),
])
def test_a_scanning_filter_matches_names_as_ecr_wildcards_do(pattern, name, matches):
    assert filter_matches(pattern, name) is matches


@pytest.mark.parametrize("pattern, namespace, may", [
    ("*", "team-a", True), ("team-a/*", "team-a", True), ("team-*", "team-a", True), ("t*", "team-a/sub", True),
    ("*-api", "team-a", True), ("team-a/api", "team-a", True), ("team-a", "team-a", False), ("team-a/", "team-a", False),
    ("team-b/*", "team-a", False), ("web", "team-a", False), ("team-ab/*", "team-a", False),
])
def test_a_filter_may_scan_a_namespace_when_it_matches_some_name_under_it(pattern, namespace, may):
    assert filter_may_match_under(pattern, namespace) is may


def _rules(*rules: dict[str, Any], scanning: Any = None, web_scans: bool = False) -> Any:
    config: dict[str, Any] = {
        "repositories": [{"name": "team-a/api"}, {"name": "web", "scanOnPush": web_scans}],
        "namespaces": [{"name": "team-a"}],
        "notifications": [{"topic": "alerts", "rules": list(rules)}],
    }
    if scanning is not None:
        config["scanning"] = scanning
    return compiled(base_config(**config)).notifications[0]


def test_pushes_of_a_repository_nothing_scans_are_still_notified():
    assert [r.name for r in _rules({"name": "web", "repositories": "web", "pushes": True}).rules] == ["web-pushes"]


def test_without_registry_scanning_a_namespace_is_accepted_repositories_made_elsewhere_may_scan_on_push():
    assert _rules({"name": "team-a", "namespaces": "team-a", "findings": "HIGH"}).rules


def test_a_namespace_some_filter_may_match_and_a_manual_basic_rule_count_as_scanned():
    scanning = {"scanType": "BASIC", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["*-api"]},
                                               {"frequency": "MANUAL", "filters": ["web"]}]}
    found = _rules({"name": "team-a", "namespaces": "team-a", "repositories": ["web"], "findings": "HIGH"}, scanning=scanning)
    assert [r.name for r in found.rules] == ["team-a-findings"]


def test_enhanced_findings_without_the_stacks_scanning_configuration_are_left_to_the_registry():
    # The registry's scanning is set outside the stack: what it scans cannot be known.
    assert _rules({"name": "web", "repositories": "web", "findings": "HIGH", "scanType": "ENHANCED"}).rules


def test_a_repository_scanning_on_push_is_accepted():
    assert _rules({"name": "web", "repositories": "web", "findings": "HIGH"}, web_scans=True).rules
