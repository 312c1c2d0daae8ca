"""`repositoryPolicy` in stack config: compiled documents, merging with other sources, and exact config errors."""

from __future__ import annotations

import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import load_stack_config
from ecr_access.iam.document import Statement
from ecr_access.iam.merge import Contribution
from ecr_access.iam.principals import Principals
from ecr_access.stack.compile import compile_stack
from ecr_access.stack.config_source import decode_config
from ecr_access.stack.deploy import deploy
from tests.helpers.access import config_error as stack_error
from tests.helpers.stacks import base_config, register

PATH = "ecr-access:repositories[0].repositoryPolicy"


def config_with(policy):
    return base_config(repositories=[{"name": "my-repo", "repositoryPolicy": policy}])


def compiled(policy, extra=()):
    return compile_stack(load_stack_config(decode_config(config_with(policy)), project="ecr-access", stack="dev"), extra)


def config_error(policy) -> tuple[ConfigError, list]:
    """Run the program pipeline under mocks; return its ConfigError and what was registered."""
    errors: list[ConfigError] = []
    config = config_with(policy)

    def body():
        try:
            deploy(compile_stack(load_stack_config(decode_config(config), project="ecr-access", stack="dev")))
        except ConfigError as err:
            errors.append(err)

    result = register(body, config=config)
    assert len(errors) == 1
    return errors[0], result.registrations


def test_cross_account_org_and_lambda_pulls_compile_to_one_policy():
    repo = compiled({"grants": [
        {"accounts": ["210987654321"], "principals": ["arn:aws:iam::111122223333:role/deployer"], "levels": ["pull"]},
        {"organization": "o-a1b2c3d4e5", "levels": ["pull"]},
        {"services": [{"name": "lambda.amazonaws.com", "sourceArn": "arn:aws:lambda:us-east-1:210987654321:function:*"}],
         "levels": "pull"},
    ]}).repositories[0]
    statements = repo.repository_policy.parsed()["Statement"]
    assert [s["Sid"] for s in statements] == ["AllowPullOrg", "AllowPullPrincipals", "AllowPullService"]
    assert statements[1]["Principal"] == {"AWS": ["arn:aws:iam::111122223333:role/deployer", "arn:aws:iam::210987654321:root"]}
    # The source account defaults to the functions' account named in sourceArn.
    assert statements[2]["Condition"] == {
        "ArnLike": {"aws:SourceArn": "arn:aws:lambda:us-east-1:210987654321:function:*"},
        "StringEquals": {"aws:SourceAccount": "210987654321"},
    }


def test_action_patterns_become_the_repository_actions_they_match_today():
    # A pattern would widen the policy when AWS adds actions; registry-wide ones (DescribeRegistry, ...) take no repository.
    repo = compiled({"grants": [{"accounts": ["210987654321"], "actions": ["ecr:List*", "ecr:Describe*"]}]}).repositories[0]
    assert repo.repository_policy.parsed() == {"Version": "2012-10-17", "Statement": [{
        "Sid": "AllowActionsPrincipals",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
        "Action": ["ecr:DescribeImageReplicationStatus", "ecr:DescribeImageScanFindings", "ecr:DescribeImageSigningStatus",
                   "ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:ListImages", "ecr:ListTagsForResource"],
    }]}


def test_a_pattern_of_registry_wide_actions_only_is_refused_in_a_repository_policy():
    err, registrations = config_error({"grants": [{"accounts": ["210987654321"], "actions": ["ecr:DescribeReg*"]}]})
    assert registrations == []
    [problem] = err.problems
    assert (problem.path, problem.value) == (f"{PATH}.grants[0].actions[0]", "ecr:DescribeReg*")
    assert problem.message.startswith("matches only registry-wide actions, which a repository policy cannot grant")


def test_service_by_name_acts_for_the_stacks_account():
    repo = compiled({"grants": [{"services": ["codebuild.amazonaws.com"], "levels": ["pull"]}]}).repositories[0]
    assert repo.repository_policy.parsed()["Statement"][0]["Condition"] == {
        "StringEquals": {"aws:SourceAccount": "123456789012"}
    }


def test_anyone_with_a_restricting_condition_is_accepted():
    repo = compiled({"grants": [{"anyone": True, "condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
                                 "levels": ["pull"]}]}).repositories[0]
    statement = repo.repository_policy.parsed()["Statement"][0]
    assert statement["Principal"] == "*"
    assert statement["Condition"] == {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}


