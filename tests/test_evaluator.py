"""The IAM evaluator on its own: matching rules, explicit deny, NotAction/NotResource, principals, conditions."""

from __future__ import annotations

from report.evaluate import Caller, Decision, evaluate, parse, wildcard_match
from tests.plan_fixtures import ACCOUNT, repo_arn

TEAM_A = {"Version": "2012-10-17", "Statement": [
    {"Sid": "ListTeamA", "Effect": "Allow", "Action": "ecr:ListImages", "Resource": repo_arn("team-a/*")}]}


def decide(doc, action, resource, caller=None, **kw):
    return evaluate(parse(doc, source="doc", **kw), action, resource, caller).decision


def test_seed_003_team_a_role_lists_team_a_only():
    assert decide(TEAM_A, "ecr:ListImages", repo_arn("team-a/alpine")) is Decision.ALLOW
    assert decide(TEAM_A, "ecr:ListImages", repo_arn("team-a/api")) is Decision.ALLOW
    assert decide(TEAM_A, "ecr:ListImages", repo_arn("team-b/alpine")) is Decision.IMPLICIT_DENY
    assert decide(TEAM_A, "ecr:BatchGetImage", repo_arn("team-a/alpine")) is Decision.IMPLICIT_DENY


def test_explicit_deny_wins_over_allow_and_names_the_statement():
    doc = {"Statement": [
        {"Effect": "Allow", "Action": "ecr:*", "Resource": "*"},
        {"Sid": "NoTeamB", "Effect": "Deny", "Action": "ecr:Batch*", "Resource": repo_arn("team-b/*")}]}
    result = evaluate(parse(doc, source="doc"), "ecr:BatchGetImage", repo_arn("team-b/alpine"))
    assert result.decision is Decision.DENY
    assert [r.sid for r in result.denied_by] == ["NoTeamB"]
    assert decide(doc, "ecr:BatchGetImage", repo_arn("team-a/alpine")) is Decision.ALLOW


def test_not_action_and_not_resource():
    doc = {"Statement": [{"Effect": "Allow", "NotAction": "ecr:Delete*", "NotResource": repo_arn("prod/*")}]}
    assert decide(doc, "ecr:PutImage", repo_arn("my-repo")) is Decision.ALLOW
    assert decide(doc, "ecr:DeleteRepository", repo_arn("my-repo")) is Decision.IMPLICIT_DENY
    assert decide(doc, "ecr:PutImage", repo_arn("prod/api")) is Decision.IMPLICIT_DENY


def test_actions_match_case_insensitively_resources_do_not():
    doc = {"Statement": [{"Effect": "Allow", "Action": "ECR:listimages", "Resource": repo_arn("My-Repo")}]}
    assert decide(doc, "ecr:ListImages", repo_arn("My-Repo")) is Decision.ALLOW
    assert decide(doc, "ecr:ListImages", repo_arn("my-repo")) is Decision.IMPLICIT_DENY
    assert wildcard_match("ecr:Get?uthorizationToken", "ecr:GetAuthorizationToken")


def test_statement_without_action_matches_nothing():
    assert decide({"Statement": [{"Effect": "Allow", "Resource": "*"}]}, "ecr:PutImage", "*") is Decision.IMPLICIT_DENY


def test_conditions_make_allow_conditional_and_conditional_deny_does_not_deny():
    doc = {"Statement": [
        {"Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": "*"},
        {"Effect": "Deny", "Action": "ecr:BatchGetImage", "Resource": "*",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
    assert decide(doc, "ecr:BatchGetImage", repo_arn("a")) is Decision.CONDITIONAL
    only_conditional = {"Statement": [{"Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": "*",
                                       "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]}
    assert decide(only_conditional, "ecr:BatchGetImage", repo_arn("a")) is Decision.CONDITIONAL


def test_principals_in_resource_policies():
    user = Caller("aws", f"arn:aws:iam::{ACCOUNT}:user/ecrUser")
    other = Caller("aws", "arn:aws:iam::111122223333:user/x")
    root = Caller("aws", "arn:aws:iam::111122223333:root")
    doc = {"Statement": [
        {"Effect": "Allow", "Principal": {"AWS": ["111122223333", f"arn:aws:iam::{ACCOUNT}:user/ecrUser"]},
         "Action": "ecr:BatchGetImage"}]}
    kw = {"kind": "repository", "default_resource": repo_arn("my-repo")}
    assert decide(doc, "ecr:BatchGetImage", repo_arn("my-repo"), user, **kw) is Decision.ALLOW
    assert decide(doc, "ecr:BatchGetImage", repo_arn("my-repo"), root, **kw) is Decision.ALLOW
    # An account grant delegates to that account's identity policies: it is not a grant to each of its users.
    assert decide(doc, "ecr:BatchGetImage", repo_arn("my-repo"), other, **kw) is Decision.IMPLICIT_DENY
    # The statement has no Resource: it covers only the repository the policy is attached to.
    assert decide(doc, "ecr:BatchGetImage", repo_arn("other"), user, **kw) is Decision.IMPLICIT_DENY
    star = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}]}
    assert decide(star, "ecr:BatchGetImage", repo_arn("my-repo"), Caller("anyone"), **kw) is Decision.ALLOW
    svc = {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "ecr:*"}]}
    assert decide(svc, "ecr:BatchGetImage", repo_arn("my-repo"), Caller("service", "lambda.amazonaws.com"), **kw) is Decision.ALLOW
    assert decide(svc, "ecr:BatchGetImage", repo_arn("my-repo"), user, **kw) is Decision.IMPLICIT_DENY
