"""The base of every config section schema: strict pydantic models with camelCase keys, and the value types they share.

Every model forbids unknown keys (a misspelled key gets a did-you-mean), takes its keys in camelCase as the stack file
writes them (Python code may use the snake_case names), and describes each field: the config reference is generated
from these descriptions. A validator refuses a value with `fail(...)`: the message is in the user's words and ends up
as `ecr-access:<path>: <message> (got <value>)`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from ecr_access.config.errors import _MISSING as _NO_VALUE

T = TypeVar("T")
MISSING: Any = object()
# Shown as no value at all (the message names the problem without `(got ...)`).
NO_VALUE: Any = _NO_VALUE
# The error type of a refusal written by this project (its message is used as it is).
REFUSED = "ecr"


@dataclass(frozen=True)
class UnknownKey:
    """The value of a key a model does not know, carried to the error with the hint naming the key meant."""

    value: Any
    hint: str


def fail(message: str, at: str | tuple[str | int, ...] = "", value: Any = MISSING) -> PydanticCustomError:
    """A refusal of the value being validated (`at`: a key below it the problem is about; `value`: what to show)."""
    return refusals([(at, message, value)])


def refusals(problems: Sequence[tuple[str | tuple[str | int, ...], str, Any]]) -> PydanticCustomError:
    """Several refusals of one entry at once, each `(key below it or "", message, value or MISSING)`."""
    return PydanticCustomError(REFUSED, "{summary}", {"summary": problems[0][1], "problems": problems})


class ConfigModel(BaseModel):
    """A map of stack config: unknown keys refused with a suggestion, camelCase keys, values never coerced."""

    model_config = ConfigDict(
        extra="forbid", alias_generator=to_camel, populate_by_name=True, strict=True, frozen=True,
        use_attribute_docstrings=False, json_schema_mode_override="validation",
    )

    @model_validator(mode="before")
    @classmethod
    def _name_unknown_keys(cls, data: Any) -> Any:
        # Unknown keys keep their value wrapped with the hint; pydantic then reports each as extra_forbidden.
        if not isinstance(data, dict):
            return data
        known = {f.alias or name: name for name, f in cls.model_fields.items()}
        names = set(cls.model_fields)
        unknown = [k for k in data if k not in known and k not in names]
        if not unknown:
            return data
        out = dict(data)
        for key in unknown:
            close = difflib.get_close_matches(str(key), list(known), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(sorted(known))}"
            out[key] = UnknownKey(data[key], hint)
        return out


def context(info: ValidationInfo, key: str, default: Any = None) -> Any:
    """A value the loader passes to validators (`registry`, `partition`, `declared`, ...)."""
    return (info.context or {}).get(key, default)


def _refuse_null(what: str) -> Callable[[Any], Any]:
    # An explicit null is refused as what it is (`tagMutability:` with nothing after it), never taken as "unset".
    def check(value: Any) -> Any:
        if value is None:
            raise fail(f"must be {what}, not an empty value")
        return value
    return check


def _config_bool(value: Any) -> Any:
    # The CLI passes a top-level value as text: "true"/"false" mean the booleans.
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def refused_when(problem: Callable[[Any], str | None]) -> AfterValidator:
    """An AfterValidator refusing a value with the message `problem(value)` gives (None: accepted): the rule's one
    function, which the components' argument checks call too."""
    def check(value: Any) -> Any:
        found = problem(value)
        if found:
            raise fail(found)
        return value
    return AfterValidator(check)


def checked(check: Callable[[Any], Any]) -> AfterValidator:
    """An AfterValidator from a check that returns the value or raises `fail(...)`."""
    return AfterValidator(check)


def range_problem(value: int, minimum: int, maximum: int) -> str | None:
    """Why a whole number is out of bounds, or None (the words of every bounded number, in config and components)."""
    if value < minimum or value > maximum:
        return f"must be between {minimum} and {maximum}" + (", not a negative number" if value < 0 else "")
    return None


def between(minimum: int, maximum: int) -> Callable[[int], int]:
    """A check that a whole number lies within bounds."""
    def check(value: int) -> int:
        problem = range_problem(value, minimum, maximum)
        if problem:
            raise fail(problem, value=value)
        return value
    return check


# A non-empty string.
Str = Annotated[str, Field(min_length=1)]
# true or false ("true"/"false" as text at the top level, as the CLI passes it).
Bool = Annotated[bool, BeforeValidator(_config_bool)]


def Maybe(item: Any, what: str = "a string") -> Any:
    """A value that may be left out (None), but not written as null (`what` it must be, for the message)."""
    return Annotated[item | None, BeforeValidator(_refuse_null(what))]


def Range(minimum: int, maximum: int) -> Any:
    """A whole number within bounds (the schema carries them; the message names both)."""
    return Annotated[int, AfterValidator(between(minimum, maximum)), Field(json_schema_extra={"minimum": minimum, "maximum": maximum})]


def _one_or_many(value: Any) -> str:
    return "~many" if isinstance(value, list) else "~one"


def OneOrMany(item: Any, max_items: int | None = None) -> Any:
    """One value or a list of them (`repository: aa` or `repositories: [aa, bb]`), always read as a tuple."""
    many = Annotated[list[item], Field(max_length=max_items)] if max_items else list[item]
    return Annotated[
        Annotated[item, Tag("~one")] | Annotated[many, Tag("~many")],
        Discriminator(_one_or_many),
        AfterValidator(lambda v: tuple(v) if isinstance(v, list) else (v,)),
    ]


def OneOrList(item: Any) -> Any:
    """One value or a list of them, kept as written (a string, or a list): paths name the item as the user wrote it."""
    return Annotated[Annotated[item, Tag("~one")] | Annotated[list[item], Tag("~many")], Discriminator(_one_or_many)]


def field(description: str, default: Any = MISSING, **kwargs: Any) -> Any:
    """A config key: its description (the reference shows it) and its default (required when none)."""
    if default is MISSING:
        return Field(description=description, **kwargs)
    return Field(default, description=description, **kwargs)
