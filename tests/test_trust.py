"""Role trust policies: account root, named principals, GitHub Actions OIDC."""

from __future__ import annotations

import json

import pytest

from ecr_access.features.trust.document import GitHubActions, Trust
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import render_validated
from tests.helpers.stacks import REGISTRY


def rendered(trust: Trust) -> dict:
    return json.loads(render_validated(trust.document(REGISTRY), DocumentKind.TRUST, "role").json)


def test_account_root_trust_exact_json():
    assert render_validated(Trust(account_root=True).document(REGISTRY), DocumentKind.TRUST, "r").json == (
        '{"Version":"2012-10-17","Statement":[{"Sid":"TrustedPrincipals","Effect":"Allow",'
        '"Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}'
    )


def test_named_principals_and_services():
    doc = rendered(Trust(principals=("arn:aws:iam::111122223333:role/deployer", "444455556666"), services=("ec2.amazonaws.com",)))
    assert doc["Statement"] == [
        {"Sid": "TrustedPrincipals", "Effect": "Allow",
         "Principal": {"AWS": ["444455556666", "arn:aws:iam::111122223333:role/deployer"]}, "Action": "sts:AssumeRole"},
        {"Sid": "TrustedServices", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
    ]


def test_github_actions_oidc_restricted_to_branch_and_environment():
    doc = rendered(Trust(github=(GitHubActions("octo-org/app", branches=("main",), environments=("production",)),)))
    assert doc["Statement"] == [
        {
            "Sid": "GitHubActions",
            "Effect": "Allow",
            "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringEquals": {
                    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                    "token.actions.githubusercontent.com:sub": [
                        "repo:octo-org/app:environment:production", "repo:octo-org/app:ref:refs/heads/main",
                    ],
                }
            },
        }
    ]


def test_github_branch_wildcard_uses_string_like():
    cond = rendered(Trust(github=(GitHubActions("o/r", branches=("release/*",)),)))["Statement"][0]["Condition"]
    assert cond["StringLike"] == {"token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/release/*"}
    assert cond["StringEquals"] == {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}


@pytest.mark.parametrize(
    "github, message",
    [
        (GitHubActions("octo-org/*", branches=("main",)), "owner/name without wildcards, got 'octo-org/*'"),
        (GitHubActions("*", branches=("main",)), "owner/name without wildcards, got '*'"),
        (GitHubActions("octo-org/app", branches=("*",)), "GitHub branch '*' of 'octo-org/app' must be a name"),
        (GitHubActions("octo-org/app"), "name the branches or environments"),
    ],
)
def test_github_wildcard_subjects_are_refused(github, message):
    with pytest.raises(PolicyError, match=message.replace("*", r"\*").replace("(", r"\(")):
        Trust(github=(github,)).document(REGISTRY)


def test_wildcard_aws_principal_is_refused_by_validation():
    with pytest.raises(PolicyError, match=r'Principal "\*" admits every AWS principal'):
        rendered(Trust(principals=("*",)))


def test_empty_trust_is_refused():
    with pytest.raises(PolicyError, match="trust names nobody"):
        Trust().document(REGISTRY)
