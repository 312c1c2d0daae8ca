"""A small IAM policy evaluator: the rules that decide ECR access in this stack's documents.

What it models, on purpose and no more:
- Effect Allow/Deny; an explicit Deny that applies beats any Allow.
- Action/NotAction with `*` and `?` wildcards, case-insensitive (as IAM matches actions).
- Resource/NotResource with `*` and `?` wildcards, case-sensitive; a statement without either (a repository policy's
  usual shape) applies to the resource the document is attached to (`default_resource`).
- Principal/NotPrincipal: `"*"` and `{"AWS": "*"}` match anyone; an account ID or `arn:...:iam::<id>:root` matches the
  account principal itself (in the same account such a grant only delegates to identity policies, so it is reported
  as the account, not as every user of it); an ARN matches that exact principal; Service and Federated match by name.
  Identity-policy statements carry no Principal: they apply to whoever the document is attached to.
- Conditions are not evaluated: a statement with any Condition applies *conditionally*. A conditional Allow gives
  CONDITIONAL; a conditional Deny turns an Allow into CONDITIONAL (it may or may not deny), never into DENY.
Not modelled: policy variables (`${aws:username}` is matched literally), permission boundaries, SCPs, session policies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Any

from ecr_access.iam.document import PolicyDocument

_ROOT = re.compile(r"^arn:[^:]+:iam::(\d{12}):root$")
_ACCOUNT = re.compile(r"^\d{12}$")
_ARN_ACCOUNT = re.compile(r"^arn:[^:]+:[^:]*:[^:]*:(\d{12}):")


class Decision(str, Enum):
    """The outcome of evaluating one request."""

    ALLOW = "allow"
    CONDITIONAL = "conditional"  # allowed only when conditions hold (or a conditional Deny does not)
    DENY = "deny"  # an explicit, unconditional Deny applies
    IMPLICIT_DENY = "implicit-deny"  # nothing allows it

    @property
    def allowed(self) -> bool:
        """True when the request is (possibly conditionally) allowed."""
        return self in (Decision.ALLOW, Decision.CONDITIONAL)


@lru_cache(maxsize=4096)
def _regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(f"^{body}$", re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def wildcard_match(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """IAM string matching: `*` matches any run of characters (including `/` and `:`), `?` exactly one."""
    return bool(_regex(pattern, ignore_case).match(value))


@dataclass(frozen=True)
class Caller:
    """Who makes a request: an AWS principal (ARN), a service, a federated provider, or `anyone` (unauthenticated)."""

    kind: str  # "aws" | "service" | "federated" | "anyone"
    id: str = ""

    @property
    def account(self) -> str | None:
        """The 12-digit account of an AWS principal, if its ARN names one."""
        match = _ARN_ACCOUNT.match(self.id) or _ROOT.match(self.id)
        return match.group(1) if match else None


def _as_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _principal_matches(element: Any, caller: Caller) -> bool:
    if element == "*":
        return True
    if not isinstance(element, dict):
        return False
    if caller.kind == "aws" or caller.kind == "anyone":
        for value in _as_list(element.get("AWS")):
            if value == "*":
                return True
            if caller.kind != "aws":
                continue
            root = _ROOT.match(value)
            account = value if _ACCOUNT.match(value) else (root.group(1) if root else None)
            if account is not None:
                if _ROOT.match(caller.id) and caller.account == account:
                    return True
            elif value == caller.id:
                return True
    if caller.kind == "service":
        return caller.id in _as_list(element.get("Service"))
    if caller.kind == "federated":
        return caller.id in _as_list(element.get("Federated"))
    return False


@dataclass(frozen=True)
class Rule:
    """One statement of one document, normalised for evaluation, with where it came from."""

    effect: str
    actions: tuple[str, ...] | None
    not_actions: tuple[str, ...] | None
    resources: tuple[str, ...] | None
    not_resources: tuple[str, ...] | None
    principal: Any = None
    not_principal: Any = None
    conditions: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    source: str = ""
    kind: str = "identity"  # "identity" | "repository" | "registry" | "template" | "trust"
    sid: str = ""

    @property
    def conditional(self) -> bool:
        """True when the statement has a Condition (which this evaluator does not decide)."""
        return bool(self.conditions)

    @property
    def has_principal(self) -> bool:
        """True for resource-policy statements (they name who they apply to)."""
        return self.principal is not None or self.not_principal is not None

    def matches_action(self, action: str) -> bool:
        """True when the statement's Action/NotAction covers `action`."""
        if self.actions is not None:
            return any(wildcard_match(p, action, ignore_case=True) for p in self.actions)
        return not any(wildcard_match(p, action, ignore_case=True) for p in self.not_actions or ())

    def matches_resource(self, resource: str) -> bool:
        """True when the statement's Resource/NotResource covers `resource`."""
        if self.resources is not None:
            return any(wildcard_match(p, resource) for p in self.resources)
        return not any(wildcard_match(p, resource) for p in self.not_resources or ())

    def matches_principal(self, caller: Caller | None) -> bool:
        """True when the statement applies to `caller` (always, for identity statements)."""
        if not self.has_principal:
            return True
        if caller is None:
            return False
        if self.principal is not None:
            return _principal_matches(self.principal, caller)
        return not _principal_matches(self.not_principal, caller)

    def applies(self, action: str, resource: str, caller: Caller | None = None) -> bool:
        """True when action, resource and principal all match this statement."""
        return self.matches_action(action) and self.matches_resource(resource) and self.matches_principal(caller)


