"""Pull-through cache prefixes and team namespaces side by side: distinct Sids, the template ECR applies to a nested
namespace (and the ecr:TagResource it needs), refused overlaps, and pulls through a cache that could not import."""

from __future__ import annotations

import json

from tests.helpers.registry import ROLE, compiled, deployed, refused
from tests.helpers.stacks import base_config, by_type

USER = "arn:aws:iam::123456789012:user/puller"
CI = {"name": "ci", "trust": {"accountRoot": True}}
PUSH_AND_CREATE = [
    "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:CreateRepository",
    "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart",
]
AUTH = {"Sid": "GetAuthorizationToken", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}
ARN = "arn:aws:ecr:us-east-1:123456789012:repository/"


def _ci_statements(**ecr_access) -> list[dict]:
    result = deployed(base_config(**ecr_access))
    (policy,) = [p for p in by_type(result, "aws:iam/policy:Policy") if p.inputs["name"] == "ci-ecr-access"]
    return json.loads(policy.inputs["policy"])["Statement"]


def _create(namespace: str) -> list[dict]:
    return [{**CI, "grants": [{"levels": ["create"], "namespace": namespace}]}]


def test_cache_prefixes_that_read_alike_both_deploy_with_distinct_sids():
    caches = [{"upstream": "ecr-public", "prefix": "ab-c", "principals": [USER]}, {"upstream": "quay", "prefix": "ab/c", "principals": [USER]}]
    (policy,) = by_type(deployed(base_config(pullThroughCache=caches)), "aws:ecr/registryPolicy:RegistryPolicy")
    actions = ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]
    assert json.loads(policy.inputs["policy"]) == {"Version": "2012-10-17", "Statement": [
        {"Sid": "PullThroughCache0abSc", "Effect": "Allow", "Principal": {"AWS": USER}, "Action": actions, "Resource": f"{ARN}ab/c/*"},
        {"Sid": "PullThroughCacheAbC", "Effect": "Allow", "Principal": {"AWS": USER}, "Action": actions, "Resource": f"{ARN}ab-c/*"},
    ]}


def test_create_under_a_team_namespace_gets_tag_resource_from_the_enclosing_template():
    # team-a's template (tagged through repositoryDefaults) is the one ECR applies to team-a/sub/<name>.
    statements = _ci_statements(
        repositoryDefaults={"tags": {"owner": "platform"}}, namespaces=[{"name": "team-a", "customRoleArn": ROLE}], roles=_create("team-a/sub")
    )
    assert statements == [
        AUTH,
        {"Sid": "PushCreateTagTeamASubNamespace", "Effect": "Allow", "Action": sorted(PUSH_AND_CREATE + ["ecr:TagResource"]),
         "Resource": f"{ARN}team-a/sub/*"},
    ]


def test_create_on_a_namespace_gets_tag_resource_only_where_a_nested_template_tags():
    namespaces = [{"name": "team-a"}, {"name": "team-a/sub", "customRoleArn": ROLE, "tags": {"team": "sub"}}]
    assert _ci_statements(namespaces=namespaces, roles=_create("team-a")) == [
        AUTH,
        {"Sid": "PushCreateTeamANamespace", "Effect": "Allow", "Action": PUSH_AND_CREATE, "Resource": f"{ARN}team-a/*"},
        {"Sid": "TagResourceTeamASubNamespace", "Effect": "Allow", "Action": "ecr:TagResource", "Resource": f"{ARN}team-a/sub/*"},
    ]


def test_the_longest_create_on_push_prefix_decides():
    tagging = {"name": "team-a", "customRoleArn": ROLE, "tags": {"team": "a"}}
    plain = [AUTH, {"Sid": "PushCreateTeamASubNamespace", "Effect": "Allow", "Action": PUSH_AND_CREATE, "Resource": f"{ARN}team-a/sub/*"}]
    assert _ci_statements(namespaces=[tagging, {"name": "team-a/sub"}], roles=_create("team-a/sub")) == plain
    # A template ECR does not apply on push (REPLICATION only) does not hide the enclosing one.
    replicated = {"name": "team-a/sub", "appliedFor": ["REPLICATION"]}
    statements = _ci_statements(namespaces=[tagging, replicated], roles=_create("team-a/sub"))
    assert statements[1]["Action"] == sorted(PUSH_AND_CREATE + ["ecr:TagResource"])


