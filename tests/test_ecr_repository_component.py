"""EcrRepository registers the repository and its lifecycle policy with exactly the settings its arguments give."""

import json

from ecr_access.components.ecr_repository import EcrRepository, EcrRepositoryArgs
from ecr_access.features.repositories.lifecycle_policy import ExpireUntagged, LifecyclePolicy
from tests.helpers.stacks import by_type, register


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
