"""Read a stack file (`Pulumi.<stack>.yaml`) as the Pulumi CLI does, into the strings the CLI passes to the program.

The CLI reads YAML 1.2: `on`, `off`, `yes` and `no` are strings, only `true`/`false` are booleans, and a key written twice
is an error. A top-level value reaches the program as the text written in the file (an unquoted `012345678901` stays
`"012345678901"`); a structured value (a map or a list) as JSON, its scalars typed by YAML, so an unquoted account ID
inside one becomes a number and loses its leading zeros: the reader refuses that with the key and line.

A number YAML mangled is not refused on its own: the reader records it (StackFile.problems) and the config validation
reports it together with every other problem of the config.

Secrets (`secure:` values, from `pulumi config set --secret`) cannot be decrypted offline. A secret the program does not
read stays `[secret]`, and is marked secret in the runtime as the CLI marks it; a secret the documents need gets an error
that says how to plan offline anyway (`python -m ecr_access.plan <stack> --config KEY=VALUE`).
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ecr_access.config.config_keys import STACK_FILE_KEYS, needs_value
from ecr_access.config.errors import Problem
from ecr_access.plan.overrides import PLAN_CONFIG

SECRET_PLACEHOLDER = "[secret]"
_NULL, _INT, _FLOAT, _STR = (f"tag:yaml.org,2002:{t}" for t in ("null", "int", "float", "str"))
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")


class StackFileError(ValueError):
    """A stack file the CLI would not read, or that the offline plan cannot: one line per problem, `FILE:LINE:COL: what`."""

    def __init__(self, path: Path, problems: list[tuple[int, int, str]]):
        shown = _shown(path)
        self.lines = [f"{shown}:{line}:{column}: {what}" for line, column, what in problems]
        super().__init__("\n".join(self.lines))


class SecretsNeeded(StackFileError):
    """Secrets the documents need, which the offline plan cannot decrypt (each needs a `--config KEY=VALUE`)."""


@dataclass(frozen=True)
class Secret:
    """A `secure:` value: the top-level key holding it, its own config path, and where it is written."""

    key: str
    path: str
    line: int
    column: int


@dataclass(frozen=True)
class StackFile:
    """The config of one stack file as the CLI passes it (every value a string; secrets as `[secret]`)."""

    path: Path
    values: dict[str, str]
    secrets: tuple[Secret, ...] = ()
    problems: tuple[Problem, ...] = ()  # values YAML changed (unquoted account IDs): for the config validation to report

    @property
    def secret_keys(self) -> list[str]:
        """The top-level keys that hold a secret (the CLI marks them secret for the program)."""
        return sorted({s.key for s in self.secrets})

    def with_overrides(self, overrides: Mapping[str, str]) -> StackFile:
        """The config with some keys set on the command line (their secrets, if any, replaced)."""
        kept = tuple(s for s in self.secrets if s.key not in overrides)
        noted = tuple(p for p in self.problems if _key_of(p.path) not in overrides)
        return replace(self, values={**self.values, **overrides}, secrets=kept, problems=noted)

    def offline_config(self, stack: str) -> dict[str, str]:
        """The config for an offline run; refuses secrets the documents need, naming each and the `--config` way out."""
        needed = [s for s in self.secrets if needs_value(s.key)]  # an unknown key is refused as unknown, by validation
        if needed:
            raise SecretsNeeded(self.path, [(s.line, s.column, _secret_message(s, stack)) for s in needed])
        return dict(self.values)


def _key_of(path: str) -> str:
    """The top-level config key of a config path (`ecr-access:users[0].name` -> `ecr-access:users`)."""
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def _secret_message(secret: Secret, stack: str) -> str:
    inside = "" if secret.path == secret.key else f" inside {secret.key}"
    return (
        f"{secret.path}: is a secret (secure:){inside}, which the offline plan cannot decrypt, and the documents need its "
        f"value; plan offline with --config {secret.key}=VALUE, e.g. "
        f"python -m ecr_access.plan {stack} --config \"{secret.key}=$(pulumi config get {secret.key} --stack {stack})\" "
        f"(make plan CONFIG=..., or for make test and CI the variable {PLAN_CONFIG}: docs/offline-plan.md)"
    )


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def _yaml() -> YAML:
    return YAML(typ="safe", pure=True)  # YAML 1.2, duplicate keys refused


def load_document(path: Path) -> tuple[Node | None, Any]:
    """A YAML file's node tree and its plain value; StackFileError (with line and column) on what the CLI refuses."""
    if not path.exists():
        raise FileNotFoundError(f"no stack file {path}")
    text = path.read_text(encoding="utf-8")
    yaml = _yaml()
    try:
        root = yaml.compose(text)
    except MarkedYAMLError as err:
        raise _syntax_error(path, err) from None
    problems = [(m.line + 1, m.column + 1, what) for m, what in _duplicates(root)]
    if problems:
        raise StackFileError(path, problems)
    try:  # the value, built from the nodes composed above (the pure-Python parser reads the text once)
        return root, yaml.constructor.construct_document(root) if root is not None else None
    except MarkedYAMLError as err:  # anything compose let through that construction refuses
        raise _syntax_error(path, err) from None


