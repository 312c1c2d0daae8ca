"""Regions from code: components given a `region` register their resources there, grants on them are scoped there, bad
regions are refused before anything is registered; and the access report reads the regions of a plan."""

from __future__ import annotations

import json

import pulumi
import pytest

from ecr_access import (
    EcrRepository,
    EcrRepositoryArgs,
    PullThroughCache,
    Registry,
    RegistryPullThroughCachePolicy,
    RegistryPullThroughCachePolicyArgs,
    RegistrySettings,
    RegistrySettingsArgs,
    RepoAccessUser,
    RepoAccessUserArgs,
    RepoPolicy,
    RepoPolicyArgs,
)
from ecr_access.components.checks import InvalidArgs
from ecr_access.components.registry_settings import ReplicationRule
from ecr_access.features.replication.rules import Destination
from ecr_access.iam.grants import Grant
from ecr_access.plan.render import to_json_object
from ecr_access.report.access import compute
from tests.helpers.registry import deployed
from tests.helpers.stacks import REGISTRY, base_config, by_type, register

ACCOUNT = REGISTRY.account
WEST = "us-west-2"
PUBLIC = Registry.of(REGISTRY.region, ACCOUNT)
USER = f"arn:aws:iam::{ACCOUNT}:user/puller"
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]


def test_a_repository_given_a_region_is_created_there_and_grants_on_it_are_scoped_there():
    def body():
        repo = EcrRepository("edge", EcrRepositoryArgs(region=WEST, protect=False))
        RepoPolicy("edge-policy", RepoPolicyArgs(repository=repo, grants=[Grant.allow(PUBLIC.accounts("210987654321"), levels=["pull"])]))
        RepoAccessUser("ci", RepoAccessUserArgs(registry=PUBLIC, grants=[repo.grant_pull(), Grant.on("app", levels=["pull"])]))
        pulumi.export("arn", repo.arn)
        pulumi.export("url", repo.repository_url)
        pulumi.export("region", repo.region)

    result = register(body)
    assert result.outputs == {"arn": f"arn:aws:ecr:{WEST}:{ACCOUNT}:repository/edge",
                              "url": f"{ACCOUNT}.dkr.ecr.{WEST}.amazonaws.com/edge", "region": WEST}
    (repository,) = by_type(result, "aws:ecr/repository:Repository")
    (policy,) = by_type(result, "aws:ecr/repositoryPolicy:RepositoryPolicy")
    assert repository.inputs["region"] == WEST and policy.inputs["region"] == WEST
    (managed,) = by_type(result, "aws:iam/policy:Policy")
    assert json.loads(managed.inputs["policy"])["Statement"][1] == {
        "Sid": "PullAppAnd1More", "Effect": "Allow", "Action": PULL,
        "Resource": [f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/app", f"arn:aws:ecr:{WEST}:{ACCOUNT}:repository/edge"]}


def test_a_repository_without_a_region_registers_no_region_input():
    (repository,) = by_type(register(lambda: EcrRepository("app", EcrRepositoryArgs(protect=False))),
                            "aws:ecr/repository:Repository")
    assert "region" not in repository.inputs


def test_registry_components_given_a_region_put_every_child_and_arn_there():
    def body():
        RegistryPullThroughCachePolicy("registry-west", RegistryPullThroughCachePolicyArgs(
            registry=PUBLIC, region=WEST, caches=[PullThroughCache(prefix="pub", upstream_url="public.ecr.aws", principals=[USER])]))
        RegistrySettings("settings-west", RegistrySettingsArgs(
            region=WEST, replication=[ReplicationRule([Destination("us-east-1", ACCOUNT)])]))

    result = register(body)
    children = [r for r in result.registrations if r.custom]
    assert {r.name: r.inputs.get("region") for r in children} == {
        "registry-west-pub-template": WEST, "registry-west-pub": WEST, "registry-west-registry-policy": WEST,
        "settings-west-replication": WEST}
    (policy,) = by_type(result, "aws:ecr/registryPolicy:RegistryPolicy")
    assert json.loads(policy.inputs["policy"])["Statement"][0]["Resource"] == f"arn:aws:ecr:{WEST}:{ACCOUNT}:repository/pub/*"


@pytest.mark.parametrize("build, message", [
    (lambda: EcrRepository("app", EcrRepositoryArgs(region="moon-1")),
     'EcrRepositoryArgs.region: is not an AWS region botocore knows for ECR (got "moon-1")'),
    (lambda: RepoPolicy("p", RepoPolicyArgs(repository=EcrRepository("edge", EcrRepositoryArgs(region=WEST, protect=False)),
                                            region="eu-west-1", grants=[Grant.allow(PUBLIC.accounts("210987654321"), levels=["pull"])])),
     'RepoPolicyArgs.region: is not the region of the repository, us-west-2; leave it out (got "eu-west-1")'),
    (lambda: RegistryPullThroughCachePolicy("r", RegistryPullThroughCachePolicyArgs(registry=PUBLIC, region="moon-1")),
     'RegistryPullThroughCachePolicyArgs.region: is not an AWS region botocore knows for ECR (got "moon-1")'),
    (lambda: RegistrySettings("s", RegistrySettingsArgs(region="moon-1")),
     'RegistrySettingsArgs.region: is not an AWS region botocore knows for ECR (got "moon-1")'),
])
def test_a_bad_region_argument_is_refused_before_the_component_registers(build, message):
    with pytest.raises(InvalidArgs) as err:
        register(build)
    assert [str(p) for p in err.value.problems] == [message]


def test_the_access_report_evaluates_each_region_with_its_own_arns_and_registry_policy():
    config = base_config(
        repositories=[{"name": "app"}, {"name": "edge/web", "region": WEST}],
        users=[{"name": "ci", "grants": [{"levels": ["pull"], "namespace": "edge"}]}],
        pullThroughCache=[{"upstream": "ecr-public", "prefix": "pub", "region": WEST, "principals": [f"arn:aws:iam::{ACCOUNT}:user/ci"]}],
    )
    found = {(a.target, a.levels, a.actions) for a in compute(to_json_object(deployed(config))).access if "user/ci" in a.principal}
    assert ("edge/web", ("pull",), ()) in found
    assert (f"edge/* ({WEST})", ("pull",), ()) in found
    assert (f"pub/* ({WEST})", (), ("ecr:BatchImportUpstreamImage", "ecr:CreateRepository")) in found
    assert not any(target in ("app", "edge/*", "pub/*") for target, _, _ in found)
