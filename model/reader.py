"""Strict, typed reading of config values, each error naming its full config path."""

from __future__ import annotations

import difflib
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, TypeVar

from model.errors import ConfigError, Problems

T = TypeVar("T")
_FAILED = object()


def _type_name(value: Any) -> str:
    """How a message names what the user wrote instead of the expected type."""
    if value is None:
        return "an empty value"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        return "a negative number"
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
        if self.value == "":
            raise self.fail("is empty")
        if not isinstance(self.value, str):
            raise self.fail(f"must be a string, not {_type_name(self.value)}")
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
            sign = ", not a negative number" if self.value < 0 else ""
            raise self.fail(f"must be between {minimum} and {maximum}{sign}")
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
        if not isinstance(self.value, list):
            raise self.fail(f"must be a string or a list of strings, not {_type_name(self.value)}")
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

    @contextmanager
    def entry(self, allowed: tuple[str, ...] | frozenset[str]) -> Iterator["MapNode"]:
        """Read a map entry reporting every problem in it at once.

        Inside the block, a bad key (unknown, missing, or a value its reader refuses) is recorded and its reader's
        default used, so the other keys are still read; leaving the block raises one ConfigError with all of them.
        """
        if not isinstance(self.value, dict):
            raise self.fail(f"must be a map, not {_type_name(self.value)}")
        problems = Problems()
        for key in self.value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), list(allowed), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(sorted(allowed))}"
                problems.add(f"{self.path}.{key}", f"unknown key{hint}")
        with problems.collect():
            yield MapNode(self.value, self.path, problems)
        problems.raise_if_any()


@dataclass(frozen=True)
class MapNode(Node):
    """A map node with typed accessors for optional keys; made by `Node.entry`, it records problems instead of raising."""

    problems: Problems | None = field(default=None, compare=False, repr=False)

    def has(self, key: str) -> bool:
        """True when the key is present."""
        return key in self.value

    def get(self, key: str, read: Callable[[Node], T], default: T) -> T:
        """Read an optional key with `read`, or return `default` when it is absent (or, in an entry, refused)."""
        return self.attempt(lambda: read(self.child(key)), default) if key in self.value else default

    def req(self, key: str, read: Callable[[Node], T], fallback: Any = None) -> T:
        """Read a required key with `read` (in an entry, a missing or refused key gives `fallback`)."""
        if key not in self.value:
            self.problem(f"{self.path}.{key}", "is required")
            return fallback
        return self.attempt(lambda: read(self.child(key)), fallback)

    def items(self, key: str, read: Callable[[Node], T], max_items: int | None = None) -> tuple[T, ...]:
        """Read a key holding one value or a list of them, each with `read`; in an entry, each bad item is reported."""
        if key not in self.value:
            return ()
        node = self.child(key)
        nodes = self.attempt(lambda: [node] if isinstance(node.value, str) else node.as_list(max_items), [])
        read_all = (self.attempt(lambda item=item: read(item), _FAILED) for item in nodes)
        return tuple(value for value in read_all if value is not _FAILED)

    def attempt(self, read: Callable[[], T], fallback: Any) -> T:
        """`read()`; in an entry, a ConfigError it raises is recorded and `fallback` returned."""
        if self.problems is None:
            return read()
        try:
            return read()
        except ConfigError as err:
            self.problems.items.extend(err.problems)
            return fallback

    def problem(self, path: str, message: str, value: Any = _FAILED) -> None:
        """A problem found in this map: recorded in an entry, raised otherwise."""
        error = ConfigError.at(path, message) if value is _FAILED else ConfigError.at(path, message, value)
        if self.problems is None:
            raise error
        self.problems.items.extend(error.problems)

    def ok(self, *keys: str) -> bool:
        """True when no problem was recorded under any of these keys (checks across keys run only on good values)."""
        if self.problems is None:
            return True
        prefixes = tuple(f"{self.path}.{key}" for key in keys)
        return not any(p.path == x or p.path.startswith((x + ".", x + "[")) for p in self.problems.items for x in prefixes)


def entry_name(node: Node, read: Callable[[Node], str]) -> str | None:
    """The `name` of a list entry when it is valid, whatever else is wrong with the entry (references to it still resolve)."""
    if not isinstance(node.value, dict) or "name" not in node.value:
        return None
    try:
        return read(node.child("name"))
    except ConfigError:
        return None


def read_entries(node: Node, read: Callable[[Node], T], key: Callable[[T], str], field: str, taken: str,
                 problems: Problems | None = None) -> tuple[T, ...]:
    """Read a list whose entries must be unique by `key` (a `field` of each); every entry's problems are reported together.

    Given `problems`, they are recorded there and the entries that read cleanly returned, so checks across entries
    still run on them in the same run.
    """
    into = problems
    problems = into if into is not None else Problems()
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
    if into is None:
        problems.raise_if_any()
    return tuple(out)