def test_a_root_template_is_refused_with_what_it_would_apply_to():
    (message,) = refused(base_config(namespaces=[{"name": "ROOT", "appliedFor": ["PULL_THROUGH_CACHE"]}]))
    assert message == (
        "ecr-access:namespaces[0].name: a ROOT template applies to every repository without a more specific template: with "
        "PULL_THROUGH_CACHE it shapes the repositories of every pull-through cache rule without a template of its own (every "
        "ecr-access:pullThroughCache entry has its own, so only rules made outside this stack); name a team prefix, or set "
        'allowRootTemplate: true on this entry if that is intended (got "ROOT")'
    )
    compiled(base_config(namespaces=[{"name": "ROOT", "appliedFor": ["PULL_THROUGH_CACHE"], "allowRootTemplate": True}]))


def test_cache_prefixes_may_not_overlap_team_namespaces_or_each_other():
    assert refused(base_config(
        namespaces=[{"name": "team-a/api"}, {"name": "team-b"}],
        pullThroughCache=[{"upstream": "k8s", "prefix": "team-a"}, {"upstream": "quay", "prefix": "team-b/quay"},
                          {"upstream": "ecr-public", "prefix": "k8s"}, {"upstream": "ecr-public", "prefix": "k8s/sub"}],
    )) == [
        "ecr-access:pullThroughCache[0].prefix: covers team namespace team-a/api (ecr-access:namespaces[0]): the cache's "
        'principals would get ecr:BatchImportUpstreamImage and ecr:CreateRepository on the team\'s repositories; give the cache '
        'a prefix of its own (got "team-a")',
        "ecr-access:pullThroughCache[1].prefix: lies inside team namespace team-b (ecr-access:namespaces[1]): whoever may push "
        'to team-b/* could overwrite the images the cache serves; give the cache a prefix outside every team namespace (got "team-b/quay")',
        "ecr-access:pullThroughCache[3].prefix: lies under the prefix of pull-through cache k8s (ecr-access:pullThroughCache[2]), "
        "whose principals could then import upstream images into this cache's repositories (ecr:BatchImportUpstreamImage and "
        'ecr:CreateRepository on k8s/*); give each cache a prefix outside the others (got "k8s/sub")',
    ]


def test_a_pull_through_a_cache_that_could_not_import_is_refused_until_it_can():
    cache = {"upstream": "k8s", "prefix": "k8s"}
    pull = {"levels": ["pull"], "namespace": "k8s"}
    assert refused(base_config(pullThroughCache=[cache], roles=[{**CI, "grants": [pull]}])) == [
        "ecr-access:roles[0].grants[0]: pulls from pull-through cache k8s (ecr-access:pullThroughCache[0]), which lists no "
        "principals: the first pull of an image not cached yet needs ecr:BatchImportUpstreamImage and ecr:CreateRepository; "
        'add them to this grant\'s actions, or name the role in the cache\'s principals (got "k8s")'
    ]
    imports = {**pull, "actions": ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]}
    compiled(base_config(pullThroughCache=[cache], roles=[{**CI, "grants": [imports]}]))
    named = {**cache, "principals": ["arn:aws:iam::123456789012:role/ci"]}
    compiled(base_config(pullThroughCache=[named], roles=[{**CI, "grants": [pull]}]))


def test_a_group_pulls_through_a_cache_only_when_every_member_is_named_in_it():
    member = "arn:aws:iam::123456789012:user/team/alice"
    cache = {"upstream": "k8s", "prefix": "k8s", "principals": [member]}
    groups = [{"name": "readers", "grants": [{"levels": ["pull"], "namespace": "k8s/*"}]}]
    alice = {"name": "alice", "path": "/team/", "groups": ["readers"]}
    compiled(base_config(pullThroughCache=[cache], groups=groups, users=[alice]))
    (message,) = refused(base_config(pullThroughCache=[cache], groups=groups, users=[alice, {"name": "bob", "groups": ["readers"]}]))
    assert message.startswith("ecr-access:groups[0].grants[0]: pulls from pull-through cache k8s (ecr-access:pullThroughCache[0]), "
                              "which does not name this group: ")
    assert message.endswith('or name the users in the cache\'s principals (got "k8s")')
