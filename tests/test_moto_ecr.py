"""AWS-facing shapes: what the dev plan registers is accepted by the ECR API (moto) as sent."""

import json

import boto3
import pytest
from moto import mock_aws

from ecr_access.plan.render import to_json_object
from tests.helpers.stacks import run_fixture

REGION = "us-east-1"


@pytest.fixture(scope="module")
def dev_plan():
    return to_json_object(run_fixture("dev"))


def of_type(plan, type_):
    return [r for r in plan["resources"] if r["type"] == type_]


@mock_aws
def test_repositories_lifecycle_and_repository_policies_are_accepted(dev_plan):
    ecr = boto3.client("ecr", region_name=REGION)
    for repo in of_type(dev_plan, "aws:ecr/repository:Repository"):
        inputs = repo["inputs"]
        enc = inputs["encryptionConfigurations"][0]
        created = ecr.create_repository(
            repositoryName=inputs["name"],
            # The dev stack declares registry scanning, so its repositories set no scanning of their own.
            **({"imageScanningConfiguration": inputs["imageScanningConfiguration"]} if "imageScanningConfiguration" in inputs else {}),
            # moto predates tag-mutability exclusion filters; the base setting is what it can check.
            imageTagMutability=inputs["imageTagMutability"].replace("_WITH_EXCLUSION", ""),
            encryptionConfiguration={k: v for k, v in enc.items()},
            tags=[{"Key": k, "Value": v} for k, v in sorted(inputs.get("tags", {}).items())],
        )["repository"]
        assert created["repositoryUri"] == dev_plan["outputs"]["repositoryUrls"][inputs["name"]]
        assert created["repositoryArn"] == dev_plan["outputs"]["repositoryArns"][inputs["name"]]
    lifecycles = of_type(dev_plan, "aws:ecr/lifecyclePolicy:LifecyclePolicy")
    assert lifecycles
    for lifecycle in lifecycles:
        text = json.dumps(lifecycle["inputs"]["policy"], separators=(",", ":"))
        ecr.put_lifecycle_policy(repositoryName=lifecycle["inputs"]["repository"], lifecyclePolicyText=text)
        stored = ecr.get_lifecycle_policy(repositoryName=lifecycle["inputs"]["repository"])
        assert json.loads(stored["lifecyclePolicyText"]) == lifecycle["inputs"]["policy"]
    for policy in of_type(dev_plan, "aws:ecr/repositoryPolicy:RepositoryPolicy"):
        text = json.dumps(policy["inputs"]["policy"], separators=(",", ":"))
        ecr.set_repository_policy(repositoryName=policy["inputs"]["repository"], policyText=text)


@mock_aws
def test_moto_rejects_a_malformed_lifecycle_policy_so_the_check_above_can_fail():
    ecr = boto3.client("ecr", region_name=REGION)
    ecr.create_repository(repositoryName="probe")
    with pytest.raises(ecr.exceptions.ClientError):
        bad_rule = {"rulePriority": 1, "description": "probe " * 15, "action": {"type": "expire"},
                    "selection": {"tagStatus": "sometimes", "countType": "imageCountMoreThan", "countNumber": 1}}
        ecr.put_lifecycle_policy(repositoryName="probe", lifecyclePolicyText=json.dumps({"rules": [bad_rule]}))
