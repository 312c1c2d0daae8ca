"""Merging statements from several sources into one deterministic resource-policy document."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from ecr_access.iam.document import PolicyDocument, Statement
from ecr_access.iam.grants import Grant
from ecr_access.iam.principals import Principals


@dataclass(frozen=True)
class Contribution:
    """Statements one source (a config entry, an access component) adds to one repository's policy, and the Grants
    they were built from (whose grantees say which principals the policy names)."""

    repository: str
    source: str
    statements: tuple[Statement, ...]
    grants: tuple[Grant, ...] = ()


def _group_key(st: Statement) -> tuple:
    # Statements equal in all but their principals grant the union of those principals: one statement does.
    return (st.effect, st.actions, st.not_actions, st.resources, st.not_resources, st.conditions, st.not_principal)


def _order_key(st: Statement) -> tuple:
    return (st.effect != "Allow", st.sid or "", json.dumps(st.render(), sort_keys=True))


def merge_statements(statements: tuple[Statement, ...] | list[Statement]) -> tuple[Statement, ...]:
    """Deduplicate and combine statements (principals merged), order them stably and give each a unique Sid."""
    groups: dict[tuple, Statement] = {}
    for st in statements:
        key = _group_key(st)
        prior = groups.get(key)
        if prior is None:
            groups[key] = st
            continue
        principal = _union(prior.principal, st.principal)
        sid = min(s for s in (prior.sid, st.sid) if s) if (prior.sid or st.sid) else None
        groups[key] = replace(prior, principal=principal, sid=sid)
    merged = sorted(groups.values(), key=_order_key)
    taken: set[str] = set()
    out = []
    for st in merged:
        if st.sid:
            sid, n = st.sid, 1
            while sid in taken:
                n += 1
                sid = f"{st.sid}{n}"
            taken.add(sid)
            st = replace(st, sid=sid)
        out.append(st)
    return tuple(out)


def _union(a: Principals | None, b: Principals | None) -> Principals | None:
    if a is None or b is None:
        return a or b
    return a.merged(b)


def merge_contributions(contributions: tuple[Contribution, ...] | list[Contribution]) -> dict[str, PolicyDocument]:
    """One document per repository from every contribution naming it, repositories in name order."""
    by_repo: dict[str, list[Statement]] = {}
    for contribution in contributions:
        by_repo.setdefault(contribution.repository, []).extend(contribution.statements)
    return {repo: PolicyDocument(merge_statements(by_repo[repo])) for repo in sorted(by_repo)}
