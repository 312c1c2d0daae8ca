"""Compile the stack's single registry policy from every feature's contributions."""

from __future__ import annotations

from collections.abc import Sequence

from ecr_access.config.blame import blame
from ecr_access.config.errors import ConfigError
from ecr_access.features.registry_policy.document import (
    RegistryContribution,
    RegistryPolicyScope,
    ScopeError,
    render_registry_policy,
)
from ecr_access.iam.validate import RenderedPolicy

SCOPE_KEY = "ecr-access:registryPolicyScope"


def compile_registry_policy(
    contributions: Sequence[RegistryContribution], scope: RegistryPolicyScope
) -> RenderedPolicy | None:
    """The one registry policy (None when nothing contributes); errors name the scope key or the contributors."""
    with blame(" + ".join(sorted({c.source for c in contributions})) or SCOPE_KEY):
        try:
            return render_registry_policy(contributions, scope)
        except ScopeError as err:
            raise ConfigError.at(SCOPE_KEY, f"{err.source} needs it: {err}; set {SCOPE_KEY} to V2", scope.value) from None
