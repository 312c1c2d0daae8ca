"""Regressions found in review: no silent widening of conditions, principals, tagging or deny guards; bad config refused."""

import json

import pytest

from ecr_access.compiler.stack import compile_stack
from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import load_stack_config
from ecr_access.plan.__main__ import main as plan_main
from ecr_access.policies.document import Condition, PolicyDocument, Statement
from ecr_access.policies.errors import PolicyError
from ecr_access.policies.principals import Principals
from ecr_access.policies.quotas import DocumentKind
from ecr_access.policies.validate import render_validated
from ecr_access.stack.config_source import decode_config

BASE = {"aws:region": "us-east-1", "ecr-access:accountId": "123456789012"}
PULL = ("ecr:BatchGetImage",)


def compiled(**keys):
    values = dict(BASE)
    values.update({f"ecr-access:{k}": v for k, v in keys.items()})
    return compile_stack(load_stack_config(values, project="ecr-access", stack="dev"))


def problems(**keys) -> str:
    with pytest.raises(ConfigError) as exc:
        compiled(**keys)
    return str(exc.value)


def repository_policy(*conditions):
    st = Statement(sid="Anyone", actions=PULL, principal=Principals.everyone(), conditions=conditions)
    return render_validated(PolicyDocument((st,)), DocumentKind.REPOSITORY, "my-repo")


def test_two_conditions_on_one_operator_and_key_are_refused_not_collapsed():
    with pytest.raises(PolicyError, match="two conditions test aws:PrincipalOrgID with StringEquals"):
        repository_policy(
            Condition("StringEquals", "aws:PrincipalOrgID", ("o-aaaaaaaaaa",)),
            Condition("StringEquals", "aws:PrincipalOrgID", ("o-zzzzzzzzzz",)),
        )
    msg = problems(repositories=[{"name": "my-repo", "repositoryPolicy": {"grants": [
        {"organization": "o-aaaaaaaaaa", "condition": {"StringEquals": {"aws:PrincipalOrgID": "o-zzzzzzzzzz"}}, "levels": ["pull"]},
    ]}}])
    assert "ecr-access:repositories[0]" in msg and "two conditions test aws:PrincipalOrgID" in msg


@pytest.mark.parametrize(
    "condition",
    [
        Condition("ForAllValues:StringEquals", "aws:SourceVpce", ("vpce-1a2b3c4d",)),  # true when the key is absent
        Condition("StringEqualsIfExists", "aws:PrincipalOrgID", ("o-aaaaaaaaaa",)),  # likewise
        Condition("StringLike", "aws:PrincipalArn", ("arn:aws:iam::*",)),  # every account
        Condition("StringLike", "aws:SourceVpce", ("vpce-*",)),
        Condition("StringLike", "aws:PrincipalOrgID", ("o-*",)),
        Condition("StringLike", "aws:SourceAccount", ("?" * 12,)),
        Condition("ArnLike", "aws:SourceArn", ("arn:aws:lambda:us-east-1:*:function:f",)),
    ],
)
def test_wildcard_principal_needs_a_condition_that_really_pins_the_callers(condition):
    with pytest.raises(PolicyError, match='Principal "\\*" admits every AWS principal'):
        repository_policy(condition)


@pytest.mark.parametrize(
    "condition",
    [
        Condition("StringEquals", "aws:PrincipalOrgID", ("o-aaaaaaaaaa",)),
        Condition("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", ("o-aaaaaaaaaa/r-ab12/ou-ab12-11111111/*",)),
        Condition("ArnLike", "aws:SourceArn", ("arn:aws:lambda:us-east-1:123456789012:function:*",)),
        Condition("StringEquals", "aws:SourceVpce", ("vpce-1a2b3c4d",)),
        Condition("ArnLike", "aws:PrincipalArn", ("arn:aws:iam::123456789012:role/ci-*",)),
    ],
)
def test_pinning_conditions_still_admit_a_wildcard_principal(condition):
    repository_policy(condition)


def test_create_grant_tags_only_the_namespaces_whose_templates_tag():
    role = "arn:aws:iam::123456789012:role/ecr-creation"
    stack = compiled(
        namespaces=[
            {"name": "team-a", "tags": {"team": "a"}, "customRoleArn": role},
            {"name": "team-b"},
        ],
        roles=[{"name": "ci", "trust": {"accountRoot": True}, "grants": [{"levels": ["create"], "namespaces": ["team-a", "team-b"]}]}],
    )
    [ci] = stack.principals_of("role")
    statements = [s for p in ci.policies for s in p.document.parsed()["Statement"]]
    tagging = [s for s in statements if "ecr:TagResource" in s["Action"]]
    assert [s["Resource"] for s in tagging] == ["arn:aws:ecr:us-east-1:123456789012:repository/team-a/*"]
    creating = {r for s in statements if "ecr:CreateRepository" in s["Action"] for r in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])}
    assert creating == {"arn:aws:ecr:us-east-1:123456789012:repository/team-a/*", "arn:aws:ecr:us-east-1:123456789012:repository/team-b/*"}


