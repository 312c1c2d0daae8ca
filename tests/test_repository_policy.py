"""Repository policies built from resource grants: exact JSON, refusals, Denies, merging and the size limit."""

from __future__ import annotations

import pytest

from ecr_access.features.repository_policy.statements import (
    DenyRule,
    anyone,
    iam_principals,
    organization,
    organization_paths,
    repository_policy,
    service,
)
from ecr_access.iam.document import Condition
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.grants import Grant, Target
from ecr_access.iam.levels import Level
from ecr_access.iam.merge import Contribution, merge_contributions
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import render_validated

REPO = "my-repo"
PULL = Grant(Target(repositories=(REPO,)), levels=frozenset({Level.PULL}))
PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]


def rendered(grants, denies=()):
    return render_validated(repository_policy(REPO, grants, denies), DocumentKind.REPOSITORY, REPO)


def test_a_named_principal_pulls_instead_of_star():
    doc = rendered([PULL.to(iam_principals("aws", "arn:aws:iam::210987654321:role/puller"))])
    assert doc.json == (
        '{"Version":"2012-10-17","Statement":[{"Sid":"AllowPullPrincipals","Effect":"Allow",'
        '"Principal":{"AWS":"arn:aws:iam::210987654321:role/puller"},'
        '"Action":["ecr:BatchCheckLayerAvailability","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}'
    )


def test_accounts_become_root_arns_and_share_one_statement_with_arns():
    doc = rendered([PULL.to(iam_principals("aws-cn", "210987654321", "arn:aws-cn:iam::111122223333:user/ci"))])
    (statement,) = doc.parsed()["Statement"]
    assert statement["Principal"] == {"AWS": ["arn:aws-cn:iam::111122223333:user/ci", "arn:aws-cn:iam::210987654321:root"]}


def test_bad_principal_value_is_refused():
    with pytest.raises(PolicyError, match="'21098765432' is neither a 12-digit account ID nor an IAM root, user or role ARN"):
        iam_principals("aws", "21098765432")


def test_organization_grant_exact_json():
    doc = rendered([PULL.to(organization("o-a1b2c3d4e5"))])
    assert doc.parsed()["Statement"] == [
        {
            "Sid": "AllowPullOrg",
            "Effect": "Allow",
            "Principal": "*",
            "Action": PULL_ACTIONS,
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
        }
    ]


