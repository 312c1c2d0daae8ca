"""Reading `ecr-access:pullThroughCache` and `ecr-access:registryPolicyScope`: values, defaults and exact errors."""

from __future__ import annotations

import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import load_stack_config
from ecr_access.features.pull_through import CREDENTIALED, FIXED_URLS, upstreams
from ecr_access.features.registry_policy.document import RegistryPolicyScope
from ecr_access.stack.config_source import decode_config
from tests.helpers.stacks import base_config

USER = "arn:aws:iam::123456789012:user/ecr-pull-through-cache-user"
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf"
ROLE = "arn:aws:iam::123456789012:role/ecr-template"


def load(*caches, **more):
    return load_stack_config(decode_config(base_config(pullThroughCache=list(caches), **more)), project="p", stack="dev")


def problem(*caches, **more) -> str:
    with pytest.raises(ConfigError) as err:
        load(*caches, **more)
    assert len(err.value.problems) == 1, err.value
    return str(err.value.problems[0])


def test_an_ecr_public_cache_takes_the_defaults():
    cache = load({"upstream": "ecr-public", "prefix": "ecr-public", "principals": [USER]}).pull_through_caches[0]
    assert (cache.upstream_url, cache.credential_arn, cache.principals, cache.path) == (
        "public.ecr.aws", None, (USER,), "ecr-access:pullThroughCache[0]"
    )
    settings = cache.template.settings
    assert (settings.image_tag_mutability, settings.encryption, dict(settings.tags), cache.tags_repositories) == (
        "IMMUTABLE", "AES256", {}, False
    )
    assert cache.template.description == "Repositories cached from ecr-public under ecr-public/ (ecr-access)"


def test_every_botocore_upstream_has_a_url_and_a_credential_rule():
    known = set(FIXED_URLS) | {"azure-container-registry", "ecr"}
    assert set(upstreams()) == known
    assert set(upstreams()) >= CREDENTIALED


def test_template_inherits_repository_defaults_and_overrides_them():
    cache = load(
        {"upstream": "quay", "prefix": "quay", "template": {"customRoleArn": ROLE, "tagMutability": "MUTABLE",
                                                            "tagMutabilityExclusions": ["latest"], "tags": {"src": "quay"}}},
        repositoryDefaults={"tags": {"team": "platform"}, "lifecycle": {"expireUntaggedAfterDays": 3}},
    ).pull_through_caches[0]
    s = cache.template.settings
    assert (s.image_tag_mutability, s.tag_mutability_exclusions, dict(s.tags)) == (
        "MUTABLE_WITH_EXCLUSION", ("latest",), {"team": "platform", "src": "quay"}
    )
    assert s.lifecycle is not None and cache.tags_repositories and cache.template.custom_role_arn == ROLE


@pytest.mark.parametrize("upstream", sorted(CREDENTIALED - {"azure-container-registry"}))
def test_missing_credential_names_the_upstream_and_path(upstream):
    assert problem({"upstream": upstream, "prefix": "cache"}) == (
        f"ecr-access:pullThroughCache[0].credentialArn: is required: upstream {upstream} authenticates with a "
        "Secrets Manager secret named ecr-pullthroughcache/<name>"
    )


def test_credential_outside_the_ecr_pullthroughcache_namespace_is_refused():
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-credentials-AbCdEf"
    text = problem({"upstream": "docker-hub", "prefix": "docker-hub", "credentialArn": arn})
    assert text.startswith(
        "ecr-access:pullThroughCache[0].credentialArn: is not a Secrets Manager secret ARN whose name starts with "
        "ecr-pullthroughcache/ (upstream docker-hub): must be a Secrets Manager secret ARN, "
        "arn:aws:secretsmanager:<region>:<account>:secret:ecr-pullthroughcache/<name>"
    )
    assert text.endswith(f'(got "{arn}")')


def test_credential_in_another_region_is_refused():
    arn = SECRET.replace("us-east-1", "eu-west-1")
    assert problem({"upstream": "docker-hub", "prefix": "docker-hub", "credentialArn": arn}) == (
        "ecr-access:pullThroughCache[0].credentialArn: must be a secret in the registry's own account 123456789012 "
        f'and region us-east-1 (upstream docker-hub) (got "{arn}")'
    )


def test_credential_on_an_anonymous_upstream_is_refused():
    assert problem({"upstream": "ecr-public", "prefix": "ecr-public", "credentialArn": SECRET}) == (
        "ecr-access:pullThroughCache[0].credentialArn: is not used by upstream ecr-public: only upstreams that "
        f'authenticate with a secret take one (got "{SECRET}")'
    )


