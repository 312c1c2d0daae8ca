"""The IAM evaluator on its own: matching rules, explicit deny, NotAction/NotResource, principals, conditions."""

from __future__ import annotations

from ecr_access.iam.evaluate import Caller, Decision, evaluate, parse, wildcard_match
from tests.helpers.plans import ACCOUNT, repo_arn

TEAM_A = {"Version": "2012-10-17", "Statement": [
    {"Sid": "ListTeamA", "Effect": "Allow", "Action": "ecr:ListImages", "Resource": repo_arn("team-a/*")}]}


def decide(doc, action, resource, caller=None, **kw):
    return evaluate(parse(doc, source="doc", **kw), action, resource, caller).decision


def test_the_team_a_role_lists_team_a_only():
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


def test_on_the_rendered_dev_stack_team_a_allowed_team_b_denied(dev_config):
    from ecr_access.config.stack import load_stack_config
    from ecr_access.stack.compile import compile_stack
    from ecr_access.stack.config_source import decode_config

    compiled = compile_stack(load_stack_config(decode_config(dev_config), project="ecr-access", stack="dev"))
    (role,) = [p for p in compiled.principals if p.spec.name == "ecr_access_teama_role"]
    rules = [r for pol in role.policies for r in parse(pol.document.parsed(), source=pol.name)]
    caller = Caller("aws", role.arn)
    assert evaluate(rules, "ecr:ListImages", repo_arn("team-a/alpine"), caller).decision is Decision.ALLOW
    assert evaluate(rules, "ecr:ListImages", repo_arn("team-a/later"), caller).decision is Decision.ALLOW
    assert evaluate(rules, "ecr:ListImages", repo_arn("team-b/alpine"), caller).decision is Decision.IMPLICIT_DENY
    assert evaluate(rules, "ecr:BatchGetImage", repo_arn("team-a/alpine"), caller).decision is Decision.IMPLICIT_DENY


def test_repository_policy_deny_beats_an_identity_allow_for_every_principal():
    identity = parse({"Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": repo_arn("my-repo")}]}, source="id")
    deny = parse({"Statement": [{"Sid": "Deny", "Effect": "Deny", "Principal": "*", "Action": ["ecr:BatchDeleteImage"]}]},
                 source="repo", kind="repository", default_resource=repo_arn("my-repo"))
    user = Caller("aws", f"arn:aws:iam::{ACCOUNT}:user/ecrUser")
    result = evaluate(list(identity) + list(deny), "ecr:BatchDeleteImage", repo_arn("my-repo"), user)
    assert result.decision is Decision.DENY and [r.kind for r in result.denied_by] == ["repository"]
    assert evaluate(list(identity) + list(deny), "ecr:PutImage", repo_arn("my-repo"), user).decision is Decision.ALLOW
    # The repository policy's Deny covers only its own repository.
    assert evaluate(list(identity) + list(deny), "ecr:BatchDeleteImage", repo_arn("other"), user).decision is Decision.IMPLICIT_DENY


def test_not_action_deny_and_deny_with_exceptions():
    everything_but_pull = {"Statement": [
        {"Effect": "Allow", "Action": "ecr:*", "Resource": "*"},
        {"Effect": "Deny", "NotAction": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": repo_arn("prod/*")}]}
    assert decide(everything_but_pull, "ecr:PutImage", repo_arn("prod/api")) is Decision.DENY
    assert decide(everything_but_pull, "ecr:BatchGetImage", repo_arn("prod/api")) is Decision.ALLOW
    assert decide(everything_but_pull, "ecr:PutImage", repo_arn("dev/api")) is Decision.ALLOW
    # The dev stack's shape: Deny to "*" except admin roles (a condition) - an Allow becomes conditional, never DENY.
    excepted = {"Statement": [
        {"Effect": "Allow", "Action": "ecr:BatchDeleteImage", "Resource": "*"},
        {"Effect": "Deny", "Action": "ecr:BatchDeleteImage", "Resource": "*",
         "Condition": {"StringNotLike": {"aws:PrincipalArn": [f"arn:aws:iam::{ACCOUNT}:role/ecr-admin"]}}}]}
    assert decide(excepted, "ecr:BatchDeleteImage", repo_arn("my-repo")) is Decision.CONDITIONAL
