"""The one registry policy of a registry: statements contributed by several features, merged and validated."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from ecr_access.iam import catalog
from ecr_access.iam.document import PolicyDocument, Statement
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.grants import Grant
from ecr_access.iam.merge import merge_statements
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import RenderedPolicy, render_validated


class RegistryPolicyScope(str, Enum):
    """The registry policy scope account setting (REGISTRY_POLICY_SCOPE): V2 enforces every ECR action."""

    V1 = "V1"
    V2 = "V2"


# Under V1, ECR enforces only these actions at the registry level (ECR user guide, "Private registry permissions").
V1_ACTIONS = frozenset({"ecr:BatchImportUpstreamImage", "ecr:CreateRepository", "ecr:ReplicateImage"})


@dataclass(frozen=True)
class RegistryContribution:
    """Statements one feature adds to the registry policy; `source` names what produced them (a config path), `grants`
    the Grants they were built from (whose grantees say which principals the policy names)."""

    source: str
    statements: tuple[Statement, ...]
    grants: tuple[Grant, ...] = ()


class ScopeError(PolicyError):
    """A contribution needs an action the registry policy scope does not enforce; `source` names the contribution."""

    def __init__(self, message: str, source: str):
        super().__init__(message)
        self.source = source


def check_scope(contribution: RegistryContribution, scope: RegistryPolicyScope) -> None:
    """Raise ScopeError when a contribution needs an action the scope does not enforce."""
    if scope is RegistryPolicyScope.V2:
        return
    for st in contribution.statements:
        for pattern in st.actions + st.not_actions:
            for info in catalog.expand(pattern):
                if info.name not in V1_ACTIONS:
                    raise ScopeError(
                        f"{info.name} is not enforced in a registry policy under scope V1, which enforces only "
                        f"{', '.join(sorted(V1_ACTIONS))}", contribution.source
                    )


def merge(contributions: Iterable[RegistryContribution]) -> PolicyDocument | None:
    """One document of every contributed statement (merged as repository policies are); None if empty.

    Unlike a repository policy's, a registry policy's Sid belongs to one contributor: two contents under one Sid
    mean two features disagree, which is an error rather than a renumbering.
    """
    by_sid: dict[str, tuple[Statement, str]] = {}
    unique: set[Statement] = set()
    for contribution in contributions:
        for st in contribution.statements:
            if st in unique:
                continue
            if st.sid and st.sid in by_sid:
                raise PolicyError(
                    f"{by_sid[st.sid][1]} and {contribution.source} contribute different registry policy statements "
                    "that ecr-access would name alike"
                )
            if st.sid:
                by_sid[st.sid] = (st, contribution.source)
            unique.add(st)
    if not unique:
        return None
    return PolicyDocument(merge_statements(sorted(unique, key=lambda st: st.sid or "")))


def render_registry_policy(
    contributions: Iterable[RegistryContribution], scope: RegistryPolicyScope, label: str = "registry"
) -> RenderedPolicy | None:
    """Check every contribution against the scope (ScopeError), merge them and validate the one document (10,240
    characters)."""
    contributions = tuple(contributions)
    for contribution in contributions:
        check_scope(contribution, scope)
    doc = merge(contributions)
    return None if doc is None else render_validated(doc, DocumentKind.REGISTRY, label)
