"""The access report of the real dev stack shows the seed scenarios (000, 003, 004) as the stack grants them."""

import pytest

from plan.render import to_json_object
from plan.runner import run_stack
from report.access import compute

ACCOUNT = "123456789012"
USER = f"arn:aws:iam::{ACCOUNT}:user/ecrUser"
TEAM_A_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecr_access_teama_role"
CACHE_USER = f"arn:aws:iam::{ACCOUNT}:user/ecr-pull-through-cache-user"


@pytest.fixture(scope="module")
def matrix():
    return compute(to_json_object(run_stack("dev")))


def test_seed_000_ecr_user_pushes_my_repo_through_its_identity_policy(matrix):
    cell = matrix.rows(USER)["my-repo"]
    assert {"pull", "push"} <= set(cell.levels)
    assert any(v.kind == "identity" and v.sid == "PushMyRepo" for v in cell.via)
    assert "team-a/alpine" not in matrix.rows(USER)


def test_seed_003_team_a_role_lists_team_a_and_nothing_on_team_b(matrix):
    rows = matrix.rows(TEAM_A_ROLE)
    for repo in ("team-a/alpine", "team-a/api"):
        assert "ecr:ListImages" in rows[repo].granted
    assert set(rows["team-a/*"].covers) == {"team-a/alpine", "team-a/api"}
    assert "team-b/alpine" not in rows


def test_seed_004_cache_user_imports_through_the_registry_policy(matrix):
    cell = matrix.rows(CACHE_USER)["ecr-public/*"]
    assert {"ecr:CreateRepository", "ecr:BatchImportUpstreamImage"} <= cell.granted
    assert any(v.kind == "registry" for v in cell.via)
