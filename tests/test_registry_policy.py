"""The registry policy: a cache prefix's statements, TagResource only for tagging templates, merging, scope V1."""

from __future__ import annotations

import json

import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.features.pull_through.statements import CacheAccess, cache_statements
from ecr_access.features.registry_policy.compile import compile_registry_policy
from ecr_access.features.registry_policy.document import RegistryContribution, RegistryPolicyScope, merge, render_registry_policy
from ecr_access.iam.document import Statement
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.principals import Principals
from tests.helpers.stacks import REGISTRY

USER = "arn:aws:iam::123456789012:user/ecr-pull-through-cache-user"
ROLE = "arn:aws:iam::123456789012:role/ci-builder"


def _policy(*caches: CacheAccess, scope=RegistryPolicyScope.V2):
    contribution = RegistryContribution("ecr-access:pullThroughCache", cache_statements(caches, REGISTRY))
    return render_registry_policy([contribution], scope)


def test_a_cache_prefix_registry_policy_is_exact():
    rendered = _policy(CacheAccess("ecr-public", (USER,)))
    assert rendered.json == (
        '{"Version":"2012-10-17","Statement":[{"Sid":"PullThroughCacheEcrPublic","Effect":"Allow",'
        '"Principal":{"AWS":"arn:aws:iam::123456789012:user/ecr-pull-through-cache-user"},'
        '"Action":["ecr:BatchImportUpstreamImage","ecr:CreateRepository"],'
        '"Resource":"arn:aws:ecr:us-east-1:123456789012:repository/ecr-public/*"}]}'
    )
    assert rendered.size == len(rendered.json) and rendered.limit == 10240


@pytest.mark.parametrize("tags, actions", [
    (False, ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]),
    (True, ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository", "ecr:TagResource"]),
])
def test_tag_resource_only_when_the_template_tags(tags, actions):
    statement = _policy(CacheAccess("quay", (USER,), tags_repositories=tags)).parsed()["Statement"][0]
    assert statement["Action"] == actions


def test_principals_of_one_prefix_share_one_statement():
    doc = _policy(CacheAccess("ecr-public", (USER,)), CacheAccess("ecr-public", (ROLE, USER))).parsed()
    assert len(doc["Statement"]) == 1
    assert doc["Statement"][0]["Principal"] == {"AWS": [ROLE, USER]}


def test_prefixes_that_camel_case_alike_get_distinct_sids_even_compiled_apart():
    prefixes = ("a-b", "a.b", "a_b", "a/b", "ab", "a-1", "a1", "ab-c", "ab/c", "a-bc")
    one_by_one = [cache_statements([CacheAccess(p, (USER,))], REGISTRY)[0].sid for p in prefixes]
    assert one_by_one[:2] == ["PullThroughCacheAB", "PullThroughCache0aDb"]
    assert len(set(one_by_one)) == len(prefixes)
    together = cache_statements([CacheAccess(p, (USER,)) for p in prefixes], REGISTRY)
    assert sorted(s.sid for s in together) == sorted(one_by_one)


def test_a_cache_without_principals_contributes_nothing():
    assert cache_statements([CacheAccess("k8s", ())], REGISTRY) == ()
    assert render_registry_policy([], RegistryPolicyScope.V2) is None


def _replication() -> RegistryContribution:
    return RegistryContribution(
        "ecr-access:replication",
        (
            Statement(
                sid="ReplicationFromSource",
                principal=Principals.of_aws("arn:aws:iam::210987654321:root"),
                actions=("ecr:CreateRepository", "ecr:ReplicateImage"),
                resources=(REGISTRY.repository_arn("*"),),
            ),
        ),
    )


def test_two_contributors_merge_into_one_document_deduplicated_and_ordered():
    cache = RegistryContribution("ecr-access:pullThroughCache[0]", cache_statements([CacheAccess("ecr-public", (USER,))], REGISTRY))
    twice = RegistryContribution("ecr-access:pullThroughCache[0]", cache.statements)
    forward = render_registry_policy([_replication(), cache, twice], RegistryPolicyScope.V2)
    backward = render_registry_policy([cache, _replication()], RegistryPolicyScope.V2)
    assert forward.json == backward.json
    assert [s["Sid"] for s in forward.parsed()["Statement"]] == ["PullThroughCacheEcrPublic", "ReplicationFromSource"]


def test_one_sid_with_two_contents_is_refused_naming_both_contributors():
    other = RegistryContribution(
        "ecr-access:other",
        (Statement(sid="ReplicationFromSource", principal=Principals.of_aws(USER), actions=("ecr:CreateRepository",),
                   resources=(REGISTRY.repository_arn("x/*"),)),),
    )
    with pytest.raises(PolicyError) as err:
        merge([_replication(), other])
    assert str(err.value) == (
        "ecr-access:replication and ecr-access:other contribute different registry policy statements that ecr-access "
        "would name alike"
    )


def test_scope_v1_allows_pull_through_and_replication_actions():
    rendered = render_registry_policy(
        [_replication(), RegistryContribution("c", cache_statements([CacheAccess("ecr-public", (USER,))], REGISTRY))],
        RegistryPolicyScope.V1,
    )
    assert len(rendered.parsed()["Statement"]) == 2


def test_scope_v1_refuses_tag_resource():
    with pytest.raises(PolicyError, match="ecr:TagResource .* not enforced in a registry policy under scope V1"):
        _policy(CacheAccess("ecr-public", (USER,), tags_repositories=True), scope=RegistryPolicyScope.V1)


def test_the_stack_refuses_a_v1_scope_at_the_scope_key_naming_the_contribution_that_needs_more():
    tagging = RegistryContribution("ecr-access:pullThroughCache[1]", cache_statements(
        [CacheAccess("quay", (USER,), tags_repositories=True)], REGISTRY))
    with pytest.raises(ConfigError) as err:
        compile_registry_policy([_replication(), tagging], RegistryPolicyScope.V1)
    assert [str(p) for p in err.value.problems] == [
        "ecr-access:registryPolicyScope: ecr-access:pullThroughCache[1] needs it: ecr:TagResource is not enforced in a "
        "registry policy under scope V1, which enforces only ecr:BatchImportUpstreamImage, ecr:CreateRepository, "
        'ecr:ReplicateImage; set ecr-access:registryPolicyScope to V2 (got "V1")'
    ]


def test_the_registry_quota_is_enforced():
    principals = tuple(f"arn:aws:iam::123456789012:role/puller-with-a-long-name-{i:03d}" for i in range(200))
    with pytest.raises(PolicyError, match=r"over the 10240-character limit of an ECR registry policy"):
        _policy(CacheAccess("ecr-public", principals))
    assert json.loads(_policy(CacheAccess("ecr-public", principals[:100])).json)
