"""Validate a config value against its schema; pydantic's errors become problems in the user's words at the user's path."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from ecr_access.config.base import MISSING, NO_VALUE, REFUSED, UnknownKey
from ecr_access.config.errors import Problem, Problems, too_many_items

_TYPE_WORDS = {
    "string_type": "a string", "bool_type": "true or false", "int_type": "a whole number", "list_type": "a list",
    "tuple_type": "a list", "dict_type": "a map", "model_type": "a map", "model_attributes_type": "a map",
    "int_from_float": "a whole number",
}

# Where one value or a list of them is taken (`OneOrMany`), the message names both.
ONE_OR_LIST = {"string_type": "a string or a list of strings", "model_type": "a map or a list of maps",
                "dict_type": "a map or a list of maps", "model_attributes_type": "a map or a list of maps"}


def type_name(value: Any) -> str:
    """How a message names what the user wrote instead of the expected type."""
    if value is None:
        return "an empty value"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        return "a negative number"
    return {dict: "a map", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


@cache
def _adapter(schema: Any) -> TypeAdapter:
    # Values are never coerced: models say so in their config, other types here.
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        return TypeAdapter(schema)
    return TypeAdapter(schema, config=ConfigDict(strict=True))


def validate(schema: Any, value: Any, path: str, problems: Problems, context: dict[str, Any] | None = None) -> Any:
    """`value` validated as `schema` (a model or type), or None with every problem recorded at its config path."""
    try:
        return _adapter(schema).validate_python(value, context=context or {})
    except ValidationError as err:
        for problem in to_problems(err, path):
            if problem not in problems.items:
                problems.items.append(problem)
        return None


def join(path: str, loc: tuple[Any, ...]) -> str:
    """A config path below `path` (`ecr-access:users[0].grants[1]`); union tags (`~one`) are not the user's keys."""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not str(part).startswith("~") and part != "":
            path += f".{part}"
    return path


def to_problems(err: ValidationError, path: str) -> list[Problem]:
    """Every error of `err` as a problem at `path` + its location, each once."""
    out: list[Problem] = []
    for e in err.errors(include_url=False):
        at = join(path, e["loc"])
        for problem in _problems(e, at):
            if problem not in out:
                out.append(problem)
    return out


def _problems(e: ErrorDetails, at: str) -> list[Problem]:
    kind, value, ctx = e["type"], e.get("input", NO_VALUE), e.get("ctx") or {}
    if kind == REFUSED:
        return [
            Problem(join(at, sub if isinstance(sub, tuple) else tuple(sub.split("."))), message, value if shown is MISSING else shown)
            for sub, message, shown in ctx["problems"]
        ]
    if kind == "extra_forbidden":
        hint = value.hint if isinstance(value, UnknownKey) else "not a key of this map"
        return [Problem(at, f"unknown key; {hint}")]
    if kind == "missing":
        return [Problem(at, "is required")]
    if kind in ONE_OR_LIST and e["loc"][-1:] == ("~one",):
        return [Problem(at, f"must be {ONE_OR_LIST[kind]}, not {type_name(value)}", value)]
    if kind in _TYPE_WORDS:
        return [Problem(at, f"must be {_TYPE_WORDS[kind]}, not {type_name(value)}", value)]
    if kind == "string_too_short" and value == "":
        return [Problem(at, "is empty", value)]
    if kind == "too_long":
        return [Problem(at, too_many_items(ctx["actual_length"], ctx["max_length"]), value)]
    if kind == "literal_error":
        return [Problem(at, f"must be {ctx.get('expected')}", value)]
    return [Problem(at, e["msg"], value)]
