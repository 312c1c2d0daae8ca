"""Config errors that name the stack config key and the offending value."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

_MISSING = object()


def _show(value: Any) -> str:
    try:
        text = json.dumps(value, sort_keys=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def listed(items: Sequence[str], conjunction: str = "and") -> str:
    """`a`, `a and b`, `a, b and c` (or another conjunction), as a message lists things."""
    return f" {conjunction} ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else list(items))


def other_partition(found: str, partition: str) -> str:
    """Why an ARN of partition `found` is refused: `aws:region` puts the stack in `partition`."""
    return f"is an ARN of partition {found}, but aws:region puts this stack in partition {partition}"


def too_many_items(count: int, maximum: int) -> str:
    """Why a list of `count` items is refused where at most `maximum` are allowed (every list limit says it so)."""
    return f"has {count} items; at most {maximum} are allowed"


@dataclass(frozen=True)
class Problem:
    """One bad value: where it is in stack config, what is wrong, and the value itself."""

    path: str
    message: str
    value: Any = _MISSING

    def __str__(self) -> str:
        got = "" if self.value is _MISSING else f" (got {_show(self.value)})"
        return f"{self.path}: {self.message}{got}"


class ConfigError(ValueError):
    """Bad stack config, raised before any resource is registered; lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems]
        head = "invalid stack config" if len(lines) == 1 else f"invalid stack config ({len(lines)} problems)"
        super().__init__(head + ":\n  " + "\n  ".join(lines))

    @classmethod
    def at(cls, path: str, message: str, value: Any = _MISSING) -> ConfigError:
        """An error with a single problem."""
        return cls([Problem(path, message, value)])


class Problems:
    """Collects the problems of several independent config entries so one error reports them all."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    @contextmanager
    def collect(self) -> Iterator[None]:
        """Run a block, keeping its ConfigError's problems instead of raising at once."""
        try:
            yield
        except ConfigError as err:
            self.items.extend(err.problems)

    def add(self, path: str, message: str, value: Any = _MISSING) -> None:
        """Record one problem."""
        self.items.append(Problem(path, message, value))

    def raise_if_any(self) -> None:
        """Raise one ConfigError holding every problem collected."""
        if self.items:
            raise ConfigError(self.items)
