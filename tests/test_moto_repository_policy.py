"""moto's ECR accepts every repository policy the builders render (set_repository_policy, then read back)."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from ecr_access.config.stack import load_stack_config
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
from ecr_access.iam.grants import Grant, Target
from ecr_access.iam.levels import Level
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import render_validated
from ecr_access.stack.compile import compile_stack
from ecr_access.stack.config_source import decode_config
from tests.helpers.stacks import REGISTRY

REPO = "my-repo"
GRANT = Grant(Target(repositories=(REPO,)), levels=frozenset({Level.PULL, Level.READ}))
CASES = {
    "named": [GRANT.to(iam_principals("aws", "arn:aws:iam::210987654321:role/puller", "111122223333"))],
    "organization": [GRANT.to(organization("o-a1b2c3d4e5"))],
    "org-paths": [GRANT.to(organization_paths("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"))],
    "lambda": [GRANT.to(service("lambda.amazonaws.com", "123456789012", ("arn:aws:lambda:us-east-1:123456789012:function:*",)))],
    "vpce": [GRANT.to(anyone(Condition("StringEquals", "aws:SourceVpce", ("vpce-1a2b3c4d",))))],
}


def accepted(policy_json: str, name: str = REPO) -> str:
    with mock_aws():
        ecr = boto3.client("ecr", region_name=REGISTRY.region)
        ecr.create_repository(repositoryName=name)
        ecr.set_repository_policy(repositoryName=name, policyText=policy_json)
        return ecr.get_repository_policy(repositoryName=name)["policyText"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_moto_accepts_each_grant_kind(case):
    deny = DenyRule(("ecr:BatchDeleteImage", "ecr:SetRepositoryPolicy"), ("arn:aws:iam::123456789012:role/ecr-admin",))
    doc = render_validated(repository_policy(REPO, CASES[case], [deny]), DocumentKind.REPOSITORY, REPO)
    assert accepted(doc.json) == doc.json


def test_moto_accepts_the_dev_stacks_repository_policies(dev_config):
    compiled = compile_stack(load_stack_config(decode_config(dev_config), project="ecr-access", stack="dev"))
    documents = [(r.spec.name, r.repository_policy) for r in compiled.repositories if r.repository_policy]
    assert documents
    for name, doc in documents:
        assert accepted(doc.json, name) == doc.json


def test_moto_rejects_a_malformed_policy():
    # The oracle can fail: a statement without Effect is refused.
    with pytest.raises(Exception, match="Invalid repository policy"):
        accepted('{"Version":"2012-10-17","Statement":[{"Principal":"*","Action":"ecr:BatchGetImage"}]}')
