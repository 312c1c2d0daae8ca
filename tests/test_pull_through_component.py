"""RegistryPullThroughCachePolicy under Pulumi mocks: rules, templates and the one registry policy, with their inputs.

Moto has no pull-through cache rule or repository creation template API, so those resources are checked here, under
mocks only; the registry policy document is also checked against moto (tests/test_moto_registry_policy.py).
"""

from __future__ import annotations

import json

import pulumi
import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import load_stack_config
from ecr_access.plan.mocks import AwsShapedMocks
from ecr_access.plan.runner import run_program
from ecr_access.stack.compile import compile_stack
from ecr_access.stack.config_source import decode_config
from ecr_access.stack.deploy import deploy
from tests.helpers.stacks import REGISTRY, ROOT, base_config, by_type, register

USER = "arn:aws:iam::123456789012:user/ecr-pull-through-cache-user"
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf"
ROLE = "arn:aws:iam::123456789012:role/ecr-template"
CACHES = [
    {"upstream": "ecr-public", "prefix": "ecr-public", "principals": [USER]},
    {"upstream": "docker-hub", "prefix": "docker-hub", "credentialArn": SECRET, "principals": [USER],
     "template": {"customRoleArn": ROLE, "tags": {"source": "docker-hub"}, "tagMutabilityExclusions": ["latest"],
                  "lifecycle": {"expireUntaggedAfterDays": 7}}},
]


def _deploy(config):
    compiled = compile_stack(load_stack_config(decode_config(config), project="ecr-access", stack="dev"))
    return register(lambda: [pulumi.export(k, v) for k, v in deploy(compiled).items()], config=config)