@pytest.mark.parametrize("prefix, message", [
    ("e", "must be 2-30 characters long"),
    ("a-very-long-prefix-over-thirty-chars", "must be 2-30 characters long"),
    ("Docker", "must be lowercase letters and digits, with . _ or - between them and / between path segments"),
    ("ROOT", "must name a namespace such as ecr-public (not ROOT, no trailing /)"),
    ("docker/", "must name a namespace such as ecr-public (not ROOT, no trailing /)"),
])
def test_prefix_errors(prefix, message):
    text = problem({"upstream": "quay", "prefix": prefix})
    assert text.startswith("ecr-access:pullThroughCache[0].prefix: ") and message in text and f'(got "{prefix}")' in text


def test_a_prefix_used_twice_is_refused():
    assert problem({"upstream": "quay", "prefix": "quay"}, {"upstream": "k8s", "prefix": "quay"}) == (
        'ecr-access:pullThroughCache[1].prefix: is used by another cache (first at ecr-access:pullThroughCache[0]) (got "quay")'
    )


def test_unknown_upstream_lists_botocore_enum():
    text = problem({"upstream": "gcr", "prefix": "gcr"})
    assert text.startswith("ecr-access:pullThroughCache[0].upstream: is not an upstream registry ECR supports: must be one of ecr, ecr-public")


def test_azure_needs_its_login_server():
    base = {"upstream": "azure-container-registry", "prefix": "azure", "credentialArn": SECRET}
    assert problem(base) == "ecr-access:pullThroughCache[0].registryUrl: is required"
    assert load({**base, "registryUrl": "contoso.azurecr.io"}).pull_through_caches[0].upstream_url == "contoso.azurecr.io"
    assert "must be the registry's login server" in problem({**base, "registryUrl": "contoso.example.com"})


def test_ecr_upstream_url_and_cross_account_role():
    base = {"upstream": "ecr", "prefix": "central", "upstreamAccount": "210987654321", "upstreamRegion": "eu-west-1"}
    assert problem(base) == (
        "ecr-access:pullThroughCache[0].customRoleArn: is required: ECR assumes this role to pull from another account's registry"
    )
    cache = load({**base, "customRoleArn": "arn:aws:iam::123456789012:role/ecr-ptc"}).pull_through_caches[0]
    assert (cache.upstream_url, cache.custom_role_arn) == (
        "210987654321.dkr.ecr.eu-west-1.amazonaws.com", "arn:aws:iam::123456789012:role/ecr-ptc"
    )
    foreign = "arn:aws:iam::210987654321:role/ecr-ptc"
    assert "must be a role of the registry's own account 123456789012" in problem({**base, "customRoleArn": foreign})


def test_template_that_tags_needs_a_role():
    assert problem({"upstream": "quay", "prefix": "quay"}, repositoryDefaults={"tags": {"team": "x"}}) == (
        "ecr-access:pullThroughCache[0].template.customRoleArn: is required: the template adds tags (tags may come from "
        "ecr-access:tags and ecr-access:repositoryDefaults, KMS keys from the defaults), which ECR applies only through a "
        "role of this account"
    )


def test_template_scan_on_push_is_refused_with_the_reason():
    assert problem({"upstream": "quay", "prefix": "quay", "template": {"scanOnPush": True}}) == (
        "ecr-access:pullThroughCache[0].template.scanOnPush: creation templates have no scan-on-push setting; "
        "scanning is set by the registry scanning configuration"
    )


def test_template_kms_alias_is_refused():
    alias = "arn:aws:kms:us-east-1:123456789012:alias/ecr"
    text = problem({"upstream": "quay", "prefix": "quay", "template": {"encryption": "KMS", "kmsKey": alias, "customRoleArn": ROLE}})
    assert text.startswith("ecr-access:pullThroughCache[0].template.kmsKey: a creation template needs a KMS key ARN (not an alias)")


@pytest.mark.parametrize("principal, message", [
    ("arn:aws:iam::123456789012:group/devs", "IAM groups cannot be principals of a resource policy"),
    ("ecr-pull-through-cache-user", "must be an IAM user or role ARN"),
    ("arn:aws-cn:iam::123456789012:user/x", "is an ARN of partition aws-cn, but aws:region puts this stack in partition aws"),
])
def test_principal_errors(principal, message):
    text = problem({"upstream": "quay", "prefix": "quay", "principals": ["arn:aws:iam::123456789012:root", principal]})
    assert text.startswith("ecr-access:pullThroughCache[0].principals[1]: ") and message in text


def test_registry_policy_scope_defaults_to_v2_and_rejects_others():
    assert load().registry_policy_scope is RegistryPolicyScope.V2
    assert load(registryPolicyScope="V2").registry_policy_scope is RegistryPolicyScope.V2
    with pytest.raises(ConfigError, match=r"ecr-access:registryPolicyScope: is no longer accepted: AWS accepts only V2"):
        load(registryPolicyScope="V1")
    with pytest.raises(ConfigError, match=r"ecr-access:registryPolicyScope: must be V2"):
        load(registryPolicyScope="v3")
