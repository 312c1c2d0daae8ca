"""The example program (examples/platform) plans offline: what it registers, two documents exactly, and bad
arguments refused before anything is registered."""

from __future__ import annotations

import json
import runpy

import pytest

from ecr_access import Grant, InvalidArgs, Level, Registry, RepoAccessGroup, RepoAccessGroupArgs
from ecr_access.plan.__main__ import main as plan_main
from ecr_access.plan.mocks import AwsShapedMocks
from ecr_access.plan.runner import PlanResult, run_under_mocks
from tests.helpers.stacks import REGISTRY, ROOT, by_type

EXAMPLE = ROOT / "examples" / "platform"
CONFIG = {"aws:region": REGISTRY.region, "ecr-access:accountId": REGISTRY.account}
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]


def plan(body) -> PlanResult:
    return run_under_mocks(body, config=CONFIG, project="ecr-platform", stack="dev", mocks=AwsShapedMocks(REGISTRY))


@pytest.fixture(scope="module")
def example() -> PlanResult:
    return plan(lambda: runpy.run_path(str(EXAMPLE), run_name="__main__"))


def test_the_example_registers_its_repositories_principals_policies_and_cache(example):
    assert sorted((r.type, r.name) for r in example.registrations if r.type.startswith("aws:")) == [
        ("aws:ecr/lifecyclePolicy:LifecyclePolicy", "api-lifecycle"),
        ("aws:ecr/lifecyclePolicy:LifecyclePolicy", "web-lifecycle"),
        ("aws:ecr/pullThroughCacheRule:PullThroughCacheRule", "registry-ecr-public"),
        ("aws:ecr/registryPolicy:RegistryPolicy", "registry-registry-policy"),
        ("aws:ecr/repository:Repository", "api"),
        ("aws:ecr/repository:Repository", "web"),
        ("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", "data-template"),
        ("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", "registry-ecr-public-template"),
        ("aws:ecr/repositoryPolicy:RepositoryPolicy", "web-policy"),
        ("aws:iam/group:Group", "analysts"),
        ("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "analysts-ecr-access-attachment"),
        ("aws:iam/policy:Policy", "analysts-ecr-access"),
        ("aws:iam/policy:Policy", "shop-api-ci-ecr-access"),
        ("aws:iam/role:Role", "shop-api-ci"),
        ("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "shop-api-ci-ecr-access-attachment"),
    ]
    assert example.outputs["ciRoleArn"] == "arn:aws:iam::123456789012:role/shop-api-ci"
    assert example.outputs["repositoryUrls"]["api"] == "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api"


def test_the_ci_role_may_push_exactly_the_api_repository(example):
    (policy,) = [r for r in by_type(example, "aws:iam/policy:Policy") if r.name == "shop-api-ci-ecr-access"]
    assert json.loads(policy.inputs["policy"]) == {"Version": "2012-10-17", "Statement": [
        {"Sid": "GetAuthorizationToken", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Sid": "PushShopApi", "Effect": "Allow", "Action": sorted(PULL + [
            "ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"]),
         "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/shop/api"},
    ]}


def test_the_web_repository_policy_lets_the_other_account_pull(example):
    (policy,) = by_type(example, "aws:ecr/repositoryPolicy:RepositoryPolicy")
    assert policy.inputs["policy"] == json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowPullPrincipals", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
         "Action": PULL},
    ]}, separators=(",", ":"))
    assert policy.inputs["repository"] == "shop/web"


def test_the_registry_policy_waits_for_the_role_it_names(example):
    (registry_policy,) = by_type(example, "aws:ecr/registryPolicy:RegistryPolicy")
    (role,) = by_type(example, "aws:iam/role:Role")
    statement = json.loads(registry_policy.inputs["policy"])["Statement"][0]
    assert statement["Principal"] == {"AWS": "arn:aws:iam::123456789012:role/shop-api-ci"}
    assert role.urn in registry_policy.dependencies


def test_bad_arguments_are_refused_before_any_child_is_registered():
    caught: list[InvalidArgs] = []

    def body():
        registry = Registry.of(REGISTRY.region, REGISTRY.account)
        try:
            RepoAccessGroup("readers", RepoAccessGroupArgs(
                registry=registry, name="bad name!", grants=[Grant.on("app", levels=["pul"]), Grant.on(levels=[Level.PULL])],
            ))
        except InvalidArgs as err:
            caught.append(err)

    result = plan(body)
    (err,) = caught
    assert str(err).splitlines() == [
        "invalid component arguments (3 problems):",
        "  RepoAccessGroupArgs.name: is not an IAM group name: must be only ASCII letters, digits and + = , . @ - _ (got \"bad name!\")",
        "  RepoAccessGroupArgs.grants[0].levels: unknown access level 'pul' (valid: pull, push, read, create, admin) (got \"pul\")",
        "  RepoAccessGroupArgs.grants[1].target: needs repositories or namespaces (got [])",
    ]
    # Raised in the component's constructor: neither it nor any child was registered.
    assert [r.type for r in result.registrations if r.type != "pulumi:pulumi:Stack"] == []


def test_the_plan_command_plans_a_program_of_its_own_from_its_project_folder(example, capsys):
    assert plan_main(["dev", "--project", str(EXAMPLE), "--format", "json"]) == 0
    planned = json.loads(capsys.readouterr().out)
    assert planned["project"] == "ecr-platform" and planned["stack"] == "dev"
    assert sorted(r["urn"] for r in planned["resources"]) == sorted(r.urn for r in example.registrations if r.custom or r.type.startswith("ecr-access:"))
