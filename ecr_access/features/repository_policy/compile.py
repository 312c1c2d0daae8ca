"""Compile repository policies: every source's statements for a repository, validated, merged into one document."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from ecr_access.config.blame import blame
from ecr_access.config.errors import Problems
from ecr_access.features.repository_policy.config import RepositoryPolicySpec
from ecr_access.features.repository_policy.statements import DenyRule, deny_statements, grant_statements
from ecr_access.iam.document import PolicyDocument
from ecr_access.iam.merge import Contribution, merge_contributions, merge_statements
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import RenderedPolicy, render_validated

KIND = DocumentKind.REPOSITORY


def policy_contributions(repository: str, spec: RepositoryPolicySpec) -> list[Contribution]:
    """One contribution per `repositoryPolicy` entry of a repository, each named by its config path (its grants' source)."""
    out = []
    for source, entry in groupby(spec.grants, key=lambda grant: grant.source):
        grants = tuple(entry)
        with blame(source):
            out.append(Contribution(repository, source, grant_statements(repository, grants), grants))
    for deny in spec.denies:
        with blame(deny.path):
            rule = DenyRule(actions=deny.actions, except_arns=deny.except_arns)
            out.append(Contribution(repository, deny.path, deny_statements([rule])))
    return out


def config_contributions(policies: Iterable[tuple[str, RepositoryPolicySpec | None]]) -> list[Contribution]:
    """The contributions of every repository's own `repositoryPolicy` (`policies`: each declared repository's name and
    policy, None without one); every bad entry is reported at once."""
    problems = Problems()
    out: list[Contribution] = []
    for repository, policy in policies:
        if policy is not None:
            with problems.collect():
                out.extend(policy_contributions(repository, policy))
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
