"""Compile IAM users, groups and roles: identity policies packed into managed policies, ARNs (roles' trust policies:
features/trust/compile.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.config.blame import blame
from ecr_access.config.errors import ConfigError, Problems
from ecr_access.features.principals import AccessConfig, PrincipalSpec
from ecr_access.features.trust.compile import compile_trust
from ecr_access.features.trust.document import Trust
from ecr_access.iam.arns import Registry
from ecr_access.iam.grants import Grant
from ecr_access.iam.identity import WILDCARD_SIDS, IdentityOptions, grant_statements, option_statements
from ecr_access.iam.packing import pack
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import RenderedPolicy, render_validated

POLICY_SUFFIX = "-ecr-access"


@dataclass(frozen=True)
class CompiledPolicy:
    """One customer managed policy to create and attach: physical name, path, computed ARN, rendered document."""

    name: str
    path: str
    arn: str
    document: RenderedPolicy


@dataclass(frozen=True)
class CompiledPrincipal:
    """A user, group or role ready to register: its spec, ARN, managed policies and (roles) trust policy."""

    spec: PrincipalSpec
    arn: str
    policies: tuple[CompiledPolicy, ...]
    trust_policy: RenderedPolicy | None = None


def policy_name(principal: str, index: int) -> str:
    """The deterministic name of a principal's n-th managed policy (`<principal>-ecr-access`, then `-2`, `-3`)."""
    return f"{principal}{POLICY_SUFFIX}" + (f"-{index + 1}" if index else "")


def compile_principal(
    spec: PrincipalSpec, registry: Registry, max_policies: int, user_paths: tuple[str, ...] = ("/",)
) -> CompiledPrincipal:
    """Build, pack and validate one principal's documents; errors are ConfigErrors at the entry that caused them."""
    paths = (spec.iam_path,) if spec.kind == "user" else user_paths
    options = IdentityOptions(console=spec.console, view_own_permissions=spec.view_own_permissions, user_paths=paths)
    identity = IdentitySpec(kind=spec.kind, name=spec.name, path=spec.path, iam_path=spec.iam_path, grants=spec.grants,
                            options=options, trust=spec.trust, max_policies=max_policies)
    policies, trust = compile_identity(identity, registry)
    return CompiledPrincipal(spec=spec, arn=identity.arn(registry), policies=policies, trust_policy=trust)


@dataclass(frozen=True)
class IdentitySpec:
    """What a principal's documents are built from, whoever declared it (stack config or component args).

    `path` is where it was declared (`ecr-access:users[0]`, `RepoAccessUserArgs`); each grant's `source` is where
    that grant was written, and errors are blamed there.
    """

    kind: str
    name: str
    path: str
    iam_path: str
    grants: tuple[Grant, ...]
    options: IdentityOptions
    trust: Trust | None
    max_policies: int

    def arn(self, registry: Registry) -> str:
        """The principal's ARN, computed."""
        return registry.iam_arn(self.kind, self.name, self.iam_path)


def compile_identity(spec: IdentitySpec, registry: Registry) -> tuple[tuple[CompiledPolicy, ...], RenderedPolicy | None]:
    """The principal's packed managed policies and (roles) trust policy, validated; ConfigError at the blamed source."""
    label = f"{spec.kind} {spec.name}"
    for grant in spec.grants:
        # Validated alone first, so a bad grant is blamed on its own source rather than on the whole principal.
        with blame(grant.source or f"{spec.path}.grants"):
            for doc in pack(grant_statements((grant,), registry), label=label, max_policies=10**6):
                render_validated(doc, DocumentKind.IDENTITY, label)
    statements = grant_statements(spec.grants, registry) + option_statements(spec.options, registry)
    policies = []
    with blame(f"{spec.path}.grants"):
        for index, doc in enumerate(pack(statements, label=label, max_policies=spec.max_policies)):
            name = policy_name(spec.name, index)
            rendered = render_validated(doc, DocumentKind.IDENTITY, name, wildcard_resource_sids=WILDCARD_SIDS)
            arn = registry.iam_arn("policy", name, spec.iam_path)
            policies.append(CompiledPolicy(name=name, path=spec.iam_path, arn=arn, document=rendered))
    return tuple(policies), compile_trust(spec.trust, registry, spec.path, spec.name)


def member_paths(access: AccessConfig) -> dict[str, tuple[str, ...]]:
    """The IAM paths of each group's members, gathered once (not one scan of every user per principal)."""
    found: dict[str, set[str]] = {}
    for user in access.users:
        for group in user.groups:
            found.setdefault(group, set()).add(user.iam_path)
    return {group: tuple(sorted(paths)) for group, paths in found.items()}


def compile_access(access: AccessConfig, registry: Registry) -> tuple[CompiledPrincipal, ...]:
    """Compile every principal (groups, users, roles); policy names must be unique in the account."""
    problems = Problems()
    compiled: list[CompiledPrincipal] = []
    owners: dict[str, str] = {}
    paths = member_paths(access)
    for spec in access.principals:
        members = paths.get(spec.name, ("/",)) if spec.kind == "group" else ("/",)
        with problems.collect():
            principal = compile_principal(spec, registry, access.max_policies, members)
            for policy in principal.policies:
                if policy.name.lower() in owners:
                    raise ConfigError.at(
                        f"{spec.path}.name", f"its policy name {policy.name} is already used by {owners[policy.name.lower()]}", spec.name
                    )
                owners[policy.name.lower()] = spec.path
            compiled.append(principal)
    problems.raise_if_any()
    return tuple(compiled)