def _syntax_error(path: Path, err: MarkedYAMLError) -> StackFileError:
    mark = err.problem_mark or err.context_mark
    what = str(err.problem or err.context or "cannot be parsed")
    if "\\t" in what or "\t" in what:
        what += " (YAML indents with spaces; replace the tab)"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return StackFileError(path, [(line, column, f"invalid YAML: {what}")])


def _duplicates(node: Node | None, seen: frozenset[int] = frozenset()) -> Iterator[tuple[Any, str]]:
    """Keys written twice in one map, anywhere in the document (the CLI refuses them; YAML would keep the last)."""
    if node is None or id(node) in seen:
        return
    seen = seen | {id(node)}
    if isinstance(node, MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                if key.value in first and key.value != "<<":
                    yield key.start_mark, f"duplicate key {key.value!r} (first at line {first[key.value]}); keep one of them"
                first.setdefault(key.value, key.start_mark.line + 1)
            yield from _duplicates(value, seen)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _duplicates(item, seen)


def project_name(project_dir: Path) -> str:
    """The project name from Pulumi.yaml."""
    _, data = load_document(project_dir / "Pulumi.yaml")
    return str(data["name"])


def read_stack_file(path: Path) -> StackFile:
    """The `config:` map of a stack file, every value turned into the string the CLI would pass."""
    root, data = load_document(path)
    if root is None:
        return StackFile(path, {})
    if not isinstance(root, MappingNode):
        raise StackFileError(path, [(_line(root), _column(root), "a stack file must be a map with a config: key")])
    unknown = [(_line(k), _column(k), _unknown_top_key(str(k.value))) for k, _ in root.value
               if isinstance(k, ScalarNode) and k.value not in STACK_FILE_KEYS]
    if unknown:
        raise StackFileError(path, unknown)
    config = next((v for k, v in root.value if isinstance(k, ScalarNode) and k.value == "config"), None)
    if config is None or config.tag == _NULL:
        return StackFile(path, {})
    if not isinstance(config, MappingNode):
        kind = "a list" if isinstance(config, SequenceNode) else f"the value {config.value!r}"
        raise StackFileError(path, [(_line(config), _column(config),
                                     f"config: must be a map of config keys to values (`ecr-access:repositories: ...`), not {kind}")])
    values: dict[str, str] = {}
    secrets: list[Secret] = []
    problems: list[Problem] = []
    for key_node, node in config.value:
        key = str(key_node.value)
        if isinstance(node, ScalarNode):
            values[key] = "" if node.tag == _NULL else node.value  # the text as written, as the CLI passes it
            continue
        for found in _nested(node, key):
            if found.problem:
                problems.append(Problem(found.path, found.problem))
            else:
                secrets.append(Secret(key, found.path, _line(found.node), _column(found.node)))
        value = _as_go_json(data["config"][key])
        values[key] = value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False)
    return StackFile(path, values, tuple(secrets), tuple(problems))


def _unknown_top_key(key: str) -> str:
    close = difflib.get_close_matches(key.lower(), STACK_FILE_KEYS, n=1)
    hint = f"did you mean {close[0]}:?" if close else f"a stack file holds only {', '.join(k + ':' for k in STACK_FILE_KEYS)}"
    return f"{key}: is not a key of a stack file, so the CLI would not read what is under it; {hint}"


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _column(node: Node) -> int:
    return node.start_mark.column + 1


def _as_go_json(value: Any) -> Any:
    """A YAML value as the CLI's JSON has it: secrets masked, whole floats as integers (Go prints 1.0 as 1), dates as text."""
    if isinstance(value, dict):
        if len(value) == 1 and isinstance(value.get("secure"), str):
            return SECRET_PLACEHOLDER
        return {str(k).lower() if isinstance(k, bool) else str(k): _as_go_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_go_json(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class _Found:
    node: Node
    path: str
    problem: str | None = None  # None: a secret


def _nested(node: Node, path: str) -> Iterator[_Found]:
    """In a structured value: each secret, and each number YAML read from digits it would mangle (a problem naming its
    config path, its line, and the value as written)."""
    if isinstance(node, MappingNode):
        pairs = [(k, v) for k, v in node.value if isinstance(k, ScalarNode)]
        if len(node.value) == 1 and pairs and pairs[0][0].value == "secure" and pairs[0][1].tag == _STR:
            yield _Found(node, path)
            return
        for key, value in pairs:
            yield from _nested(value, f"{path}.{key.value}")
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _nested(item, f"{path}[{index}]")
    elif isinstance(node, ScalarNode) and node.style is None:
        text = node.value
        if node.tag == _INT and _LEADING_ZERO.match(text):
            yield _Found(node, path, f"YAML read the unquoted value on line {_line(node)} as the number {int(text, 10)}, "
                                     f"dropping its leading zeros; account IDs must be quoted: \"{text.lstrip('+')}\" (got {text})")
        elif node.tag == _FLOAT and text.lstrip("+-").lower() in (".inf", ".nan"):
            yield _Found(node, path, f"is not a finite number (line {_line(node)}); quote it if it is text (got {text})")
