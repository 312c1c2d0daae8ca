"""Stack config of users, groups and roles: what is read, and the exact error (path + value) for bad entries."""

from __future__ import annotations

import json

import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.iam.document import Condition
from ecr_access.iam.grants import Placement
from ecr_access.iam.levels import Level
from ecr_access.stack.compile import compile_stack
from tests.helpers.access import access_config, compiled, config_error, load

PUSH_MY_REPO = [{"levels": ["push"], "repository": "my-repo"}]


def test_users_groups_roles_are_read_with_defaults():
    access = load(access_config(
        groups=[{"name": "readers", "grants": [{"levels": ["pull"], "namespace": "team-a/*"}]}],
        users=[{"name": "ecrUser", "grants": PUSH_MY_REPO, "groups": ["readers"], "accessKey": {"enabled": True}}],
        roles=[{"name": "ecr_access_teama_role", "trust": {"accountRoot": True},
                "grants": [{"actions": ["ecr:ListImages"], "namespace": "team-a"}]}],
    )).access
    user, group, role = access.users[0], access.groups[0], access.roles[0]
    assert (user.name, user.iam_path, user.groups, user.path) == ("ecrUser", "/", ("readers",), "ecr-access:users[0]")
    assert user.access_key is not None and user.access_key.pgp_key is None
    assert user.grants[0].source == "ecr-access:users[0].grants[0]" and user.grants[0].levels == {Level.PUSH}
    assert user.grants[0].placement is Placement.IDENTITY
    assert group.grants[0].target.namespaces == ("team-a",)
    assert role.trust.account_root and role.max_session_duration == 3600
    assert access.max_policies == 10


def test_grant_conditions_are_read():
    grant = load(access_config(users=[{"name": "u", "grants": [
        {"levels": ["push"], "repository": "my-repo", "sourceIps": ["203.0.113.0/24"], "mfa": True}]}])).access.users[0].grants[0]
    assert grant.conditions == (
        Condition("IpAddress", "aws:SourceIp", ("203.0.113.0/24",)), Condition("Bool", "aws:MultiFactorAuthPresent", ("true",)),
    )


@pytest.mark.parametrize("region, services", [
    ("us-east-1", ["lambda.amazonaws.com", "replication.ecr.amazonaws.com", "logs.us-east-1.amazonaws.com"]),
    ("cn-north-1", ["ec2.amazonaws.com.cn", "lambda.amazonaws.com"]),
    ("us-iso-east-1", ["ec2.c2s.ic.gov", "ecs-tasks.amazonaws.com"]),
])
def test_trust_and_repository_policies_take_service_principals_of_the_stacks_partition(region, services):
    config = access_config(
        repositories=[{"name": "my-repo", "repositoryPolicy": {"grants": [{"services": services, "levels": ["pull"]}]}}],
        roles=[{"name": "r1", "trust": {"services": services}, "grants": PUSH_MY_REPO}])
    stack = load({**config, "aws:region": region})
    assert stack.access.roles[0].trust.services == tuple(services)
    assert [g.grantee.principals.service for g in stack.repositories[0].policy.grants] == [(s,) for s in services]


def test_max_managed_policies_is_read_from_a_cli_string():
    assert load(access_config(maxManagedPoliciesPerPrincipal="20")).access.max_policies == 20


