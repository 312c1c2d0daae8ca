"""EcrRepository registers the repository and its lifecycle policy with exactly the settings its arguments give."""

import json

import pulumi
import pulumi_aws

from ecr_access.components.checks import InvalidArgs
from ecr_access.components.ecr_repository import EcrRepository, EcrRepositoryArgs
from ecr_access.features.repositories.lifecycle_policy import ExpireUntagged, LifecyclePolicy
from tests.helpers.stacks import by_type, caught, register


def test_repository_gets_safe_defaults_and_is_parented_to_the_component():
    result = register(lambda: EcrRepository("my-repo", EcrRepositoryArgs(protect=False)))
    [component] = by_type(result, "ecr-access:ecr:EcrRepository")
    [repo] = by_type(result, "aws:ecr/repository:Repository")
    assert repo.parent_urn == component.urn
    assert repo.inputs == {
        "name": "my-repo",
        "imageTagMutability": "IMMUTABLE",
        "imageScanningConfiguration": {"scanOnPush": True},
        "encryptionConfigurations": [{"encryptionType": "AES256"}],
        "forceDelete": False,
    }
    assert by_type(result, "aws:ecr/lifecyclePolicy:LifecyclePolicy") == []


def test_settings_exclusions_tags_kms_lifecycle_and_protect_reach_the_resources():
    key = "arn:aws:kms:us-east-1:123456789012:key/abc"
    repo_args = EcrRepositoryArgs(
        tag_mutability_exclusions=["latest"], encryption="KMS", kms_key=key, tags={"team": "a"},
        lifecycle=LifecyclePolicy((ExpireUntagged(3),)),
    )
    result = register(lambda: EcrRepository("my-repo", repo_args), stack="prod")
    [repo] = by_type(result, "aws:ecr/repository:Repository")
    assert repo.protect is True
    assert repo.inputs["imageTagMutability"] == "IMMUTABLE_WITH_EXCLUSION"
    assert repo.inputs["imageTagMutabilityExclusionFilters"] == [{"filter": "latest", "filterType": "WILDCARD"}]
    assert repo.inputs["encryptionConfigurations"] == [{"encryptionType": "KMS", "kmsKey": key}]
    assert repo.inputs["tags"] == {"team": "a"}
    [lifecycle] = by_type(result, "aws:ecr/lifecyclePolicy:LifecyclePolicy")
    assert lifecycle.name == "my-repo-lifecycle" and lifecycle.protect is False
    assert lifecycle.inputs["repository"] == "my-repo"
    assert json.loads(lifecycle.inputs["policy"])["rules"][0]["selection"]["countNumber"] == 3


def test_component_outputs_are_shaped_as_aws_returns_them():
    def body():
        import pulumi

        comp = EcrRepository("my-repo", EcrRepositoryArgs(protect=False))
        pulumi.export("url", comp.repository_url)
        pulumi.export("arn", comp.arn)
        pulumi.export("registry", comp.registry_id)

    outputs = register(body).outputs
    assert outputs == {
        "url": "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-repo",
        "arn": "arn:aws:ecr:us-east-1:123456789012:repository/my-repo",
        "registry": "123456789012",
    }


def _refusal(args: EcrRepositoryArgs) -> list[str]:
    errors, result = caught(lambda: EcrRepository("app", args), InvalidArgs)
    assert by_type(result, "aws:ecr/repository:Repository") == [] or not errors
    return [str(p) for err in errors for p in err.problems]


def test_a_key_of_another_region_is_refused_from_code_as_in_the_stack_file():
    key = "arn:aws:kms:eu-west-1:123456789012:key/abc"
    assert _refusal(EcrRepositoryArgs(encryption="KMS", kms_key=key)) == [
        f'EcrRepositoryArgs.kms_key: is in eu-west-1, but a repository in us-east-1 needs a key in its own region (got "{key}")']
    assert _refusal(EcrRepositoryArgs(encryption="KMS", kms_key=key, region="us-west-2")) == [
        f'EcrRepositoryArgs.kms_key: is in eu-west-1, but a repository in us-west-2 needs a key in its own region (got "{key}")']
    assert _refusal(EcrRepositoryArgs(encryption="KMS", kms_key=key, region="eu-west-1", protect=False)) == []


def test_with_a_provider_of_its_own_the_region_of_a_key_is_left_to_aws():
    key = "arn:aws:kms:eu-west-1:123456789012:key/abc"
    def body():
        provider = pulumi_aws.Provider("eu", region="eu-west-1")
        EcrRepository("app", EcrRepositoryArgs(encryption="KMS", kms_key=key), pulumi.ResourceOptions(provider=provider))

    errors, _ = caught(body, InvalidArgs)
    assert errors == []


def test_dual_layer_encryption_is_refused_outside_govcloud_from_code():
    assert _refusal(EcrRepositoryArgs(encryption="KMS_DSSE")) == [
        'EcrRepositoryArgs.encryption: is available only in the AWS GovCloud (US) Regions (DSSE-KMS, the ECR user guide '
        '"Encryption at rest"), not in us-east-1; use KMS (got "KMS_DSSE")']
