"""Which principals declared in this stack a resource policy names (its resource must wait for them)."""

from __future__ import annotations

from typing import Iterable

from ecr_access.compiler.principals import CompiledPrincipal
from ecr_access.policies.validate import RenderedPolicy


def _aws_principals(document: dict) -> set[str]:
    named: set[str] = set()
    for statement in document.get("Statement", []):
        for key in ("Principal", "NotPrincipal"):
            value = statement.get(key)
            if isinstance(value, dict):
                aws = value.get("AWS", [])
                named.update([aws] if isinstance(aws, str) else aws)
    return named


def policy_principal_arns(document: RenderedPolicy | None) -> set[str]:
    """The AWS principals (ARNs or accounts) a resource policy names."""
    return set() if document is None else _aws_principals(document.parsed())


def template_owner(prefix: str) -> str:
    """The ordering key of a creation template (and its pull-through rule) for `prefix`."""
    return f"template:{prefix}"


def named_principals(arns: Iterable[str | None], principals: Iterable[CompiledPrincipal]) -> tuple[tuple[str, str], ...]:
    """(kind, name) of every declared user or role whose computed ARN is among `arns`, sorted.

    IAM refuses a resource policy naming a principal that does not exist yet ("Invalid principal"), ECR a template
    or rule whose role does not exist, and a new role or user takes a moment to propagate: the resource naming it
    must depend on it.
    """
    named = {arn for arn in arns if arn}
    return tuple(sorted((p.spec.kind, p.spec.name) for p in principals if p.arn in named))
