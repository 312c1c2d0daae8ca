"""When a Condition narrows a wildcard principal to known callers: one rule for the program and the CrossGuard pack.

Pure (no imports beyond the standard library) so that `policy-pack/` can import it without the program's dependencies.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

# Keys that, tested positively, narrow a wildcard principal to a known set of callers.
RESTRICTING_KEYS = (
    "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn",
    "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths",
    "aws:SourceVpce", "aws:SourceVpc",
)
_POSITIVE = ("StringEquals", "StringLike", "ArnEquals", "ArnLike")
# Only a positive test that fails when the key is absent (no IfExists, no ForAllValues:) narrows "*".
RESTRICTING_OPERATORS = _POSITIVE + tuple(f"ForAnyValue:{op}" for op in _POSITIVE)
_ACCOUNT = re.compile(r"^\d{12}$")
_WILDCARD = re.compile(r"[*?]")
_ORG = r"o-[a-z0-9]{10,32}"
# What a value of each restricting key must look like to name a known set of callers (wildcards only after it).
_PINNED = {
    "aws:PrincipalOrgID": re.compile(rf"^{_ORG}$"),
    "aws:SourceOrgID": re.compile(rf"^{_ORG}$"),
    "aws:PrincipalOrgPaths": re.compile(rf"^{_ORG}/"),
    "aws:SourceOrgPaths": re.compile(rf"^{_ORG}/"),
    "aws:PrincipalAccount": _ACCOUNT,
    "aws:SourceAccount": _ACCOUNT,
    "aws:SourceVpce": re.compile(r"^vpce-[0-9a-f]+$"),
    "aws:SourceVpc": re.compile(r"^vpc-[0-9a-f]+$"),
}
# IAM compares condition key names case-insensitively.
_CANONICAL = {k.lower(): k for k in RESTRICTING_KEYS}


def pins(key: str, value: str) -> bool:
    """True when one value of a restricting key names a known organization, account, ARN with its account, or VPC."""
    key = _CANONICAL[key.lower()]
    if key in ("aws:PrincipalArn", "aws:SourceArn"):
        parts = value.split(":")
        # An ARN pins its caller when its account field is literal; a source ARN without one (S3) must be literal.
        return len(parts) >= 6 and (bool(_ACCOUNT.match(parts[4])) or (parts[4] == "" and not _WILDCARD.search(value)))
    return bool(_PINNED[key].match(value))


def _values(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def restricts_callers(condition: Any) -> bool:
    """True when a statement's JSON Condition block narrows a wildcard principal to known callers.

    Some test must use a positive operator (`StringEquals`, `StringLike`, `ArnEquals`, `ArnLike`, or their
    `ForAnyValue:` form) on a key of RESTRICTING_KEYS, and every one of its values must pin the callers (`pins`).
    """
    if not isinstance(condition, Mapping):
        return False
    for operator, tests in condition.items():
        if operator not in RESTRICTING_OPERATORS or not isinstance(tests, Mapping):
            continue
        for key, value in tests.items():
            values = _values(value)
            if str(key).lower() in _CANONICAL and values and all(pins(str(key), v) for v in values):
                return True
    return False
