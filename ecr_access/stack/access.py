"""Register the compiled IAM groups, users and roles through the public components, and collect their outputs."""

from __future__ import annotations

from typing import Any

import pulumi

from ecr_access.components.github_oidc_provider import GitHubOidcProvider, GitHubOidcProviderArgs
from ecr_access.components.repo_access_group import RepoAccessGroup, RepoAccessGroupArgs
from ecr_access.components.repo_access_role import RepoAccessRole, RepoAccessRoleArgs
from ecr_access.components.repo_access_user import RepoAccessUser, RepoAccessUserArgs
from ecr_access.features.principals.compile import CompiledPrincipal, member_paths
from ecr_access.stack.args import public_registry
from ecr_access.stack.compile import CompiledStack


def principal_args(p: CompiledPrincipal, compiled: CompiledStack) -> dict[str, Any]:
    """The arguments every principal component takes, from a compiled principal (its documents passed along)."""
    spec, config = p.spec, compiled.config
    return dict(
        registry=public_registry(compiled),
        name=spec.name, path=spec.iam_path,
        grants=spec.grants,
        console=spec.console, view_own_permissions=spec.view_own_permissions, tags=dict(spec.tags),
        max_policies=config.access.max_policies, adopt=spec.import_id is not None, protect_adopted=config.protect,
        precompiled=(p.policies, p.trust_policy),
    )


def group_args(p: CompiledPrincipal, compiled: CompiledStack) -> RepoAccessGroupArgs:
    """The public arguments of a compiled group."""
    paths = member_paths(compiled.config.access).get(p.spec.name, ("/",))
    return RepoAccessGroupArgs(**principal_args(p, compiled), member_paths=paths)


def user_args(p: CompiledPrincipal, compiled: CompiledStack, groups: dict[str, RepoAccessGroup]) -> RepoAccessUserArgs:
    """The public arguments of a compiled user, joining the registered groups."""
    spec = p.spec
    key = spec.access_key
    return RepoAccessUserArgs(
        **principal_args(p, compiled), groups=tuple(groups[g] for g in spec.groups), access_key=key is not None,
        pgp_key=key.pgp_key if key is not None else None, permissions_boundary=spec.permissions_boundary,
    )


def role_args(p: CompiledPrincipal, compiled: CompiledStack, provider: GitHubOidcProvider | None = None) -> RepoAccessRoleArgs:
    """The public arguments of a compiled role (`provider`: the GitHub OIDC provider the stack creates, if it does)."""
    spec = p.spec
    return RepoAccessRoleArgs(
        **principal_args(p, compiled), trust=spec.trust, description=spec.description,
        max_session_duration=spec.max_session_duration, permissions_boundary=spec.permissions_boundary,
        github_oidc_provider=provider if spec.trust is not None and spec.trust.github else None,
    )


def github_oidc_provider(compiled: CompiledStack) -> GitHubOidcProvider | None:
    """The GitHub OIDC provider component, when the stack creates it (`ecr-access:githubOidcProvider: create`)."""
    spec = compiled.config.github_oidc_provider
    if spec is None or not spec.create:
        return None
    return GitHubOidcProvider("github-oidc-provider", GitHubOidcProviderArgs(
        registry=public_registry(compiled),
        protect=spec.protect, adopt=spec.adopt, tags=dict(compiled.config.tags.tags),
    ))


def deploy_access(compiled: CompiledStack,
                  components: dict[tuple[str, str], RepoAccessUser | RepoAccessRole] | None = None) -> dict[str, Any]:
    """Create every principal component; groups first so users can join them.

    `components`, when given, receives each user's and role's component by (kind, name): for the policies that name
    its IAM user or role, and for what takes the component (pull-time update exclusions).
    """
    groups = {p.spec.name: RepoAccessGroup(p.spec.name, group_args(p, compiled)) for p in compiled.principals_of("group")}
    users = {p.spec.name: RepoAccessUser(p.spec.name, user_args(p, compiled, groups)) for p in compiled.principals_of("user")}
    provider = github_oidc_provider(compiled)
    roles = {p.spec.name: RepoAccessRole(p.spec.name, role_args(p, compiled, provider)) for p in compiled.principals_of("role")}
    if components is not None:
        components.update({("user", name): c for name, c in users.items()})
        components.update({("role", name): c for name, c in roles.items()})
    outputs: dict[str, Any] = {
        "userArns": {name: c.arn for name, c in users.items()},
        "groupArns": {name: c.arn for name, c in groups.items()},
        "roleArns": {name: c.arn for name, c in roles.items()},
        "policyArns": {
            kind: {name: c.policy_arns for name, c in components.items()}
            for kind, components in (("users", users), ("groups", groups), ("roles", roles))
        },
    }
    if compiled.config.github_oidc_provider is not None:
        outputs["githubOidcProviderArn"] = provider.arn if provider is not None else compiled.config.github_oidc_provider.arn
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