def test_other_sources_merge_with_the_config_grants():
    extra = Statement(sid="AllowPullPrincipals", actions=("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                      "ecr:GetDownloadUrlForLayer"), principal=Principals.of_aws("arn:aws:iam::111122223333:root"))
    stack = compiled({"grants": [{"accounts": ["210987654321"], "levels": ["pull"]}]},
                     (Contribution("my-repo", "ecr-access:crossAccount[0]", (extra,)),))
    (statement,) = stack.repositories[0].repository_policy.parsed()["Statement"]
    assert statement["Principal"] == {"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::210987654321:root"]}


def test_contribution_to_an_undeclared_repository_is_blamed_on_its_source():
    extra = Contribution("nope", "ecr-access:crossAccount[0]", ())
    with pytest.raises(ConfigError) as err:
        compiled({"grants": [{"accounts": ["210987654321"], "levels": ["pull"]}]}, (extra,))
    assert str(err.value.problems[0]) == (
        'ecr-access:crossAccount[0]: contributes to the policy of an undeclared repository (got "nope")'
    )


@pytest.mark.parametrize(
    "policy, path, message, value",
    [
        ({"grants": [{"accounts": ["21098765432"], "levels": ["pull"]}]},
         f"{PATH}.grants[0].accounts[0]", "must be a 12-digit AWS account ID", "21098765432"),
        ({"grants": [{"accounts": [210987654321], "levels": ["pull"]}]},
         f"{PATH}.grants[0].accounts[0]", "YAML read this unquoted value as a number; account IDs must be quoted", 210987654321),
        ({"grants": [{"principals": ["arn:aws:iam::210987654321:group/devs"], "levels": ["pull"]}]},
         f"{PATH}.grants[0].principals[0]", "must be an IAM principal ARN", "arn:aws:iam::210987654321:group/devs"),
        ({"grants": [{"principals": ["arn:aws-cn:iam::210987654321:root"], "levels": ["pull"]}]},
         f"{PATH}.grants[0].principals[0]", "is an ARN of partition aws-cn, but aws:region puts this stack in partition aws",
         "arn:aws-cn:iam::210987654321:root"),
        ({"grants": [{"organization": "o-ABC", "levels": ["pull"]}]},
         f"{PATH}.grants[0].organization", "must be an AWS Organizations ID", "o-ABC"),
        ({"grants": [{"organizationPaths": ["o-a1b2c3d4e5/ou-ab12-11111111/"], "levels": ["pull"]}]},
         f"{PATH}.grants[0].organizationPaths[0]", "must be an organization path", "o-a1b2c3d4e5/ou-ab12-11111111/"),
        ({"grants": [{"services": ["lambda"], "levels": ["pull"]}]},
         f"{PATH}.grants[0].services[0]", "must be an AWS service principal name", "lambda"),
        ({"grants": [{"services": [{"name": "lambda.amazonaws.com", "sourceAccount": "123456789012",
                                    "sourceArn": "arn:aws:lambda:us-east-1:210987654321:function:f"}], "levels": ["pull"]}]},
         f"{PATH}.grants[0].services[0].sourceArn", "is in account 210987654321, but sourceAccount is 123456789012",
         "arn:aws:lambda:us-east-1:210987654321:function:f"),
        ({"grants": [{"accounts": ["210987654321"], "levels": ["pul"]}]},
         f"{PATH}.grants[0].levels[0]", "unknown access level 'pul'", "pul"),
        ({"grants": [{"anyone": True, "condition": "StringEquals", "levels": ["pull"]}]},
         f"{PATH}.grants[0].condition", "must map condition operators to keys", "StringEquals"),
        ({"grants": [{"services": [{"name": "lambda.amazonaws.com", "sourceArn": "lambda:function:f"}], "levels": ["pull"]}]},
         f"{PATH}.grants[0].services[0].sourceArn", "must be an ARN such as arn:aws:lambda:", "lambda:function:f"),
        ({"deny": [{"actions": ["ecr:DeleteRepository"], "except": ["ecr-admin"]}]},
         f"{PATH}.deny[0].except[0]", "must be an IAM role or user ARN", "ecr-admin"),
    ],
)
def test_bad_values_name_path_and_value_and_register_nothing(policy, path, message, value):
    err, registrations = config_error(policy)
    (problem,) = err.problems
    assert problem.path == path
    assert problem.message.startswith(message)
    assert problem.value == value
    assert registrations == []


def test_entry_without_principals_is_an_error():
    err, registrations = config_error({"grants": [{"levels": ["pull"]}]})
    assert str(err.problems[0]) == (
        f"{PATH}.grants[0]: names no principal; add one of accounts, principals, organization, organizationPaths, "
        "services, anyone"
    )
    assert registrations == []


def test_unconditioned_anyone_is_refused_at_its_entry_with_the_condition_to_add():
    err, registrations = config_error({"grants": [{"anyone": True, "levels": ["pull"]}]})
    (problem,) = err.problems
    assert problem.path == f"{PATH}.grants[0].anyone" and problem.value is True
    assert "admits every AWS principal; add a restricting condition: StringEquals aws:PrincipalOrgID" in problem.message
    assert registrations == []


def test_deny_of_a_non_ecr_action_is_blamed_on_the_action_as_written():
    err, _ = config_error({"deny": [{"actions": ["s3:GetObject"]}]})
    assert err.problems[0].path == f"{PATH}.deny[0].actions[0]" and err.problems[0].value == "s3:GetObject"
    assert "is not an ECR action" in err.problems[0].message


def test_oversized_policy_is_blamed_on_the_repository_and_registers_nothing():
    grants = [{"accounts": [f"{n:012d}" for n in range(i * 100 + 1, i * 100 + 101)], "levels": ["pull"]} for i in range(4)]
    err, registrations = config_error({"grants": grants})
    (problem,) = err.problems
    assert problem.path == "ecr-access:repositories[0]"
    assert "over the 10240-character limit of an ECR repository policy" in problem.message
    assert registrations == []


def test_repository_policy_is_not_a_repository_default():
    config = base_config(repositoryDefaults={"repositoryPolicy": {"grants": []}})
    with pytest.raises(ConfigError) as err:
        load_stack_config(decode_config(config), project="ecr-access", stack="dev")
    assert err.value.problems[0].path == "ecr-access:repositoryDefaults.repositoryPolicy"
    assert err.value.problems[0].message.startswith("unknown key")


@pytest.mark.parametrize("actions", [["ecr:*RepositoryPolicy"], ["ecr:Set*"], ["ecr:setrepositorypolicy"]])
def test_locking_the_policy_needs_exceptions_however_the_action_is_spelled(actions):
    msg = stack_error(repositories=[{"name": "my-repo", "repositoryPolicy": {"deny": [{"actions": actions}]}}])
    assert "would leave the repository policy unchangeable" in msg