def parse(document: Any, *, source: str, kind: str = "identity", default_resource: str | None = None) -> tuple[Rule, ...]:
    """The rules of a policy document (JSON text or its parsed value, read by `PolicyDocument.from_json`); statements
    without Resource use `default_resource`."""
    if not isinstance(document, (str, Mapping)):
        return ()
    rules = []
    for index, st in enumerate(PolicyDocument.from_json(document).statements):
        resources: tuple[str, ...] | None = st.resources or None
        not_resources = st.not_resources or None
        if resources is None and not_resources is None:
            resources = (default_resource,) if default_resource else ("*",)
        rendered = st.render()
        rules.append(
            Rule(
                effect=st.effect,
                # A statement with neither Action nor NotAction matches no action.
                actions=st.actions or (None if st.not_actions else ()),
                not_actions=st.not_actions or None,
                resources=resources,
                not_resources=not_resources,
                principal=rendered.get("Principal"),
                not_principal=rendered.get("NotPrincipal"),
                conditions=dict(rendered.get("Condition") or {}),
                source=source,
                kind=kind,
                sid=st.sid or f"#{index}",
            )
        )
    return tuple(rules)


@dataclass(frozen=True)
class Result:
    """A decision and the statements behind it."""

    decision: Decision
    allowed_by: tuple[Rule, ...] = ()
    denied_by: tuple[Rule, ...] = ()


def evaluate(rules: Iterable[Rule], action: str, resource: str, caller: Caller | None = None) -> Result:
    """Decide one request against a pool of rules: explicit Deny wins, then Allow, else implicit deny."""
    applying = [r for r in rules if r.applies(action, resource, caller)]
    denies = tuple(r for r in applying if r.effect == "Deny")
    allows = tuple(r for r in applying if r.effect == "Allow")
    hard_denies = tuple(r for r in denies if not r.conditional)
    if hard_denies:
        return Result(Decision.DENY, denied_by=hard_denies)
    if not allows:
        return Result(Decision.IMPLICIT_DENY, denied_by=denies)
    if denies or all(r.conditional for r in allows):
        return Result(Decision.CONDITIONAL, allowed_by=allows, denied_by=denies)
    return Result(Decision.ALLOW, allowed_by=allows)
