"""Under Pulumi mocks: the IAM users, groups, roles, policies and attachments registered, and their inputs."""

from __future__ import annotations

import json

import pulumi

from ecr_access.config.errors import ConfigError
from ecr_access.plan.mocks import SECRET_PLACEHOLDER, AwsShapedMocks
from ecr_access.plan.runner import run_program
from ecr_access.stack.access import deploy_access
from ecr_access.stack.compile import compile_stack
from tests.helpers.access import access_config, compiled, load
from tests.helpers.stacks import REGISTRY, by_type, caught, register

PUSH_MY_REPO = [{"levels": ["push"], "repository": "my-repo"}]


def deploy(**ecr_access):
    stack = compiled(**ecr_access)

    def body():
        for key, value in deploy_access(stack).items():
            pulumi.export(key, value)

    return register(body)


def test_user_group_and_role_are_registered_with_their_inputs():
    result = deploy(
        groups=[{"name": "readers", "path": "/ecr/", "grants": [{"levels": ["pull"], "namespace": "team-a"}]}],
        users=[{"name": "ecrUser", "grants": PUSH_MY_REPO, "groups": ["readers"], "tags": {"team": "platform"},
                "permissionsBoundary": "arn:aws:iam::123456789012:policy/boundary"}],
        roles=[{"name": "ecr_access_teama_role", "trust": {"accountRoot": True},
                "grants": [{"actions": ["ecr:ListImages"], "namespace": "team-a"}]}],
    )
    [user] = by_type(result, "aws:iam/user:User")
    assert user.inputs == {"name": "ecrUser", "path": "/", "permissionsBoundary": "arn:aws:iam::123456789012:policy/boundary",
                           "tags": {"team": "platform"}}
    [group] = by_type(result, "aws:iam/group:Group")
    assert group.inputs == {"name": "readers", "path": "/ecr/"}
    [role] = by_type(result, "aws:iam/role:Role")
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    policies = {p.name: p.inputs for p in by_type(result, "aws:iam/policy:Policy")}
    assert sorted(policies) == ["ecrUser-ecr-access", "ecr_access_teama_role-ecr-access", "readers-ecr-access"]
    assert json.loads(policies["ecrUser-ecr-access"]["policy"])["Statement"][1]["Sid"] == "PushMyRepo"
    assert policies["readers-ecr-access"]["path"] == "/ecr/"
    assert [a.inputs for a in by_type(result, "aws:iam/userPolicyAttachment:UserPolicyAttachment")] == [
        {"user": "ecrUser", "policyArn": "arn:aws:iam::123456789012:policy/ecrUser-ecr-access"}]
    assert [a.inputs for a in by_type(result, "aws:iam/groupPolicyAttachment:GroupPolicyAttachment")] == [
        {"group": "readers", "policyArn": "arn:aws:iam::123456789012:policy/ecr/readers-ecr-access"}]
    assert [a.inputs for a in by_type(result, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")] == [
        {"role": "ecr_access_teama_role", "policyArn": "arn:aws:iam::123456789012:policy/ecr_access_teama_role-ecr-access"}]
    assert [m.inputs for m in by_type(result, "aws:iam/userGroupMembership:UserGroupMembership")] == [
        {"user": "ecrUser", "groups": ["readers"]}]
    assert by_type(result, "aws:iam/accessKey:AccessKey") == []
    assert result.outputs["userArns"] == {"ecrUser": "arn:aws:iam::123456789012:user/ecrUser"}
    assert result.outputs["roleArns"] == {"ecr_access_teama_role": "arn:aws:iam::123456789012:role/ecr_access_teama_role"}
    assert result.outputs["policyArns"]["groups"] == {"readers": ["arn:aws:iam::123456789012:policy/ecr/readers-ecr-access"]}
    assert "accessKeySecrets" not in result.outputs
    # Every child is parented to its component.
    components = {r.urn for r in result.registrations if not r.custom}
    assert all(r.parent_urn in components for r in result.registrations if r.custom)


def test_access_key_secret_is_exported_only_as_a_secret():
    result = deploy(users=[{"name": "ci", "grants": PUSH_MY_REPO, "accessKey": {"enabled": True}}])
    [key] = by_type(result, "aws:iam/accessKey:AccessKey")
    assert key.inputs == {"user": "ci"}
    assert result.outputs["accessKeyIds"] == {"ci": "AKIAOFFLINEPLAN0000"}
    assert result.outputs["accessKeySecrets"] == SECRET_PLACEHOLDER
    assert "mock-secret" not in json.dumps(result.outputs)


def test_access_key_with_pgp_key_exports_only_the_encrypted_secret():
    result = deploy(users=[{"name": "ci", "grants": PUSH_MY_REPO, "accessKey": {"pgpKey": "keybase:ci-bot"}}])
    [key] = by_type(result, "aws:iam/accessKey:AccessKey")
    assert key.inputs == {"user": "ci", "pgpKey": "keybase:ci-bot"}
    assert result.outputs["accessKeyEncryptedSecrets"] == {"ci": "mock-encrypted-secret-for-ci-access-key"}
    assert "accessKeySecrets" not in result.outputs and "mock-secret" not in json.dumps(result.outputs)


def test_200_repositories_register_several_policies_all_attached():
    repos = [{"name": f"service-{i:03d}"} for i in range(200)]
    stack = compile_stack(load(access_config(repositories=repos, roles=[
        {"name": "ci", "trust": {"githubActions": [{"repository": "o/r", "branches": ["main"]}]},
         "grants": [{"levels": ["push"], "repositories": [r["name"] for r in repos]}]}])))
    result = register(lambda: deploy_access(stack))
    policies = by_type(result, "aws:iam/policy:Policy")
    assert [p.name for p in policies] == ["ci-ecr-access", "ci-ecr-access-2", "ci-ecr-access-3"]
    assert all(len(p.inputs["policy"]) <= 6144 for p in policies)
    attached = sorted(a.inputs["policyArn"] for a in by_type(result, "aws:iam/rolePolicyAttachment:RolePolicyAttachment"))
    assert attached == sorted(f"arn:aws:iam::123456789012:policy/{p.name}" for p in policies)


def test_over_the_attachment_limit_nothing_is_registered():
    repos = [{"name": f"service-{i:03d}"} for i in range(200)]
    config = access_config(repositories=repos, maxManagedPoliciesPerPrincipal="2", users=[
        {"name": "ci", "grants": [{"levels": ["push"], "repositories": [r["name"] for r in repos]}]}])
    errors, result = caught(lambda: deploy_access(compile_stack(load(config))), ConfigError, config=config)
    assert result.registrations == []
    assert "ecr-access:users[0].grants: user ci: the grants need" in str(errors[0])


def test_dev_stack_plan_shows_its_users_groups_and_roles(dev_config):
    result = run_program(dev_config, project="ecr-access", stack="dev", mocks=AwsShapedMocks(REGISTRY))
    names = {(r.type, r.name) for r in result.registrations}
    assert ("aws:iam/user:User", "ecrUser") in names
    assert ("aws:iam/group:Group", "ecr-team-a-readers") in names
    assert ("aws:iam/role:Role", "ecr_access_teama_role") in names
    [role_policy] = [r for r in result.registrations if r.name == "ecr_access_teama_role-ecr-access"]
    assert json.loads(role_policy.inputs["policy"])["Statement"][1] == {
        "Sid": "ListImagesTeamANamespace", "Effect": "Allow", "Action": "ecr:ListImages",
        "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/team-a/*",
    }
    [ci] = [r for r in result.registrations if r.type == "aws:iam/role:Role" and r.name == "ecr-ci-my-repo"]
    assert "Federated" in json.loads(ci.inputs["assumeRolePolicy"])["Statement"][0]["Principal"]
