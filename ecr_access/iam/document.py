"""Policy documents and statements as frozen dataclasses with deterministic JSON rendering."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ecr_access.iam.errors import PolicyError
from ecr_access.iam.principals import Principals

VERSION = "2012-10-17"
Effect = Literal["Allow", "Deny"]


def _sorted_unique(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


_STATEMENT_KEYS = {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}


def _strings(value: Any) -> tuple[str, ...]:
    # One value or a list of them, as IAM takes either.
    return (str(value),) if not isinstance(value, (list, tuple)) else tuple(str(v) for v in value)


def _one_or_list(values: tuple[str, ...]) -> Any:
    # A single value renders as a string, as AWS examples do; it also saves quota characters.
    return values[0] if len(values) == 1 else list(values)


@dataclass(frozen=True)
class Condition:
    """One condition test: operator (e.g. `StringEquals`), context key, and the values it accepts."""

    operator: str
    key: str
    values: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _sorted_unique(tuple(str(v) for v in self.values)))


@dataclass(frozen=True)
class Statement:
    """One policy statement; actions, resources and conditions are kept sorted for stable output."""

    sid: str | None = None
    effect: Effect = "Allow"
    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    not_resources: tuple[str, ...] = ()
    principal: Principals | None = None
    not_principal: Principals | None = None
    conditions: tuple[Condition, ...] = ()

    def __post_init__(self) -> None:
        for attr in ("actions", "not_actions", "resources", "not_resources"):
            object.__setattr__(self, attr, _sorted_unique(getattr(self, attr)))
        object.__setattr__(
            self, "conditions", tuple(sorted(set(self.conditions), key=lambda c: (c.operator, c.key, c.values)))
        )

    @property
    def label(self) -> str:
        """How errors name this statement."""
        return f"statement {self.sid!r}" if self.sid else "statement without Sid"

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Statement:
        """A statement read back from its JSON value (what `render` writes, or a document written by hand)."""
        unknown = set(value) - _STATEMENT_KEYS
        if unknown:
            raise PolicyError(f"a statement has no key {', '.join(sorted(unknown))}")
        effect = value.get("Effect")
        if effect not in ("Allow", "Deny"):
            raise PolicyError(f"a statement's Effect is Allow or Deny, not {effect!r}")
        conditions = []
        for operator, tests in (value.get("Condition") or {}).items():
            if not isinstance(tests, Mapping):
                raise PolicyError(f"condition operator {operator} must map keys to values")
            conditions += [Condition(str(operator), str(key), _strings(v)) for key, v in tests.items()]
        principal, not_principal = value.get("Principal"), value.get("NotPrincipal")
        return cls(
            sid=str(value["Sid"]) if value.get("Sid") else None,
            effect=effect,
            actions=_strings(value.get("Action", ())),
            not_actions=_strings(value.get("NotAction", ())),
            resources=_strings(value.get("Resource", ())),
            not_resources=_strings(value.get("NotResource", ())),
            principal=None if principal is None else Principals.from_json(principal),
            not_principal=None if not_principal is None else Principals.from_json(not_principal),
            conditions=tuple(conditions),
        )

    def render(self) -> dict[str, Any]:
        """The statement as a JSON-ready dict, keys in the order AWS documents them."""
        out: dict[str, Any] = {}
        if self.sid:
            out["Sid"] = self.sid
        out["Effect"] = self.effect
        if self.principal is not None:
            out["Principal"] = self.principal.render()
        if self.not_principal is not None:
            out["NotPrincipal"] = self.not_principal.render()
        if self.actions:
            out["Action"] = _one_or_list(self.actions)
        if self.not_actions:
            out["NotAction"] = _one_or_list(self.not_actions)
        if self.resources:
            out["Resource"] = _one_or_list(self.resources)
        if self.not_resources:
            out["NotResource"] = _one_or_list(self.not_resources)
        if self.conditions:
            block: dict[str, dict[str, Any]] = {}
            for cond in self.conditions:
                block.setdefault(cond.operator, {})[cond.key] = _one_or_list(cond.values)
            out["Condition"] = block
        return out


@dataclass(frozen=True)
class PolicyDocument:
    """A whole policy document; statements keep the order they were built in."""

    statements: tuple[Statement, ...] = field(default_factory=tuple)

    def render(self) -> dict[str, Any]:
        """The document as a JSON-ready dict."""
        return {"Version": VERSION, "Statement": [s.render() for s in self.statements]}

    @classmethod
    def from_json(cls, document: str | Mapping[str, Any]) -> PolicyDocument:
        """A document read back from JSON text (or its parsed value): the one reader of policy JSON."""
        data = json.loads(document) if isinstance(document, str) else document
        if not isinstance(data, Mapping):
            raise PolicyError("a policy document is a JSON object")
        statements = data.get("Statement") or []
        if isinstance(statements, Mapping):
            statements = [statements]
        if not isinstance(statements, list) or not all(isinstance(st, Mapping) for st in statements):
            raise PolicyError("a policy document's Statement is a statement or a list of statements")
        return cls(tuple(Statement.from_json(st) for st in statements))

    def to_json(self) -> str:
        """Compact JSON, byte-identical for equal documents: what is sent to AWS."""
        return json.dumps(self.render(), separators=(",", ":"), ensure_ascii=False)

    def __add__(self, other: PolicyDocument) -> PolicyDocument:
        return PolicyDocument(self.statements + other.statements)
