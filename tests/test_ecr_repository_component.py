"""EcrRepository registers the repository and its lifecycle policy with exactly the compiled settings."""

import json

from ecr_access.compiler.repositories import compile_repository
from ecr_access.components.ecr_repository import EcrRepository, EcrRepositoryArgs
from ecr_access.config.stack import load_stack_config
from tests.conftest import REGISTRY, by_type, register


def compiled(stack="dev", **repo):
    cfg = load_stack_config(
        {"aws:region": "us-east-1", "ecr-access:accountId": REGISTRY.account, "ecr-access:repositories": [{"name": "my-repo", **repo}]},
        project="ecr-access", stack=stack,
    )
    return compile_repository(cfg.repositories[0], cfg.registry)


def test_repository_gets_safe_defaults_and_is_parented_to_the_component():
    result = register(lambda: EcrRepository("my-repo", EcrRepositoryArgs(repository=compiled())))
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
    repo_args = compiled(
        "prod",
        tagMutabilityExclusions=["latest"], encryption="KMS", kmsKey=key, tags={"team": "a"},
        lifecycle={"expireUntaggedAfterDays": 3},
    )
    result = register(lambda: EcrRepository("my-repo", EcrRepositoryArgs(repository=repo_args)), stack="prod")
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

        comp = EcrRepository("my-repo", EcrRepositoryArgs(repository=compiled()))
        pulumi.export("url", comp.repository_url)
        pulumi.export("arn", comp.arn)
        pulumi.export("registry", comp.registry_id)

    outputs = register(body).outputs
    assert outputs == {
        "url": "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-repo",
        "arn": "arn:aws:ecr:us-east-1:123456789012:repository/my-repo",
        "registry": "123456789012",
    }