def test_organization_paths_grant_exact_json():
    path = "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"
    doc = rendered([PULL.to(organization_paths(path))])
    assert doc.parsed()["Statement"][0]["Condition"] == {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": path}}
    assert doc.parsed()["Statement"][0]["Principal"] == "*"


def test_lambda_grant_exact_json():
    fn = "arn:aws:lambda:us-east-1:123456789012:function:api-*"
    doc = rendered([PULL.to(service("lambda.amazonaws.com", "123456789012", (fn,)))])
    assert doc.json == (
        '{"Version":"2012-10-17","Statement":[{"Sid":"AllowPullService","Effect":"Allow",'
        '"Principal":{"Service":"lambda.amazonaws.com"},'
        '"Action":["ecr:BatchCheckLayerAvailability","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],'
        '"Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:api-*"},'
        '"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}'
    )


def test_service_without_source_arn_still_requires_the_source_account():
    doc = rendered([PULL.to(service("codebuild.amazonaws.com", "123456789012"))])
    assert doc.parsed()["Statement"][0]["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}


def test_unconditioned_star_is_refused_with_the_condition_to_add():
    with pytest.raises(PolicyError) as err:
        rendered([PULL.to(anyone())])
    assert str(err.value).startswith(
        "ECR repository policy 'my-repo': statement 'AllowPullConditional': Principal \"*\" admits every AWS principal; "
        "add a restricting condition: StringEquals aws:PrincipalOrgID (your organization), StringEquals "
        "aws:SourceAccount (the calling service's account) or StringEquals aws:SourceVpce (your VPC endpoint)"
    )


def test_star_with_a_negative_condition_is_still_refused():
    grant = Grant(PULL.target, PULL.levels, conditions=(Condition("StringNotEquals", "aws:PrincipalOrgID", ("o-a1b2c3d4e5",)),))
    with pytest.raises(PolicyError, match="add a restricting condition"):
        rendered([grant.to(anyone())])


def test_star_restricted_to_a_vpc_endpoint_is_accepted():
    doc = rendered([PULL.to(anyone(Condition("StringEquals", "aws:SourceVpce", ("vpce-1a2b3c4d",))))])
    assert doc.parsed()["Statement"][0]["Condition"] == {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}


def test_get_authorization_token_is_refused():
    grant = Grant(PULL.target, actions=("ecr:GetAuthorizationToken",))
    with pytest.raises(PolicyError, match="ecr:GetAuthorizationToken has no effect in an ECR repository policy"):
        rendered([grant.to(iam_principals("aws", "210987654321"))])


def test_levels_never_carry_get_authorization_token():
    grant = Grant(PULL.target, levels=frozenset(Level))
    doc = rendered([grant.to(iam_principals("aws", "210987654321"))])
    assert "ecr:GetAuthorizationToken" not in doc.json
    assert doc.parsed()["Statement"][0]["Sid"] == "AllowPullPushReadCreateAdminPrincipals"


def test_deny_to_everyone_except_admins_exact_json():
    admins = ("arn:aws:iam::123456789012:role/ecr-admin",)
    deny = DenyRule(("ecr:BatchDeleteImage", "ecr:DeleteRepository", "ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy"), admins)
    doc = rendered([PULL.to(iam_principals("aws", "210987654321"))], [deny])
    assert doc.parsed()["Statement"][1] == {
        "Sid": "Deny",
        "Effect": "Deny",
        "Principal": "*",
        "Action": ["ecr:BatchDeleteImage", "ecr:DeleteRepository", "ecr:DeleteRepositoryPolicy", "ecr:SetRepositoryPolicy"],
        "Condition": {"StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/ecr-admin"}},
    }


def test_denying_policy_changes_to_everyone_is_refused():
    with pytest.raises(PolicyError, match="denying ecr:SetRepositoryPolicy to everyone would leave the repository policy unchangeable"):
        repository_policy(REPO, [], [DenyRule(("ecr:SetRepositoryPolicy",))])


def test_deny_image_deletion_to_everyone_is_allowed():
    doc = rendered([], [DenyRule(("ecr:BatchDeleteImage",))])
    assert doc.parsed()["Statement"] == [{"Sid": "Deny", "Effect": "Deny", "Principal": "*", "Action": "ecr:BatchDeleteImage"}]


def test_grant_for_another_repository_is_refused():
    other = Grant(Target(repositories=("other",)), levels=frozenset({Level.PULL}))
    with pytest.raises(PolicyError, match="repository 'my-repo'"):
        repository_policy(REPO, [other.to(iam_principals("aws", "210987654321"))])


def test_two_sources_merge_into_one_deduplicated_document():
    config = repository_policy(REPO, [PULL.to(iam_principals("aws", "210987654321")),
                                      PULL.to(organization("o-a1b2c3d4e5"))])
    access = repository_policy(REPO, [PULL.to(iam_principals("aws", "111122223333", "210987654321"))])
    parts = [Contribution(REPO, "ecr-access:repositories[0].repositoryPolicy.grants[0]", config.statements),
             Contribution(REPO, "ecr-access:crossAccount[0]", access.statements)]
    merged = merge_contributions(parts)
    assert list(merged) == [REPO]
    assert [s["Sid"] for s in merged[REPO].render()["Statement"]] == ["AllowPullOrg", "AllowPullPrincipals"]
    assert merged[REPO].render()["Statement"][1]["Principal"] == {
        "AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::210987654321:root"]
    }
    assert merge_contributions(parts[::-1])[REPO].to_json() == merged[REPO].to_json()


def test_statements_that_cannot_merge_get_unique_sids():
    a = PULL.to(service("lambda.amazonaws.com", "123456789012"))
    b = PULL.to(service("lambda.amazonaws.com", "210987654321"))
    doc = rendered([b, a])
    assert [s["Sid"] for s in doc.parsed()["Statement"]] == ["AllowPullService", "AllowPullService2"]
    assert doc.parsed()["Statement"][0]["Condition"]["StringEquals"]["aws:SourceAccount"] == "123456789012"


def test_over_the_size_limit_is_an_error_naming_the_limit():
    accounts = [f"{n:012d}" for n in range(1, 400)]
    with pytest.raises(PolicyError, match=r"ECR repository policy 'my-repo': is 1\d{4} characters, over the 10240-character limit"):
        rendered([PULL.to(iam_principals("aws", *accounts))])
