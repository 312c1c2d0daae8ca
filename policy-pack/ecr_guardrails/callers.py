"""When a Condition narrows a wildcard principal to known callers: one rule for the program and the CrossGuard pack.

Standard library only, so the pack carries it without the program's dependencies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

# Keys that, tested positively, narrow a wildcard principal to a known set of callers.
RESTRICTING_KEYS = (
    "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn",
    "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths",
    "aws:SourceVpce", "aws:SourceVpc",
)
ARN_KEYS = ("aws:PrincipalArn", "aws:SourceArn")
_POSITIVE = ("StringEquals", "StringLike", "ArnEquals", "ArnLike")
# Only a positive test that fails when the key is absent (no IfExists, no ForAllValues:) narrows "*".
RESTRICTING_OPERATORS = _POSITIVE + tuple(f"ForAnyValue:{op}" for op in _POSITIVE)
_ACCOUNT = r"[0-9]{12}"  # ASCII digits only: AWS account IDs are never written in another script
_ORG = r"o-[a-z0-9]{10,32}"
# What a value of each non-ARN restricting key must look like to name a known set of callers, and why. The patterns
# here are strings: `re` compiles each on first use and keeps it.
_PINNED = {
    "aws:PrincipalOrgID": (_ORG, "must name one organization ID (o-xxxxxxxxxx), without wildcards"),
    "aws:SourceOrgID": (_ORG, "must name one organization ID (o-xxxxxxxxxx), without wildcards"),
    "aws:PrincipalOrgPaths": (rf"(?s){_ORG}/.*", "must start with a literal organization ID and / (o-xxxxxxxxxx/...)"),
    "aws:SourceOrgPaths": (rf"(?s){_ORG}/.*", "must start with a literal organization ID and / (o-xxxxxxxxxx/...)"),
    "aws:PrincipalAccount": (_ACCOUNT, "must be a 12-digit account ID, without wildcards"),
    "aws:SourceAccount": (_ACCOUNT, "must be a 12-digit account ID, without wildcards"),
    "aws:SourceVpce": (r"vpce-[0-9a-f]+", "must name one VPC endpoint (vpce-...), without wildcards"),
    "aws:SourceVpc": (r"vpc-[0-9a-f]+", "must name one VPC (vpc-...), without wildcards"),
}
# A pinning ARN: partition, service, region, account and resource type literal; wildcards only after the resource
# type's delimiter. In StringLike/ArnLike `*` also matches `:` (and IAM paths may hold `:`), so a wildcard anywhere
# before the account lets `arn:aws:iam::<another account>:role/p:iam::<account>:/x` match.
_ARN_PREFIX = r"arn:aws(?:-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:[A-Za-z0-9-]+[/:]"
# A literal ARN (no wildcard at all) pins its caller by its account. One without an account (`arn:aws:s3:::bucket`,
# `arn:aws:iam:::role/x`) names a resource anyone may own after it is deleted: AWS advises aws:SourceAccount beside it,
# and the condition then restricts through that key.
_LITERAL_ARN = r"arn:aws(?:-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:[^*?]+"
_NO_ACCOUNT = r"arn:[^:]*:[^:]*:[^:]*::"
# No ARN holds whitespace or a control character; a value with one matches no caller as written.
_BLANK = r"[\s\x00-\x1f\x7f-\x9f]"
ARN_PATTERN_RULE = ("an ARN pattern keeps partition, service, region and account literal, with wildcards only after "
                    "the resource type (e.g. arn:aws:iam::123456789012:role/ci-*)")
# IAM compares condition key names case-insensitively.
_CANONICAL = {k.lower(): k for k in RESTRICTING_KEYS}


def is_restricting_key(key: str) -> bool:
    """True for a key of RESTRICTING_KEYS, in any letter case."""
    return str(key).lower() in _CANONICAL


def pin_problem(key: str, value: str) -> str | None:
    """Why one value of a restricting key does not name a known set of callers (None when it does)."""
    key = _CANONICAL[key.lower()]
    if re.search(_BLANK, value):
        return "holds whitespace or a control character, which no caller's value has: it pins nobody as written"
    if key in ARN_KEYS:
        if re.fullmatch(_LITERAL_ARN, value) or re.match(_ARN_PREFIX, value):
            return None
        if re.match(_NO_ACCOUNT, value):
            return ("names no account, so it does not pin the callers on its own (whoever owns that name next would "
                    "match): add StringEquals aws:SourceAccount (or aws:PrincipalAccount) with the account beside it")
        return f"does not pin the callers' account: {ARN_PATTERN_RULE}"
    pattern, why = _PINNED[key]
    return None if re.fullmatch(pattern, value) else why


def pins(key: str, value: str) -> bool:
    """True when one value of a restricting key names a known organization, account, ARN with its account, or VPC."""
    return pin_problem(key, value) is None


def _values(value: Any) -> list[str]:
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return [str(v) for v in value]
    return [str(value)]


def restricting_tests(condition: Any) -> list[tuple[str, str, list[str]]]:
    """The (operator, key, values) of a JSON Condition block that could narrow "*": positive operators, restricting keys."""
    if not isinstance(condition, Mapping):
        return []
    out = []
    for operator, tests in condition.items():
        if operator not in RESTRICTING_OPERATORS or not isinstance(tests, Mapping):
            continue
        out += [(str(operator), str(key), _values(value)) for key, value in tests.items() if is_restricting_key(key)]
    return out


def restricts_callers(condition: Any) -> bool:
    """True when a statement's JSON Condition block narrows a wildcard principal to known callers.

    Some test must use a positive operator (`StringEquals`, `StringLike`, `ArnEquals`, `ArnLike`, or their
    `ForAnyValue:` form) on a key of RESTRICTING_KEYS, and every one of its values must pin the callers (`pins`).
    Mappings and sequences of any kind are read (the policy runtime hands rules read-only proxies).
    """
    return any(values and all(pins(key, v) for v in values) for _, key, values in restricting_tests(condition))
