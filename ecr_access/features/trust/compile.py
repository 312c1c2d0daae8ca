"""Compile a role's trust policy: rendered and validated, a bad one blamed on the role's `trust` key."""

from __future__ import annotations

from ecr_access.config.blame import blame
from ecr_access.features.trust.document import Trust
from ecr_access.iam.arns import Registry
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import RenderedPolicy, render_validated


def compile_trust(trust: Trust | None, registry: Registry, path: str, role: str) -> RenderedPolicy | None:
    """The trust policy of the role `role` declared at `path` (None without `trust`); errors at `<path>.trust`."""
    if trust is None:
        return None
    with blame(f"{path}.trust"):
        return render_validated(trust.document(registry), DocumentKind.TRUST, role)
