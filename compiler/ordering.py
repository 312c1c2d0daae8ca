"""Which principals declared in this stack a resource policy names (its resource must wait for them)."""

from __future__ import annotations

from typing import Iterable

from compiler.principals import CompiledPrincipal
from policies.validate import RenderedPolicy


def _aws_principals(document: dict) -> set[str]:
    named: set[str] = set()
    for statement in document.get("Statement", []):
        for key in ("Principal", "NotPrincipal"):
            value = statement.get(key)
            if isinstance(value, dict):
                aws = value.get("AWS", [])
                named.update([aws] if isinstance(aws, str) else aws)
    return named


def named_principals(document: RenderedPolicy | None, principals: Iterable[CompiledPrincipal]) -> tuple[tuple[str, str], ...]:
    """(kind, name) of every declared user or role whose computed ARN is a Principal of `document`, sorted.

    IAM refuses a resource policy naming a principal that does not exist yet ("Invalid principal"), and a new
    role or user takes a moment to propagate: the policy resource must depend on it.
    """
    if document is None:
        return ()
    named = _aws_principals(document.parsed())
    return tuple(sorted((p.spec.kind, p.spec.name) for p in principals if p.arn in named))
