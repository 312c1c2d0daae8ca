"""The fixture prod stack differs from the fixture dev stack exactly where docs/guides/environments.md says."""

from __future__ import annotations

import json

import pytest

from tests.helpers.stacks import by_type, run_fixture


@pytest.fixture(scope="module")
def plans():
    return {stack: run_fixture(stack) for stack in ("dev", "prod")}


def test_same_repositories_protected_only_in_prod(plans):
    repos = {stack: {r.name: r for r in by_type(result, "aws:ecr/repository:Repository")} for stack, result in plans.items()}
    assert set(repos["dev"]) == set(repos["prod"])
    assert not any(r.protect for r in repos["dev"].values())
    assert all(r.protect for r in repos["prod"].values())
    assert repos["dev"]["my-repo"].inputs["imageTagMutability"] == "IMMUTABLE_WITH_EXCLUSION"
    assert {r.inputs["imageTagMutability"] for r in repos["prod"].values()} == {"IMMUTABLE"}


def test_prod_replicates_to_a_second_region_and_has_no_console_statements(plans):
    (replication,) = by_type(plans["prod"], "aws:ecr/replicationConfiguration:ReplicationConfiguration")
    assert replication.inputs["replicationConfiguration"]["rules"] == [
        {"destinations": [{"region": "us-west-2", "registryId": "345678901234"}]}
    ]
    assert by_type(plans["dev"], "aws:ecr/replicationConfiguration:ReplicationConfiguration") == []

    def sids(result):
        return {s["Sid"] for p in by_type(result, "aws:iam/policy:Policy") for s in json.loads(p.inputs["policy"])["Statement"]}

    assert "ConsoleReadOnly" in sids(plans["dev"])
    assert not sids(plans["prod"]) & {"ConsoleReadOnly", "NavigateInConsole", "ViewOwnUserInfo"}
