"""The access report on synthetic plans that follow the contract, and on the real dev plan."""

from __future__ import annotations

import json

from ecr_access.report.__main__ import main
from ecr_access.report.access import compute
from ecr_access.report.conditions import UNCONDITIONAL
from ecr_access.report.render import to_markdown, to_table
from tests.helpers.plans import (
    ACCOUNT,
    CACHE_USER,
    allow,
    attach,
    deny,
    group,
    membership,
    plan,
    policy,
    repo_arn,
    repository,
    repository_policy,
    sample_plan,
    user,
)
from tests.helpers.shipped_config import shipped_config

ECR_USER = f"arn:aws:iam::{ACCOUNT}:user/ecrUser"
TEAM_A_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecr_access_teama_role"


def test_a_user_pushes_my_repo_through_its_policy():
    rows = compute(sample_plan()).rows(ECR_USER)
    assert rows["my-repo"].levels == ("pull", "push")
    assert {v.document for v in rows["my-repo"].via} == {"policy ecrUser-ecr-access"}
    assert rows["(registry)"].actions == ("ecr:GetAuthorizationToken",)
    assert set(rows) == {"my-repo", "(registry)"}


def test_a_namespace_role_covers_team_a_and_nothing_on_team_b():
    rows = compute(sample_plan()).rows(TEAM_A_ROLE)
    assert set(rows) == {"team-a/*", "team-a/alpine", "team-a/api"}
    assert rows["team-a/*"].pattern and rows["team-a/*"].covers == ("team-a/alpine", "team-a/api")
    assert rows["team-a/alpine"].actions == ("ecr:ListImages",) and rows["team-a/alpine"].levels == ()


def test_a_registry_policy_principal_holds_the_cache_prefix():
    matrix = compute(sample_plan())
    rows = matrix.rows(CACHE_USER)
    assert list(rows) == ["ecr-public/*"]
    assert rows["ecr-public/*"].actions == ("ecr:BatchImportUpstreamImage", "ecr:CreateRepository")
    assert rows["ecr-public/*"].covers == ()
    assert [v.kind for v in rows["ecr-public/*"].via] == ["registry"]
    assert matrix.principal(CACHE_USER).internal is False


def test_group_members_inherit_group_policies_and_explicit_deny_removes_push():
    p = plan(
        repository("my-repo"), repository("team-b/alpine"), user("alice"), group("devs"), membership("alice", "devs"),
        policy("devs-push", allow(["ecr:*"], repo_arn("*"), Sid="All")),
        policy("no-team-b-push", deny(["ecr:PutImage"], repo_arn("team-b/*"), Sid="NoPush")),
        attach("group", "devs", "devs-push"), attach("user", "alice", "no-team-b-push"),
    )
    rows = compute(p).rows(f"arn:aws:iam::{ACCOUNT}:user/alice")
    # ecr:* on repository/* includes ecr:CreateRepository and every administering action: `create` and `admin` show.
    assert rows["my-repo"].levels == ("pull", "push", "read", "create", "admin")
    assert rows["team-b/alpine"].levels == ("pull", "read")
    assert "ecr:PutImage" not in rows["team-b/alpine"].actions
    assert {v.document for v in rows["my-repo"].via} == {"policy devs-push (group devs)"}
    assert rows["*"].covers == ("my-repo", "team-b/alpine")


def test_repository_policy_principals_wildcard_and_conditions():
    p = plan(repository("my-repo"), repository_policy(
        "my-repo",
        allow(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"], Sid="Org",
              Principal="*", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}),
        allow(["ecr:BatchGetImage"], Sid="Lambda", Principal={"Service": "lambda.amazonaws.com"}),
        deny(["ecr:BatchGetImage"], Sid="NotThem", Principal={"AWS": "444455556666"}),
    ))
    matrix = compute(p)
    anyone = matrix.rows("*")["my-repo"]
    assert anyone.levels == ("pull",) and anyone.conditional and anyone.conditions == ("aws:PrincipalOrgID",)
    # "*" admits the service too (conditions are not decided), so it holds pull, conditionally, via both statements.
    lam = matrix.rows("service:lambda.amazonaws.com")["my-repo"]
    assert lam.levels == ("pull",) and {v.sid for v in lam.via} == {"Org", "Lambda"}
    assert "arn:aws:iam::444455556666:root" not in {p.key for p in matrix.principals}