@pytest.mark.parametrize("actions", [["ecr:*RepositoryPolicy"], ["ecr:Set*"], ["ecr:setrepositorypolicy"]])
def test_locking_the_policy_needs_exceptions_however_the_action_is_spelled(actions):
    msg = problems(repositories=[{"name": "my-repo", "repositoryPolicy": {"deny": [{"actions": actions}]}}])
    assert "would leave the repository policy unchangeable" in msg


@pytest.mark.parametrize("text", ["", "[", "{not json"])
def test_empty_or_malformed_structured_values_are_config_errors(text):
    if text == "":
        assert decode_config({"ecr-access:registryPolicyScope": ""}) == {"ecr-access:registryPolicyScope": ""}
        assert "ecr-access:registryPolicyScope: is empty" in problems(registryPolicyScope="")
    else:
        with pytest.raises(ConfigError, match="ecr-access:repositories: is not a valid structured value"):
            decode_config({"ecr-access:repositories": text})


def test_malformed_value_in_a_stack_file_exits_1_without_a_traceback(tmp_path, capsys):
    stack_file = tmp_path / "Pulumi.dev.yaml"
    stack_file.write_text("config:\n  aws:region: us-east-1\n  ecr-access:accountId: '123456789012'\n  ecr-access:registryPolicyScope: ''\n")
    assert plan_main(["dev", "--stack-file", str(stack_file)]) == 1
    err = capsys.readouterr().err
    assert "ecr-access:registryPolicyScope" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "principal, reason",
    [
        ("arn:aws-cn:iam::123456789012:root", "partition aws-cn"),
        ("arn:aws:sts::123456789012:role/deployer", "must be an IAM principal ARN"),
        ("arn:aws:iam::123456789012:assumed-role/x/y", "must be an IAM principal ARN"),
        ("arn:aws:iam::123456789012:role//", "must be an IAM principal ARN"),
        ("*", "never"),
    ],
)
def test_trust_principals_are_iam_principals_of_this_partition(principal, reason):
    msg = problems(roles=[{"name": "r1", "trust": {"principals": [principal]}}])
    assert "ecr-access:roles[0].trust.principals[0]" in msg and reason in msg and json.dumps(principal) in msg


def test_iam_tags_and_permissions_boundary_are_checked():
    grant = [{"levels": ["pull"], "namespace": "team-a"}]
    tags = {f"k{i}": "v" for i in range(51)}
    assert "ecr-access:users[0].tags: has 51 tags; AWS allows 50" in problems(users=[{"name": "u1", "tags": tags, "grants": grant}])
    msg = problems(users=[{"name": "u1", "permissionsBoundary": "arn:aws-cn:iam::aws:policy/X", "grants": grant}])
    assert "ecr-access:users[0].permissionsBoundary: is an ARN of partition aws-cn" in msg


@pytest.mark.parametrize(
    "action, message",
    [("ecr:Put[I]mage", "letters, digits, * and ? only"), ("kms:CreateKey", "is not an ECR action")],
)
def test_grant_actions_are_ecr_actions_with_iam_wildcards_only(action, message):
    msg = problems(users=[{"name": "u1", "grants": [{"actions": [action], "namespace": "team-a"}]}])
    assert "ecr-access:users[0].grants[0].actions[0]" in msg and message in msg


def test_allow_with_not_principal_is_refused_but_deny_with_it_is_fine():
    allow = Statement(sid="AllBut", actions=PULL, not_principal=Principals.of_aws("arn:aws:iam::111122223333:root"))
    with pytest.raises(PolicyError, match="an Allow with NotPrincipal admits every principal"):
        render_validated(PolicyDocument((allow,)), DocumentKind.REPOSITORY, "my-repo")
    deny = Statement(sid="DenyAllBut", effect="Deny", actions=PULL, not_principal=Principals.of_aws("arn:aws:iam::111122223333:root"))
    render_validated(PolicyDocument((deny,)), DocumentKind.REPOSITORY, "my-repo")


def test_action_patterns_become_the_actions_they_match_on_repositories_only_the_repository_ones():
    stack = compiled(
        repositories=[{"name": "my-repo"}],
        users=[{"name": "u1", "grants": [{"actions": ["ecr:Describe*"], "repository": "my-repo"},
                                          {"actions": ["ecr:describepullthroughcacherules"]}]}],
    )
    [user] = stack.principals_of("user")
    statements = {s["Sid"]: s for p in user.policies for s in p.document.parsed()["Statement"]}
    on_repo = [s for s in statements.values() if s["Resource"] == "arn:aws:ecr:us-east-1:123456789012:repository/my-repo"]
    [describe] = on_repo
    assert "ecr:DescribeImages" in describe["Action"] and "ecr:DescribeRepositories" in describe["Action"]
    assert not any(a.endswith("PullThroughCacheRules") or "*" in a for a in describe["Action"])
    on_star = [s for s in statements.values() if s["Resource"] == "*" and s["Sid"] != "GetAuthorizationToken"]
    assert [s["Action"] for s in on_star] == ["ecr:DescribePullThroughCacheRules"]  # canonical casing
