"""The `condition` block of a repository-policy grant, as in an IAM policy: operators mapping keys to a value or a list."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field

from ecr_access.config.base import fail, refusals
from ecr_access.config.validation import ONE_OR_LIST, type_name
from ecr_access.iam.document import Condition


def _conditions(value: Any) -> dict[str, Any]:
    """`condition: {StringEquals: {aws:SourceVpce: vpce-1a2b3c4d}}`, as in an IAM policy."""
    if not isinstance(value, dict):
        raise fail("must map condition operators to keys, e.g. StringEquals: {aws:SourceVpce: vpce-1a2b3c4d}")
    if not value:
        raise fail("needs at least one operator, e.g. StringEquals: {aws:PrincipalOrgID: o-xxxxxxxxxx}")
    problems: list[tuple[Any, str, Any]] = []
    for operator, keys in value.items():
        if not isinstance(keys, dict) or not keys:
            problems.append(((operator,), "must map condition keys (e.g. aws:SourceVpce) to a value or a list of values", keys))
            continue
        for key, values in keys.items():
            if not isinstance(values, (str, list)):
                problems.append(((operator, key), f"must be {ONE_OR_LIST['string_type']}, not {type_name(values)}", values))
                continue
            listed = values if isinstance(values, list) else [values]
            for i, item in enumerate(listed):
                if not isinstance(item, str) or not item:
                    where = (operator, key, i) if isinstance(values, list) else (operator, key)
                    problems.append((where, "must be a non-empty string", item))
    if problems:
        raise refusals(problems)
    return value


ConditionBlock = Annotated[Any, AfterValidator(_conditions), Field(json_schema_extra={
    "type": "object", "minProperties": 1,
    "additionalProperties": {"type": "object", "minProperties": 1, "additionalProperties": {
        "anyOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string", "minLength": 1}}]}},
})]


def condition_list(block: dict[str, Any] | None) -> tuple[Condition, ...]:
    """The conditions of a `condition` block, one per operator and key."""
    return tuple(
        Condition(str(op), str(key), tuple(values if isinstance(values, list) else [values]))
        for op, keys in (block or {}).items() for key, values in keys.items()
    )


def condition_values(block: dict[str, Any] | None) -> list[tuple[str, str, tuple[Any, ...], str]]:
    """Each value of each test of a `condition` block: operator, key, its place below the grant, the value."""
    return [(operator, key, ("condition", operator, key) + (() if isinstance(raw, str) else (i,)), value)
            for operator, tests in (block or {}).items() for key, raw in tests.items()
            for i, value in enumerate([raw] if isinstance(raw, str) else raw)]