def test_renderings_name_principal_target_and_document():
    matrix = compute(sample_plan())
    table, markdown = to_table(matrix), to_markdown(matrix)
    assert "team-a/* (covers: team-a/alpine, team-a/api)" in table
    assert "| user ecrUser | my-repo | pull, push | - | policy ecrUser-ecr-access [PushMyRepo] |" in markdown
    assert "team-b/alpine" not in table  # the team-a role: nothing on team-b


def test_cli_reads_a_plan_file_and_the_dev_stack(tmp_path, capsys):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(sample_plan()))
    assert main([str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"principal": ECR_USER, "target": "my-repo"}.items() <= out["access"][1].items()
    declared = json.loads(shipped_config("dev").get("ecr-access:repositories", "[]"))
    assert main(["--stack", "dev", "--format", "json"]) == 0
    dev = json.loads(capsys.readouterr().out)
    assert dev["repositories"] == sorted(r["name"] for r in declared)
    assert main([str(tmp_path / "missing.json")]) == 1


def test_trusted_principals_hold_the_role_access_under_the_trust_conditions():
    oidc = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
    trust = {"Version": "2012-10-17", "Statement": [
        {"Sid": "Ci", "Effect": "Allow", "Principal": {"Federated": oidc}, "Action": "sts:AssumeRoleWithWebIdentity",
         "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:org/app:ref:refs/heads/main"}}},
        {"Sid": "People", "Effect": "Allow", "Principal": {"AWS": [f"arn:aws:iam::{ACCOUNT}:user/alice", "444455556666"]},
         "Action": "sts:AssumeRole"},
        {"Sid": "NotThem", "Effect": "Deny", "Principal": {"AWS": "444455556666"}, "Action": "sts:AssumeRole"},
    ]}
    ci = sample_plan(user("alice"))
    role_entry = next(r for r in ci["resources"] if r["name"] == "ecr_access_teama_role")
    role_entry["inputs"]["assumeRolePolicy"] = trust
    matrix = compute(ci)
    assumers = {p.key: p for p in matrix.principals if p.assumes == TEAM_A_ROLE}
    # The explicitly denied account is not an assumer; alice (a user of the stack) keeps her label and is internal.
    assert sorted(p.label for p in assumers.values()) == [
        "federated token.actions.githubusercontent.com as role ecr_access_teama_role",
        "user alice as role ecr_access_teama_role",
    ]
    federated = matrix.rows(f"federated:{oidc} as {TEAM_A_ROLE}")
    assert set(federated) == set(matrix.rows(TEAM_A_ROLE)) == {"team-a/*", "team-a/alpine", "team-a/api"}
    cell = federated["team-a/api"]
    assert cell.actions == ("ecr:ListImages",) and cell.conditional
    assert cell.conditions == ("token.actions.githubusercontent.com:sub",)
    assert cell.when_of("ecr:ListImages") == (
        (("StringEquals token.actions.githubusercontent.com:sub = repo:org/app:ref:refs/heads/main",),),)
    assert [v.document for v in cell.via if v.kind == "trust"] == ["trust policy of ecr_access_teama_role"]
    alice = matrix.rows(f"arn:aws:iam::{ACCOUNT}:user/alice as {TEAM_A_ROLE}")["team-a/api"]
    assert not alice.conditional and matrix.principal(alice.principal).internal
    data = matrix.to_json()
    assert {"assumes": TEAM_A_ROLE}.items() <= next(
        p for p in data["principals"] if p["key"] == cell.principal).items()


def test_conditional_deny_makes_the_allow_conditional_on_it_not_applying():
    p = sample_plan(
        policy("ip-guard", deny("ecr:PutImage", repo_arn("*"), Sid="OfficeOnly",
                                Condition={"NotIpAddress": {"aws:SourceIp": ["198.51.100.0/24", "203.0.113.0/24"]}})),
        attach("user", "ecrUser", "ip-guard"),
    )
    cell = compute(p).rows(ECR_USER)["my-repo"]
    assert cell.when_of("ecr:PutImage") == (
        (("not (NotIpAddress aws:SourceIp = 198.51.100.0/24, 203.0.113.0/24)",),),)
    assert cell.when_of("ecr:BatchGetImage") == (UNCONDITIONAL,)
