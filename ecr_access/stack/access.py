"""Register the compiled IAM groups, users and roles, and collect their outputs (secrets only as secrets)."""

from __future__ import annotations

from typing import Any

import pulumi

from ecr_access.compiler.stack import CompiledStack
from ecr_access.components.repo_access_group import RepoAccessGroup, RepoAccessGroupArgs
from ecr_access.components.repo_access_role import RepoAccessRole, RepoAccessRoleArgs
from ecr_access.components.repo_access_user import RepoAccessUser, RepoAccessUserArgs


def deploy_access(compiled: CompiledStack, created: dict[tuple[str, str], pulumi.Resource] | None = None) -> dict[str, Any]:
    """Create every principal component; groups first so users can join them.

    `created`, when given, receives each user's and role's IAM resource by (kind, name), for policies that name them.
    """
    groups = {
        p.spec.name: RepoAccessGroup(p.spec.name, RepoAccessGroupArgs(principal=p)) for p in compiled.principals_of("group")
    }
    users = {
        p.spec.name: RepoAccessUser(
            p.spec.name, RepoAccessUserArgs(principal=p, groups=tuple(groups[g].name for g in p.spec.groups))
        )
        for p in compiled.principals_of("user")
    }
    roles = {p.spec.name: RepoAccessRole(p.spec.name, RepoAccessRoleArgs(principal=p)) for p in compiled.principals_of("role")}
    if created is not None:
        created.update({("user", name): c.user for name, c in users.items()})
        created.update({("role", name): c.role for name, c in roles.items()})
    outputs: dict[str, Any] = {
        "userArns": {name: c.arn for name, c in users.items()},
        "groupArns": {name: c.arn for name, c in groups.items()},
        "roleArns": {name: c.arn for name, c in roles.items()},
        "policyArns": {
            kind: {name: c.policy_arns for name, c in components.items()}
            for kind, components in (("users", users), ("groups", groups), ("roles", roles))
        },
    }
    keyed = {name: c for name, c in users.items() if c.access_key is not None}
    if keyed:
        outputs["accessKeyIds"] = {name: c.access_key_id for name, c in keyed.items()}
    secrets = {name: c.access_key_secret for name, c in keyed.items() if c.access_key_secret is not None}
    if secrets:
        outputs["accessKeySecrets"] = pulumi.Output.secret(secrets)
    encrypted = {name: c.access_key_encrypted_secret for name, c in keyed.items() if c.access_key_encrypted_secret is not None}
    if encrypted:
        outputs["accessKeyEncryptedSecrets"] = encrypted
    return outputs
