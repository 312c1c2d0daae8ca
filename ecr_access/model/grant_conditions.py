"""Conditions a grant entry may put on its statement: source IP ranges and MFA."""

from __future__ import annotations

import ipaddress

from ecr_access.model.reader import MapNode, Node
from ecr_access.policies.document import Condition

CONDITION_KEYS = ("sourceIps", "mfa")


def read_conditions(entry: MapNode) -> tuple[Condition, ...]:
    """`sourceIps: [203.0.113.0/24]` -> `IpAddress aws:SourceIp`; `mfa: true` -> `Bool aws:MultiFactorAuthPresent`."""
    conditions = []
    ranges = entry.items("sourceIps", _ip_range)
    if ranges:
        conditions.append(Condition("IpAddress", "aws:SourceIp", ranges))
    if entry.get("mfa", Node.as_bool, False):
        conditions.append(Condition("Bool", "aws:MultiFactorAuthPresent", ("true",)))
    return tuple(conditions)


def _ip_range(node: Node) -> str:
    try:
        return str(ipaddress.ip_network(node.as_str(), strict=True))
    except ValueError:
        raise node.fail("is not an IP address or CIDR range (e.g. 203.0.113.0/24, host bits zero)") from None
