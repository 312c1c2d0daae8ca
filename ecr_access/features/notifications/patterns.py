"""EventBridge event patterns for ECR scan findings and pushes, in the shapes ECR and Amazon Inspector send.

The events (ECR user guide, "Amazon ECR events and EventBridge" and "EventBridge events sent for enhanced scanning"):
- basic scanning: `source` aws.ecr, `detail-type` "ECR Image Scan", `detail.scan-status` COMPLETE,
  `detail.repository-name`, and `detail.finding-severity-counts` holding a count only for the severities found;
- enhanced scanning: Amazon Inspector's `source` aws.inspector2, `detail-type` "Inspector2 Finding", one event per
  finding created, updated or closed: `detail.severity`, `detail.status`, and the image in `detail.resources[]`
  (`type` AWS_ECR_CONTAINER_IMAGE, `details.awsEcrContainerImage.repositoryName` and `.registry`);
- pushes: `source` aws.ecr, `detail-type` "ECR Image Action", `detail.action-type` PUSH, `detail.result` SUCCESS.

A namespace matches with EventBridge's `prefix` filter on `<namespace>/`. A severity threshold is one alternative per
severity at or above it: a count above zero (`numeric`, which an absent count never matches) or the finding's
severity. Every pattern is pinned to the registry's account.
"""

from __future__ import annotations

import json
from typing import Any

from ecr_access.iam.grants import Target

# Severities from lowest to highest: botocore ECR `FindingSeverity` without UNDEFINED (which has no rank); Amazon
# Inspector's `Severity` has the same five (and UNTRIAGED, likewise unranked).
SEVERITIES = ("INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL")
# The most characters of an event pattern (botocore events `EventPattern`).
PATTERN_MAX = 2048


def at_or_above(minimum: str) -> tuple[str, ...]:
    """The severities at or above `minimum`, highest first (`HIGH` -> CRITICAL, HIGH)."""
    return tuple(reversed(SEVERITIES[SEVERITIES.index(minimum):]))


def repository_filter(target: Target) -> list[Any]:
    """The values a repository name may take: the repositories by name, then each namespace as a prefix."""
    return [*target.repositories, *({"prefix": f"{namespace}/"} for namespace in target.namespaces)]


def findings_pattern(target: Target, minimum: str, scan_type: str, account: str) -> dict[str, Any]:
    """Scan findings at or above `minimum` in the target's repositories, as the registry's scan type reports them."""
    severities = at_or_above(minimum)
    if scan_type == "ENHANCED":
        image = {"registry": [account], "repositoryName": repository_filter(target)}
        return {
            "source": ["aws.inspector2"],
            "detail-type": ["Inspector2 Finding"],
            "detail": {
                "status": ["ACTIVE"],
                "severity": list(severities),
                "resources": {"type": ["AWS_ECR_CONTAINER_IMAGE"], "details": {"awsEcrContainerImage": image}},
            },
        }
    counts = [{"finding-severity-counts": {severity: [{"numeric": [">", 0]}]}} for severity in severities]
    detail: dict[str, Any] = {"scan-status": ["COMPLETE"], "repository-name": repository_filter(target)}
    if len(counts) == 1:
        detail.update(counts[0])
    else:
        detail["$or"] = counts
    return {"source": ["aws.ecr"], "detail-type": ["ECR Image Scan"], "account": [account], "detail": detail}


def push_pattern(target: Target, account: str) -> dict[str, Any]:
    """Successful image pushes to the target's repositories."""
    return {
        "source": ["aws.ecr"],
        "detail-type": ["ECR Image Action"],
        "account": [account],
        "detail": {"action-type": ["PUSH"], "result": ["SUCCESS"], "repository-name": repository_filter(target)},
    }


def render(pattern: dict[str, Any]) -> str:
    """The pattern as EventBridge takes it: compact JSON, keys in the order built (stable across runs)."""
    return json.dumps(pattern, separators=(",", ":"), ensure_ascii=False)
