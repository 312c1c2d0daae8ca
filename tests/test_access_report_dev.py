"""The access report of the fixture dev stack shows its principals' access as the stack grants it."""

import pytest

from ecr_access.plan.render import to_json_object
from ecr_access.report.access import compute
from tests.helpers.stacks import run_fixture

ACCOUNT = "123456789012"
USER = f"arn:aws:iam::{ACCOUNT}:user/ecrUser"
TEAM_A_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecr_access_teama_role"
CACHE_USER = f"arn:aws:iam::{ACCOUNT}:user/ecr-pull-through-cache-user"


@pytest.fixture(scope="module")
def matrix():
    return compute(to_json_object(run_fixture("dev")))


def test_a_user_pushes_its_repository_through_its_identity_policy(matrix):
    cell = matrix.rows(USER)["my-repo"]
    assert {"pull", "push"} <= set(cell.levels)
    assert any(v.kind == "identity" and v.sid == "PushMyRepo" for v in cell.via)
    assert "team-a/alpine" not in matrix.rows(USER)


def test_a_role_lists_its_namespace_and_nothing_outside_it(matrix):
    rows = matrix.rows(TEAM_A_ROLE)
    for repo in ("team-a/alpine", "team-a/api"):
        assert "ecr:ListImages" in rows[repo].granted
    assert set(rows["team-a/*"].covers) == {"team-a/alpine", "team-a/api"}
    assert "team-b/alpine" not in rows


def test_a_cache_principal_imports_through_the_registry_policy(matrix):
    cell = matrix.rows(CACHE_USER)["ecr-public/*"]
    assert {"ecr:CreateRepository", "ecr:BatchImportUpstreamImage"} <= cell.granted
    assert any(v.kind == "registry" for v in cell.via)
