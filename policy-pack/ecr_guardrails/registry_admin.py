"""Registry-wide admin actions of ECR, and when an IAM action pattern reaches them: one rule for program and pack.

Standard library only, so the pack carries it. REGISTRY_ADMIN_ACTIONS is what AWS's action catalog lists as the ECR
actions of access level Write or Permissions management that act on the registry (they take only Resource "*"):
the registry policy, scanning, replication, pull-through cache rules, creation templates, signing and account
settings. The program's tests check the list against the catalog, so a new such action fails them until listed here.
"""

from __future__ import annotations

import re

REGISTRY_ADMIN_ACTIONS = (
    "ecr:CreatePullThroughCacheRule",
    "ecr:CreateRepositoryCreationTemplate",
    "ecr:DeletePullThroughCacheRule",
    "ecr:DeleteRegistryPolicy",
    "ecr:DeleteRepositoryCreationTemplate",
    "ecr:DeleteSigningConfiguration",
    "ecr:DeregisterPullTimeUpdateExclusion",
    "ecr:PutAccountSetting",
    "ecr:PutRegistryPolicy",
    "ecr:PutRegistryScanningConfiguration",
    "ecr:PutReplicationConfiguration",
    "ecr:PutSigningConfiguration",
    "ecr:RegisterPullTimeUpdateExclusion",
    "ecr:UpdatePullThroughCacheRule",
    "ecr:UpdateRepositoryCreationTemplate",
)
_LOWER = frozenset(a.lower() for a in REGISTRY_ADMIN_ACTIONS)


def is_pattern(action: str) -> bool:
    """True when an IAM action holds a wildcard (`*` or `?`)."""
    return "*" in action or "?" in action


def is_registry_admin(action: str) -> bool:
    """True for an exact registry-admin action name, in any letter case (IAM compares actions case-insensitively)."""
    return action.lower() in _LOWER


def registry_admin_reached(pattern: str) -> tuple[str, ...]:
    """The registry-admin actions an IAM action pattern with `*` or `?` matches (case-insensitive); () for an exact name."""
    if not is_pattern(pattern):
        return ()
    regex = re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.I | re.S)
    return tuple(a for a in REGISTRY_ADMIN_ACTIONS if regex.fullmatch(a))