@pytest.mark.parametrize(
    "keys, expected",
    [
        ({"users": [{"name": "bad name!", "grants": PUSH_MY_REPO}]},
         'ecr-access:users[0].name: is not an IAM user name: must be only ASCII letters, digits and + = , . @ - _ '
         '(got "bad name!")'),
        ({"users": [{"name": "u", "path": "no-slash", "grants": PUSH_MY_REPO}]},
         "ecr-access:users[0].path: is not an IAM path: must be / or a path that starts and ends with / (e.g. "
         "/division/team/)"),
        ({"groups": [{"name": "g" * 129, "grants": PUSH_MY_REPO}]},
         "ecr-access:groups[0].name: is not an IAM group name: must be 1-128 characters long"),
        ({"users": [{"name": "u", "grants": [{"levels": ["owner"], "repository": "my-repo"}]}]},
         "ecr-access:users[0].grants[0].levels[0]: unknown access level 'owner' (valid: pull, push, read, create, admin) (got \"owner\")"),
        ({"users": [{"name": "u", "grants": [{"levels": ["pull"], "repositories": ["my-repo", "nope"]}]}]},
         'ecr-access:users[0].grants[0].repositories[1]: is not declared in ecr-access:repositories'),
        ({"users": [{"name": "u", "groups": ["ghosts"]}]},
         'ecr-access:users[0].groups[0]: is not declared in ecr-access:groups (got "ghosts")'),
        ({"users": [{"name": "u", "grants": [{"levels": ["push"], "repository": "my-repo", "sourceIps": ["10.0.0.1/8"]}]}]},
         'ecr-access:users[0].grants[0].sourceIps[0]: is not an IP address or CIDR range'),
        ({"users": [{"name": "u", "grants": [{"actions": ["ecr:PutImage"]}]}]},
         "ecr-access:users[0].grants[0]: needs a target: repository, repositories, namespace or namespaces"),
        ({"users": [{"name": "u", "grants": [{"actions": ["ecr:CreatePullThroughCacheRule"], "repository": "my-repo"}]}]},
         'ecr-access:users[0].grants[0].actions[0]: accepts only Resource "*", so it cannot be limited to repositories; '
         'put it in a grant without a target (got "ecr:CreatePullThroughCacheRule")'),
        ({"users": [{"name": "u", "grants": [{"actions": ["ecr:DescribePullThroughCache*"], "repository": "my-repo"}]}]},
         'ecr-access:users[0].grants[0].actions[0]: accepts only Resource "*", so it cannot be limited to repositories; '
         'put it in a grant without a target (got "ecr:DescribePullThroughCache*")'),
        ({"users": [{"name": "u", "grants": [{"actions": ["ecr:PushImage"], "repository": "my-repo"}]}]},
         "ecr-access:users[0].grants[0].actions[0]: action 'ecr:PushImage' does not exist in the AWS catalog"),
        ({"users": [{"name": "u"}]}, "ecr-access:users[0].grants: is empty"),
        ({"users": [{"name": "u", "grants": PUSH_MY_REPO}, {"name": "U", "grants": PUSH_MY_REPO}]},
         'ecr-access:users[1].name: is declared twice (first at ecr-access:users[0]); IAM names ignore case (got "U")'),
        ({"roles": [{"name": "r", "grants": PUSH_MY_REPO}]}, "ecr-access:roles[0].trust: is required"),
        ({"roles": [{"name": "r", "trust": {}}]}, "ecr-access:roles[0].trust: names nobody"),
        ({"roles": [{"name": "r", "trust": {"principals": ["*"]}}]},
         'ecr-access:roles[0].trust.principals[0]: must be a 12-digit account ID or an IAM role/user ARN'),
        ({"roles": [{"name": "r", "trust": {"githubActions": [{"repository": "org/*", "branches": ["main"]}]}}]},
         "ecr-access:roles[0].trust.githubActions[0]: GitHub repository must be owner/name without wildcards, got 'org/*'"),
        ({"roles": [{"name": "r", "trust": {"accountRoot": True}, "viewOwnPermissions": True}]},
         "ecr-access:roles[0].viewOwnPermissions: applies to users and groups"),
        ({"users": [{"name": "u", "grants": PUSH_MY_REPO, "permissionsBoundary": "arn:aws:iam::123:policy/x"}]},
         "ecr-access:users[0].permissionsBoundary: must be a managed policy ARN"),
        ({"maxManagedPoliciesPerPrincipal": "21"}, 'ecr-access:maxManagedPoliciesPerPrincipal: must be between 1 and 20 (got 21)'),
        ({"users": [{"name": "x", "grants": PUSH_MY_REPO}], "roles": [{"name": "x", "trust": {"accountRoot": True}, "grants": PUSH_MY_REPO}]},
         'ecr-access:roles[0].name: its policy name x-ecr-access is already used by ecr-access:users[0] (got "x")'),
        ({"users": [{"name": "u", "grant": PUSH_MY_REPO}]}, "ecr-access:users[0].grant: unknown key; did you mean 'grants'?"),
    ],
)
def test_bad_entries_are_reported_at_their_path(keys, expected):
    assert expected in config_error(**keys)


