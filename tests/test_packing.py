"""Packing a principal's statements into as few managed policies as IAM's quotas allow."""

from __future__ import annotations

import math

import pytest

from ecr_access.iam.document import PolicyDocument
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.grants import Grant, Target
from ecr_access.iam.identity import grant_statements
from ecr_access.iam.levels import Level
from ecr_access.iam.packing import pack, statement_size
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import render_validated
from tests.helpers.stacks import REGISTRY

LIMIT = DocumentKind.IDENTITY.quota.limit


def many(count: int, level: Level = Level.PUSH) -> tuple:
    repos = tuple(f"service-{i:03d}" for i in range(count))
    return grant_statements((Grant(Target(repositories=repos), frozenset({level})),), REGISTRY)


def sizes(docs) -> list[int]:
    return [render_validated(d, DocumentKind.IDENTITY, f"p{i}").size for i, d in enumerate(docs)]


def test_200_repositories_pack_into_few_well_filled_policies():
    statements = many(200)
    docs = pack(statements, label="user ci")
    measured = sizes(docs)
    assert len(docs) == 3 and all(size <= LIMIT for size in measured)
    # Every policy but the last is filled to the brim, and no fewer policies could hold the statements.
    assert all(size >= 0.98 * LIMIT for size in measured[:-1])
    assert len(docs) == math.ceil(sum(statement_size(s) for s in statements) / LIMIT)
    # Nothing lost, nothing duplicated; GetAuthorizationToken stays first in the first policy.
    resources = [r for d in docs for s in d.statements[1 if d is docs[0] else 0:] for r in s.resources]
    assert sorted(resources) == sorted(statements[1].resources)
    assert docs[0].statements[0].sid == "GetAuthorizationToken"
    assert [s.sid for d in docs for s in d.statements] == [
        "GetAuthorizationToken", "PushService000And199More", "PushService000And199MorePart2", "PushService000And199MorePart3",
    ]


def test_packing_is_deterministic():
    assert pack(many(200), label="x") == pack(many(200), label="x")


def test_statements_that_fit_stay_in_one_policy():
    docs = pack(many(3), label="user a")
    assert len(docs) == 1 and docs[0].statements == many(3)


def test_a_statement_too_big_for_the_gap_fills_it_and_continues_in_the_next_policy():
    statements = many(60) + many(60, Level.PULL)[1:]
    docs = pack(statements, label="x")
    assert len(docs) == 2  # the two 60-repository statements do not fit one policy together
    assert all(size <= LIMIT for size in sizes(docs))
    assert [s.sid for s in docs[1].statements] == ["PullService000And59MorePart2"]
    assert len(docs[0].statements[2].resources) + len(docs[1].statements[0].resources) == 60


def test_more_policies_than_attachments_allowed_fails_with_characters_needed_and_limit():
    with pytest.raises(PolicyError) as err:
        pack(many(200), label="user ci", max_policies=2)
    message = str(err.value)
    needed = sum(len(PolicyDocument(d.statements).to_json()) for d in pack(many(200), label="x"))
    assert message.startswith(f"user ci: the grants need {needed} characters of policy in 3 managed policies")
    assert "at most 2 managed policies of 6144 characters (12288 characters)" in message
    assert "ecr-access:maxManagedPoliciesPerPrincipal (at most 20)" in message