def test_rules_templates_and_one_registry_policy_are_registered_with_their_inputs():
    result = _deploy(base_config(pullThroughCache=CACHES))
    (component,) = by_type(result, "ecr-access:ecr:RegistryPullThroughCachePolicy")
    rules = by_type(result, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule")
    templates = by_type(result, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")
    (policy,) = by_type(result, "aws:ecr/registryPolicy:RegistryPolicy")
    assert all(r.parent_urn == component.urn for r in rules + templates + [policy])
    assert [r.inputs for r in rules] == [
        {"ecrRepositoryPrefix": "docker-hub", "upstreamRegistryUrl": "registry-1.docker.io", "credentialArn": SECRET},
        {"ecrRepositoryPrefix": "ecr-public", "upstreamRegistryUrl": "public.ecr.aws"},
    ]
    assert [t.urn for t in templates] == [r.dependencies[0] for r in rules]
    docker, public = templates
    assert docker.inputs == {
        "prefix": "docker-hub",
        "appliedFors": ["PULL_THROUGH_CACHE"],
        "description": "Repositories cached from docker-hub under docker-hub/ (ecr-access)",
        "imageTagMutability": "IMMUTABLE_WITH_EXCLUSION",
        "imageTagMutabilityExclusionFilters": [{"filter": "latest", "filterType": "WILDCARD"}],
        "encryptionConfigurations": [{"encryptionType": "AES256"}],
        "lifecyclePolicy": json.dumps({"rules": [{"rulePriority": 1, "description": "Expire untagged images after 7 days",
                                                  "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
                                                                "countUnit": "days", "countNumber": 7},
                                                  "action": {"type": "expire"}}]}, separators=(",", ":")),
        "resourceTags": {"source": "docker-hub"},
        "customRoleArn": ROLE,
    }
    assert "customRoleArn" not in public.inputs and "resourceTags" not in public.inputs
    statements = json.loads(policy.inputs["policy"])["Statement"]
    assert [(s["Sid"], s["Action"]) for s in statements] == [
        ("PullThroughCacheDockerHub", ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository", "ecr:TagResource"]),
        ("PullThroughCacheEcrPublic", ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]),
    ]
    assert result.outputs["registryPolicy"] == policy.inputs["policy"]
    assert result.outputs["pullThroughCacheUpstreams"] == {"docker-hub": "registry-1.docker.io", "ecr-public": "public.ecr.aws"}
    assert result.outputs["pullThroughCacheUrls"]["ecr-public"] == f"{REGISTRY.host}/ecr-public"


def test_caches_without_principals_register_no_registry_policy():
    result = _deploy(base_config(pullThroughCache=[{"upstream": "k8s", "prefix": "k8s"}]))
    assert len(by_type(result, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule")) == 1
    assert by_type(result, "aws:ecr/registryPolicy:RegistryPolicy") == []
    assert result.outputs["registryPolicy"] is None


def test_no_caches_no_component():
    result = _deploy(base_config())
    assert by_type(result, "ecr-access:ecr:RegistryPullThroughCachePolicy") == []


def _run_program(config):
    return run_program(config, project="ecr-access", stack="dev", mocks=AwsShapedMocks(REGISTRY))


def test_bad_credential_registers_nothing():
    bad = [{**CACHES[1], "credentialArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbCdEf"}]
    with pytest.raises(Exception, match=r"ecr-access:pullThroughCache\[0\]\.credentialArn: is not a Secrets Manager secret ARN") as err:
        _run_program(base_config(pullThroughCache=bad))
    assert "upstream docker-hub" in str(err.value)


def test_scope_v1_is_refused_before_registration_because_aws_accepts_only_v2():
    config = base_config(pullThroughCache=CACHES, registryPolicyScope="V1")
    with pytest.raises(ConfigError) as err:
        compile_stack(load_stack_config(decode_config(config), project="ecr-access", stack="dev"))
    assert [str(p) for p in err.value.problems] == [
        "ecr-access:registryPolicyScope: is no longer accepted: AWS accepts only V2 for REGISTRY_POLICY_SCOPE now "
        '(V1 cannot be set any more); set V2 or remove the key (got "V1")'
    ]


class _CountingMocks(AwsShapedMocks):
    """Mocks that remember every resource the program asked for (components included)."""

    def __init__(self):
        super().__init__(REGISTRY)
        self.types: list[str] = []

    def new_resource(self, args):
        self.types.append(args.typ)
        return super().new_resource(args)


@pytest.mark.parametrize("extra", [
    {"registryPolicyScope": "V1"},
    {"pullThroughCache": [{**CACHES[0], "prefix": "ROOT"}] + CACHES[1:]},
    {"pullThroughCache": [CACHES[0], {k: v for k, v in CACHES[1].items() if k != "credentialArn"}]},
])
def test_nothing_registered_on_bad_config(extra):
    mocks = _CountingMocks()
    config = base_config(**{"pullThroughCache": CACHES, "repositories": [{"name": "my-repo"}], **extra})
    with pytest.raises(Exception, match=r"invalid stack config"):
        run_program(config, project="ecr-access", stack="dev", mocks=mocks)
    assert mocks.types == []
    # The same entries without the fault register the rules (the test would notice a mock that records nothing).
    run_program(base_config(pullThroughCache=CACHES), project="ecr-access", stack="dev", mocks=mocks)
    assert "aws:ecr/pullThroughCacheRule:PullThroughCacheRule" in mocks.types


def test_the_dev_stack_registers_exactly_one_registry_policy(dev_config):
    result = _run_program(dev_config)
    assert len(by_type(result, "aws:ecr/registryPolicy:RegistryPolicy")) == 1
    assert {r.inputs["ecrRepositoryPrefix"] for r in by_type(result, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule")} >= {
        "ecr-public", "docker-hub"
    }


def test_only_one_module_can_register_a_registry_policy():
    # AWS keeps one registry policy per registry and region: features contribute statements, never a second resource.
    sources = list((ROOT / "ecr_access").rglob("*.py")) + [ROOT / "__main__.py"]
    owners = sorted(str(p.relative_to(ROOT)) for p in sources if "aws.ecr.RegistryPolicy(" in p.read_text())
    assert owners == ["ecr_access/components/registry_pull_through_cache_policy.py"]