def test_every_problem_is_reported_at_once():
    message = config_error(users=[{"name": "bad name!", "grants": PUSH_MY_REPO}], roles=[{"name": "r", "trust": {}}])
    assert "(2 problems)" in message and "ecr-access:users[0].name" in message and "ecr-access:roles[0].trust" in message


def test_too_many_policies_is_blamed_on_the_principals_grants():
    repos = [{"name": f"service-{i:03d}"} for i in range(200)]
    with pytest.raises(ConfigError) as err:
        compile_stack(load(access_config(repositories=repos, maxManagedPoliciesPerPrincipal="2", users=[
            {"name": "ci", "grants": [{"levels": ["push"], "repositories": [r["name"] for r in repos]}]}])))
    assert str(err.value).startswith("invalid stack config:\n  ecr-access:users[0].grants: user ci: the grants need ")
    assert "in 3 managed policies, but a principal takes at most 2 managed policies of 6144 characters (12288 characters)" in str(err.value)


def test_policy_names_are_deterministic_and_numbered():
    repos = [{"name": f"service-{i:03d}"} for i in range(200)]
    stack = compile_stack(load(access_config(repositories=repos, users=[
        {"name": "ci", "path": "/build/", "grants": [{"levels": ["push"], "repositories": [r["name"] for r in repos]}]}])))
    policies = stack.principals[0].policies
    assert [p.name for p in policies] == ["ci-ecr-access", "ci-ecr-access-2", "ci-ecr-access-3"]
    assert policies[1].arn == "arn:aws:iam::123456789012:policy/build/ci-ecr-access-2"


def test_group_view_own_permissions_covers_its_members_paths():
    stack = compiled(
        groups=[{"name": "g", "viewOwnPermissions": True}],
        users=[{"name": "a", "path": "/x/", "groups": ["g"]}, {"name": "b", "groups": ["g"]}],
    )
    group = stack.principals_of("group")[0]
    view = group.policies[0].document.parsed()["Statement"][0]
    assert view["Sid"] == "ViewOwnUserInfo"
    assert view["Resource"] == ["arn:aws:iam::123456789012:user/${aws:username}", "arn:aws:iam::123456789012:user/x/${aws:username}"]
    assert [u.policies for u in stack.principals_of("user")] == [(), ()]  # members need no policy of their own


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
    msg = config_error(roles=[{"name": "r1", "trust": {"principals": [principal]}}])
    assert "ecr-access:roles[0].trust.principals[0]" in msg and reason in msg and json.dumps(principal) in msg


def test_iam_tags_and_permissions_boundary_are_checked():
    grant = [{"levels": ["pull"], "namespace": "team-a"}]
    tags = {f"k{i}": "v" for i in range(51)}
    assert "ecr-access:users[0].tags: has 51 tags; AWS allows 50" in config_error(users=[{"name": "u1", "tags": tags, "grants": grant}])
    msg = config_error(users=[{"name": "u1", "permissionsBoundary": "arn:aws-cn:iam::aws:policy/X", "grants": grant}])
    assert "ecr-access:users[0].permissionsBoundary: is an ARN of partition aws-cn" in msg


@pytest.mark.parametrize(
    "action, message",
    [("ecr:Put[I]mage", "letters, digits, * and ? only"), ("kms:CreateKey", "is not an ECR action")],
)
def test_grant_actions_are_ecr_actions_with_iam_wildcards_only(action, message):
    msg = config_error(users=[{"name": "u1", "grants": [{"actions": [action], "namespace": "team-a"}]}])
    assert "ecr-access:users[0].grants[0].actions[0]" in msg and message in msg


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
