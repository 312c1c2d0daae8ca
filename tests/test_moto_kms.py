"""AWS-facing shapes of a repository key: KMS (moto) takes the key as the plan registers it - key policy, description,
rotation, tags, alias - and ECR a repository encrypted with it."""

import json

import boto3
from moto import mock_aws

from ecr_access.plan.render import to_json_object
from ecr_access.plan.runner import run_stack
from tests.helpers.stacks import REGISTRY, base_config

CONFIG = base_config(
    kmsKeys=[{"name": "ecr-prod", "tags": {"team": "platform"}}],
    repositories=[{"name": "team-a/payments", "encryption": "KMS", "kmsKey": "ecr-prod"}],
    users=[{"name": "alice", "grants": [{"levels": ["push"], "repository": "team-a/payments"}]}],
)


@mock_aws
def test_the_key_its_alias_and_a_repository_encrypted_with_it_are_accepted():
    plan = to_json_object(run_stack("prod", config=CONFIG))
    [key] = [r["inputs"] for r in plan["resources"] if r["type"] == "aws:kms/key:Key"]
    [alias] = [r["inputs"] for r in plan["resources"] if r["type"] == "aws:kms/alias:Alias"]
    iam, kms, ecr = (boto3.client(s, region_name=REGISTRY.region) for s in ("iam", "kms", "ecr"))
    iam.create_user(UserName="alice")  # KMS refuses a key policy naming a principal that does not exist
    created = kms.create_key(
        Policy=json.dumps(key["policy"], separators=(",", ":")), Description=key["description"],
        Tags=[{"TagKey": k, "TagValue": v} for k, v in key["tags"].items()],
    )["KeyMetadata"]
    kms.enable_key_rotation(KeyId=created["KeyId"])
    kms.create_alias(AliasName=alias["name"], TargetKeyId=created["KeyId"])
    assert json.loads(kms.get_key_policy(KeyId=created["KeyId"], PolicyName="default")["Policy"]) == key["policy"]
    assert kms.get_key_rotation_status(KeyId=created["KeyId"])["KeyRotationEnabled"] is True
    assert kms.describe_key(KeyId="alias/ecr-prod")["KeyMetadata"]["Arn"] == created["Arn"]
    repository = ecr.create_repository(
        repositoryName="team-a/payments", encryptionConfiguration={"encryptionType": "KMS", "kmsKey": created["Arn"]},
    )["repository"]
    assert repository["encryptionConfiguration"] == {"encryptionType": "KMS", "kmsKey": created["Arn"]}
