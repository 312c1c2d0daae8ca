"""The registry scanning configuration of stack config: scan type and rules (frequency, repository filters)."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.model.constraints import list_max, shape
from ecr_access.model.errors import ConfigError
from ecr_access.model.reader import Node

SCANNING_KEYS = ("scanType", "rules")
RULE_KEYS = ("frequency", "filters")
# Which frequencies each scan type supports (botocore ECR model, RegistryScanningRule.scanFrequency documentation).
FREQUENCIES = {"BASIC": ("SCAN_ON_PUSH", "MANUAL"), "ENHANCED": ("SCAN_ON_PUSH", "CONTINUOUS_SCAN")}


@dataclass(frozen=True)
class ScanningRule:
    """One scanning rule: how often, and which repositories (wildcard filters)."""

    path: str
    frequency: str
    filters: tuple[str, ...]


@dataclass(frozen=True)
class ScanningSpec:
    """The registry's scanning configuration (BASIC or ENHANCED) and its rules."""

    scan_type: str
    rules: tuple[ScanningRule, ...] = ()


def read_scanning(node: Node) -> ScanningSpec:
    """Read `ecr-access:scanning`."""
    entry = node.as_map(SCANNING_KEYS, required=("scanType",))
    scan_type = entry.req("scanType", lambda n: _enum(n, "ScanType"))
    rules: list[ScanningRule] = []
    seen: dict[str, str] = {}
    for item in entry.get("rules", lambda n: n.as_list(max_items=list_max("ecr", "RegistryScanningRuleList")), []):
        rule_entry = item.as_map(RULE_KEYS, required=("frequency", "filters"))
        frequency = rule_entry.req("frequency", lambda n: _enum(n, "ScanFrequency"))
        if frequency not in FREQUENCIES[scan_type]:
            raise ConfigError.at(
                f"{item.path}.frequency", f"is not supported by scan type {scan_type} (use {' or '.join(FREQUENCIES[scan_type])})", frequency
            )
        if frequency in seen:
            raise ConfigError.at(f"{item.path}.frequency", f"has a rule already (at {seen[frequency]}); put its filters there", frequency)
        seen[frequency] = item.path
        rules.append(ScanningRule(path=item.path, frequency=frequency, filters=rule_entry.req("filters", _filters)))
    return ScanningSpec(scan_type=scan_type, rules=tuple(rules))


def _enum(node: Node, shape_name: str) -> str:
    value = node.as_str()
    problem = shape("ecr", shape_name).problem(value)
    if problem:
        raise node.fail(problem)
    return value


def _filters(node: Node) -> tuple[str, ...]:
    values = node.as_str_list(max_items=list_max("ecr", "ScanningRepositoryFilterList"))
    if not values:
        raise node.fail("is empty; a scanning rule needs at least one filter (\"*\" matches every repository)")
    value_shape = shape("ecr", "ScanningRepositoryFilterValue")
    for i, value in enumerate(values):
        problem = value_shape.problem(value)
        if problem:
            raise ConfigError.at(f"{node.path}[{i}]", f"is not a scanning filter ECR accepts (WILDCARD): {problem}", value)
    return values
