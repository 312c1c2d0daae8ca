"""Conditions a grant entry may put on its statement: source IP ranges and MFA."""

from __future__ import annotations

import ipaddress

from model.reader import MapNode, Node
from policies.document import Condition

CONDITION_KEYS = ("sourceIps", "mfa")


def read_conditions(entry: MapNode) -> tuple[Condition, ...]:
    """`sourceIps: [203.0.113.0/24]` -> `IpAddress aws:SourceIp`; `mfa: true` -> `Bool aws:MultiFactorAuthPresent`."""
    conditions = []
    if entry.has("sourceIps"):
        node = entry.child("sourceIps")
        ranges = []
        for i, value in enumerate(node.as_str_list()):
            try:
                ranges.append(str(ipaddress.ip_network(value, strict=True)))
            except ValueError:
                raise Node(value, f"{node.path}[{i}]" if isinstance(node.value, list) else node.path).fail(
                    "is not an IP address or CIDR range (e.g. 203.0.113.0/24, host bits zero)"
                ) from None
        conditions.append(Condition("IpAddress", "aws:SourceIp", tuple(ranges)))
    if entry.get("mfa", Node.as_bool, False):
        conditions.append(Condition("Bool", "aws:MultiFactorAuthPresent", ("true",)))
    return tuple(conditions)
