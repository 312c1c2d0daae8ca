"""Compile repository policies: every source's statements for a repository, validated, merged into one document."""

from __future__ import annotations

from ecr_access.config.blame import blame
from ecr_access.config.errors import Problems
from ecr_access.config.stack import StackConfig
from ecr_access.features.repository_policy.config import PolicyGrantSpec, RepositoryPolicySpec
from ecr_access.features.repository_policy.statements import (
    DenyRule,
    anyone,
    deny_statements,
    grant_statements,
    iam_principals,
    organization,
    organization_paths,
    service,
)
from ecr_access.iam.arns import Registry
from ecr_access.iam.document import PolicyDocument
from ecr_access.iam.grants import Grant, Grantee, Placement
from ecr_access.iam.merge import Contribution, merge_contributions, merge_statements
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import RenderedPolicy, render_validated

KIND = DocumentKind.REPOSITORY


def grantees(spec: PolicyGrantSpec, registry: Registry) -> list[Grantee]:
    """The grantees one config grant entry names (a service without sourceAccount acts for the stack's account)."""
    out = []
    if spec.accounts or spec.principals:
        out.append(iam_principals(registry.partition, *spec.accounts, *spec.principals))
    if spec.organizations:
        out.append(organization(*spec.organizations))
    if spec.organization_paths:
        out.append(organization_paths(*spec.organization_paths))
    for svc in spec.services:
        out.append(service(svc.name, svc.source_account or registry.account, svc.source_arns))
    if spec.anyone:
        out.append(anyone())
    return out


def policy_grants(spec: PolicyGrantSpec, registry: Registry) -> tuple[Grant, ...]:
    """The Grants one `repositoryPolicy.grants[j]` entry makes: one per kind of grantee, sourced at the entry."""
    return tuple(
        Grant(levels=spec.levels, actions=spec.actions, conditions=spec.conditions, grantee=grantee,
              placement=Placement.REPOSITORY, source=spec.path)
        for grantee in grantees(spec, registry)
    )


def policy_contributions(repository: str, spec: RepositoryPolicySpec, registry: Registry) -> list[Contribution]:
    """One contribution per `repositoryPolicy` entry of a repository, each named by its config path."""
    out = []
    for entry in spec.grants:
        with blame(entry.path):
            grants = policy_grants(entry, registry)
            out.append(Contribution(repository, entry.path, grant_statements(repository, grants), grants))
    for deny in spec.denies:
        with blame(deny.path):
            rule = DenyRule(actions=deny.actions, except_arns=deny.except_arns)
            out.append(Contribution(repository, deny.path, deny_statements([rule])))
    return out


def config_contributions(config: StackConfig) -> list[Contribution]:
    """The contributions of every repository's own `repositoryPolicy`; every bad entry is reported at once."""
    problems = Problems()
    out: list[Contribution] = []
    for repo in config.repositories:
        if repo.policy is not None:
            with problems.collect():
                out.extend(policy_contributions(repo.name, repo.policy, config.registry))
    problems.raise_if_any()
    return out


def compile_repository_policy(repository: str, path: str, contributions: list[Contribution]) -> RenderedPolicy | None:
    """The repository's one policy: each contribution validated at its source, then the merge validated at `path`."""
    mine = [c for c in contributions if c.repository == repository]
    if not mine:
        return None
    for c in mine:
        with blame(c.source):
            render_validated(PolicyDocument(merge_statements(c.statements)), KIND, repository)
    with blame(path):
        return render_validated(merge_contributions(mine)[repository], KIND, repository)
