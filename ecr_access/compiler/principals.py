"""Compile IAM users, groups and roles: identity policies packed into managed policies, trust policies, ARNs."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.compiler.errors import blame
from ecr_access.config.errors import ConfigError, Problems
from ecr_access.features.principals import AccessConfig, PrincipalSpec
from ecr_access.policies.arns import Registry
from ecr_access.policies.identity import WILDCARD_SIDS, IdentityOptions, grant_statements, option_statements
from ecr_access.policies.packing import pack
from ecr_access.policies.quotas import DocumentKind
from ecr_access.policies.validate import RenderedPolicy, render_validated

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
    label = f"{spec.kind} {spec.name}"
    for path, grant in spec.grants:
        # Validated alone first, so a bad grant is blamed on its own entry rather than on the whole principal.
        with blame(path):
            for doc in pack(grant_statements((grant,), registry), label=label, max_policies=10**6):
                render_validated(doc, DocumentKind.IDENTITY, label)
    paths = (spec.iam_path,) if spec.kind == "user" else user_paths
    options = IdentityOptions(console=spec.console, view_own_permissions=spec.view_own_permissions, user_paths=paths)
    statements = grant_statements(tuple(g for _, g in spec.grants), registry) + option_statements(options, registry)
    policies = []
    with blame(f"{spec.path}.grants"):
        for index, doc in enumerate(pack(statements, label=label, max_policies=max_policies)):
            name = policy_name(spec.name, index)
            rendered = render_validated(doc, DocumentKind.IDENTITY, name, wildcard_resource_sids=WILDCARD_SIDS)
            arn = registry.iam_arn("policy", name, spec.iam_path)
            policies.append(CompiledPolicy(name=name, path=spec.iam_path, arn=arn, document=rendered))
    trust = None
    if spec.trust is not None:
        with blame(f"{spec.path}.trust"):
            trust = render_validated(spec.trust.document(registry), DocumentKind.TRUST, spec.name)
    arn = registry.iam_arn(spec.kind, spec.name, spec.iam_path)
    return CompiledPrincipal(spec=spec, arn=arn, policies=tuple(policies), trust_policy=trust)


def compile_access(access: AccessConfig, registry: Registry) -> tuple[CompiledPrincipal, ...]:
    """Compile every principal (groups, users, roles); policy names must be unique in the account."""
    problems = Problems()
    compiled: list[CompiledPrincipal] = []
    owners: dict[str, str] = {}
    # The IAM paths of each group's members, gathered once (not one scan of every user per principal).
    member_paths: dict[str, set[str]] = {}
    for user in access.users:
        for group in user.groups:
            member_paths.setdefault(group, set()).add(user.iam_path)
    for spec in access.principals:
        members = tuple(sorted(member_paths.get(spec.name, ()))) if spec.kind == "group" else ()
        members = members or ("/",)
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
