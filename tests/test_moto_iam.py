"""Against moto's IAM: every rendered identity and trust policy is accepted, and every attachment succeeds."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from ecr_access.stack.compile import CompiledStack, compile_stack
from tests.helpers.access import access_config, load
from tests.helpers.stacks import fixture_config


@pytest.fixture
def iam():
    with mock_aws():
        yield boto3.client("iam", region_name="us-east-1")


def create_all(iam, stack: CompiledStack) -> int:
    """Create every principal and policy of a compiled stack in moto and attach them; returns the attachment count."""
    attached = 0
    for p in stack.principals:
        spec = p.spec
        if spec.kind == "user":
            iam.create_user(UserName=spec.name, Path=spec.iam_path)
        elif spec.kind == "group":
            iam.create_group(GroupName=spec.name, Path=spec.iam_path)
        else:
            iam.create_role(RoleName=spec.name, Path=spec.iam_path, AssumeRolePolicyDocument=p.trust_policy.json)
        for policy in p.policies:
            arn = iam.create_policy(PolicyName=policy.name, Path=policy.path, PolicyDocument=policy.document.json)["Policy"]["Arn"]
            assert arn == policy.arn  # the ARN computed offline is the one AWS gives
            attach = {"user": iam.attach_user_policy, "group": iam.attach_group_policy, "role": iam.attach_role_policy}[spec.kind]
            attach(**{f"{spec.kind.capitalize()}Name": spec.name, "PolicyArn": arn})
            attached += 1
        for group in spec.groups:
            iam.add_user_to_group(GroupName=group, UserName=spec.name)
    return attached


def test_dev_stack_documents_are_accepted_by_iam(iam):
    stack = compile_stack(load(fixture_config("dev")))
    count = create_all(iam, stack)
    assert count == sum(len(p.policies) for p in stack.principals) > 0
    role = iam.get_role(RoleName="ecr_access_teama_role")["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="alice")["Groups"]] == ["ecr-team-a-readers"]


def test_packed_policies_and_every_option_are_accepted_by_iam(iam):
    repos = [{"name": f"service-{i:03d}"} for i in range(200)]
    stack = compile_stack(load(access_config(
        repositories=repos,
        users=[{"name": "ci", "console": True, "viewOwnPermissions": True, "grants": [
            {"levels": ["push"], "repositories": [r["name"] for r in repos], "sourceIps": ["203.0.113.0/24"], "mfa": True},
            {"actions": ["ecr:CreatePullThroughCacheRule", "ecr:DescribePullThroughCacheRules"]}]}],
        roles=[{"name": "gh", "trust": {"principals": ["111122223333"], "githubActions": [
            {"repository": "o/r", "branches": ["release/*"], "environments": ["prod"]}]},
            "grants": [{"levels": ["pull", "read"], "namespace": "service-1"}]}],
    )))
    assert create_all(iam, stack) == 4
    listed = iam.list_attached_user_policies(UserName="ci")["AttachedPolicies"]
    assert sorted(p["PolicyName"] for p in listed) == ["ci-ecr-access", "ci-ecr-access-2", "ci-ecr-access-3"]
