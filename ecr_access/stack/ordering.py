"""Which principals declared in this stack a resource policy or template names (its resource must wait for them).

Read from provenance: the grantees of the Grants placed in a repository, registry or key policy, and the roles a
creation template names - never from the rendered document.
"""

from __future__ import annotations

from collections.abc import Iterable

from ecr_access.features.principals.compile import CompiledPrincipal
from ecr_access.iam.grants import Grant, named_aws_principals


def template_owner(prefix: str, region: str | None = None) -> str:
    """The ordering key of a creation template (and its pull-through rule) for `prefix` (in `region`, when not the
    stack's)."""
    return f"template:{prefix}" if region is None else f"template:{prefix}@{region}"


def key_owner(name: str) -> str:
    """The ordering key of a repository key (its key policy names the stack's users and roles)."""
    return f"key:{name}"


def granted_principals(grants: Iterable[Grant], principals: Iterable[CompiledPrincipal]) -> tuple[tuple[str, str], ...]:
    """(kind, name) of every declared user or role that is the grantee of one of `grants`, sorted."""
    return named_principals(named_aws_principals(grants), principals)


def named_principals(arns: Iterable[str | None], principals: Iterable[CompiledPrincipal]) -> tuple[tuple[str, str], ...]:
    """(kind, name) of every declared user or role whose computed ARN is among `arns`, sorted.

    IAM refuses a resource policy naming a principal that does not exist yet ("Invalid principal"), ECR a template
    or rule whose role does not exist, and a new role or user takes a moment to propagate: the resource naming it
    must depend on it.
    """
    named = {arn for arn in arns if arn}
    return tuple(sorted((p.spec.kind, p.spec.name) for p in principals if p.arn in named))
