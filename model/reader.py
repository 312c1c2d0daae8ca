"""Strict, typed reading of config values, each error naming its full config path."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from model.errors import ConfigError, Problems

T = TypeVar("T")
_ABSENT = object()


def _type_name(value: Any) -> str:
    return {dict: "a map", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


@dataclass(frozen=True)
class Node:
    """A config value and the path that names it in error messages."""

    value: Any
    path: str

    def fail(self, message: str) -> ConfigError:
        """An error about this value."""
        return ConfigError.at(self.path, message, self.value)

    def child(self, key: str | int) -> "Node":
        """The node of one key of a map or one item of a list."""
        sub = f"{self.path}[{key}]" if isinstance(key, int) else f"{self.path}.{key}"
        return Node(self.value[key], sub)

    def as_str(self) -> str:
        """The value as a non-empty string."""
        if not isinstance(self.value, str) or not self.value:
            raise self.fail(f"must be a non-empty string, not {_type_name(self.value)}")
        return self.value

    def as_bool(self) -> bool:
        """The value as a boolean (config strings "true"/"false" accepted at the top level)."""
        if isinstance(self.value, bool):
            return self.value
        if isinstance(self.value, str) and self.value.lower() in ("true", "false"):
            return self.value.lower() == "true"
        raise self.fail(f"must be true or false, not {_type_name(self.value)}")

    def as_int(self, minimum: int | None = None, maximum: int | None = None) -> int:
        """The value as a whole number within bounds."""
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.fail(f"must be a whole number, not {_type_name(self.value)}")
        if minimum is not None and self.value < minimum or maximum is not None and self.value > maximum:
            raise self.fail(f"must be between {minimum} and {maximum}")
        return self.value

    def as_list(self, max_items: int | None = None) -> list["Node"]:
        """The value as a list of nodes."""
        if not isinstance(self.value, list):
            raise self.fail(f"must be a list, not {_type_name(self.value)}")
        if max_items is not None and len(self.value) > max_items:
            raise self.fail(f"has {len(self.value)} items; at most {max_items} are allowed")
        return [self.child(i) for i in range(len(self.value))]

    def as_str_list(self, max_items: int | None = None) -> tuple[str, ...]:
        """The value as a list of non-empty strings (a single string is accepted as a one-item list)."""
        if isinstance(self.value, str):
            return (Node(self.value, self.path).as_str(),)
        return tuple(n.as_str() for n in self.as_list(max_items))

    def as_map(self, allowed: tuple[str, ...] | frozenset[str], required: tuple[str, ...] = ()) -> "MapNode":
        """The value as a map whose keys must all be known; misspelled keys get a suggestion."""
        if not isinstance(self.value, dict):
            raise self.fail(f"must be a map, not {_type_name(self.value)}")
        for key in self.value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), list(allowed), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(sorted(allowed))}"
                raise ConfigError.at(f"{self.path}.{key}", f"unknown key{hint}")
        for key in required:
            if key not in self.value:
                raise ConfigError.at(f"{self.path}.{key}", "is required")
        return MapNode(self.value, self.path)


class MapNode(Node):
    """A map node with typed accessors for optional keys."""

    def has(self, key: str) -> bool:
        """True when the key is present."""
        return key in self.value

    def get(self, key: str, read: Callable[[Node], T], default: T) -> T:
        """Read an optional key with `read`, or return `default` when it is absent."""
        return read(self.child(key)) if key in self.value else default

    def req(self, key: str, read: Callable[[Node], T]) -> T:
        """Read a required key with `read`."""
        if key not in self.value:
            raise ConfigError.at(f"{self.path}.{key}", "is required")
        return read(self.child(key))


def read_entries(node: Node, read: Callable[[Node], T], key: Callable[[T], str], field: str, taken: str) -> tuple[T, ...]:
    """Read a list whose entries must be unique by `key` (a `field` of each); every entry's problems are reported together."""
    problems = Problems()
    out: list[T] = []
    seen: dict[str, str] = {}
    for item in node.as_list():
        with problems.collect():
            value = read(item)
            k = key(value)
            if k in seen:
                raise ConfigError.at(f"{item.path}.{field}", f"{taken} (first at {seen[k]})", k)
            seen[k] = item.path
            out.append(value)
    problems.raise_if_any()
    return tuple(out)
