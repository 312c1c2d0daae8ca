"""Team namespaces: the create-on-push template, the `create` grant (ecr:TagResource only with tags), ROOT refusal.

Moto has no repository creation template API: templates are checked here, under mocks only.
"""

from __future__ import annotations

import json

from tests.helpers.access import compiled
from tests.helpers.registry import ROLE, deployed, refused
from tests.helpers.stacks import base_config, by_type

CI_ROLE = {"name": "ci", "trust": {"accountRoot": True}}
PUSH_AND_CREATE = [
    "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:CreateRepository",
    "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart",
]
TEAM_A_ARN = "arn:aws:ecr:us-east-1:123456789012:repository/team-a/*"


def _identity_statements(result, name):
    (policy,) = [p for p in by_type(result, "aws:iam/policy:Policy") if p.inputs["name"] == name]
    return json.loads(policy.inputs["policy"])["Statement"]


def test_namespace_with_tags_registers_a_create_on_push_template_and_grants_create_with_tag_resource():
    namespaces = [{"name": "team-a", "customRoleArn": ROLE, "tags": {"team": "team-a"}, "tagMutability": "MUTABLE",
                   "grants": [{"roles": ["ci"], "levels": ["create"]}]}]
    result = deployed(base_config(roles=[CI_ROLE], namespaces=namespaces))
    (component,) = by_type(result, "ecr-access:ecr:TeamNamespace")
    (template,) = by_type(result, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")
    assert template.parent_urn == component.urn and component.name == "namespace-team-a"
    assert template.inputs == {
        "prefix": "team-a",
        "appliedFors": ["CREATE_ON_PUSH"],
        "description": "Repositories created under team-a/ (ecr-access namespace)",
        "imageTagMutability": "MUTABLE",
        "encryptionConfigurations": [{"encryptionType": "AES256"}],
        "resourceTags": {"team": "team-a"},
        "customRoleArn": ROLE,
    }
    assert _identity_statements(result, "ci-ecr-access") == [
        {"Sid": "GetAuthorizationToken", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Sid": "PushCreateTagTeamANamespace", "Effect": "Allow", "Action": sorted(PUSH_AND_CREATE + ["ecr:TagResource"]),
         "Resource": TEAM_A_ARN},
    ]
    assert result.outputs["namespaceTemplates"] == {"team-a": ["CREATE_ON_PUSH"]}


def test_namespace_without_tags_grants_create_without_tag_resource_and_needs_no_role():
    namespaces = [{"name": "team-a", "appliedFor": ["REPLICATION", "CREATE_ON_PUSH"], "lifecycle": {"expireUntaggedAfterDays": 3}}]
    roles = [{**CI_ROLE, "grants": [{"levels": ["create"], "namespace": "team-a"}]}]
    result = deployed(base_config(roles=roles, namespaces=namespaces))
    (template,) = by_type(result, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")
    assert template.inputs["appliedFors"] == ["CREATE_ON_PUSH", "REPLICATION"]
    assert "customRoleArn" not in template.inputs and "resourceTags" not in template.inputs
    assert json.loads(template.inputs["lifecyclePolicy"])["rules"][0]["selection"]["countNumber"] == 3
    assert _identity_statements(result, "ci-ecr-access")[1] == {
        "Sid": "PushCreateTeamANamespace", "Effect": "Allow", "Action": PUSH_AND_CREATE, "Resource": TEAM_A_ARN,
    }


def test_a_principals_own_create_grant_gets_tag_resource_when_the_namespace_template_tags():
    namespaces = [{"name": "team-a", "customRoleArn": ROLE, "tags": {"team": "team-a"}}]
    users = [{"name": "dev", "grants": [{"levels": ["create"], "namespace": "team-a"}]}]
    result = deployed(base_config(users=users, namespaces=namespaces))
    assert "ecr:TagResource" in _identity_statements(result, "dev-ecr-access")[1]["Action"]


def test_root_template_is_refused_unless_explicitly_allowed():
    (problem,) = refused(base_config(namespaces=[{"name": "ROOT"}]))
    assert problem.startswith(
        "ecr-access:namespaces[0].name: a ROOT template applies to every repository without a more specific template: "
        "with CREATE_ON_PUSH it lets every principal that may push (ecr:CreateRepository on any repository) create "
        "repositories anywhere in the registry"
    )
    assert problem.endswith('set allowRootTemplate: true on this entry if that is intended (got "ROOT")')
    result = deployed(base_config(namespaces=[{"name": "ROOT", "allowRootTemplate": True}]))
    (template,) = by_type(result, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")
    assert template.inputs["prefix"] == "ROOT" and template.name == "namespace-ROOT-template"


def test_bad_namespaces_are_refused_before_anything_is_registered():
    def problems(namespaces, **extra):
        return refused(base_config(namespaces=namespaces, **extra))

    assert problems([{"name": "team-a", "tags": {"team": "a"}}]) == [
        "ecr-access:namespaces[0].customRoleArn: is required: the template adds tags (tags may come from ecr-access:tags "
        "and ecr-access:repositoryDefaults, KMS keys from the defaults), which ECR applies only through a role of this account"
    ]
    (kms,) = problems([{"name": "team-a", "encryption": "KMS"}])
    assert kms.startswith("ecr-access:namespaces[0].customRoleArn: is required: the template uses KMS encryption")
    assert problems([{"name": "team-a", "scanOnPush": True}]) == [
        "ecr-access:namespaces[0].scanOnPush: creation templates have no scan-on-push setting; scanning is set by the "
        "registry scanning configuration"
    ]
    assert problems([{"name": "team-a", "grants": [{"roles": ["nobody"], "levels": ["create"]}]}]) == [
        'ecr-access:namespaces[0].grants[0].roles[0]: is not declared in ecr-access:roles (got "nobody")'
    ]
    assert problems([{"name": "team-a", "appliedFor": ["ON_PULL"]}]) == [
        'ecr-access:namespaces[0].appliedFor[0]: must be one of REPLICATION, PULL_THROUGH_CACHE, CREATE_ON_PUSH (got "ON_PULL")'
    ]
    assert problems([{"name": "team-a", "allowRootTemplate": True}]) == [
        "ecr-access:namespaces[0].allowRootTemplate: applies only to the ROOT namespace (got true)"
    ]
    assert problems([{"name": "k8s"}], pullThroughCache=[{"upstream": "k8s", "prefix": "k8s"}]) == [
        "ecr-access:pullThroughCache[0].prefix: is team namespace k8s (ecr-access:namespaces[0]): ECR keeps one creation "
        "template per prefix, and the cache's principals would get ecr:BatchImportUpstreamImage and ecr:CreateRepository "
        'on the team\'s repositories; give the cache a prefix of its own (got "k8s")'
    ]
    (on_repo,) = refused(base_config(repositories=[{"name": "my-repo"}], roles=[
        {**CI_ROLE, "grants": [{"levels": ["create"], "repository": "my-repo"}]}]))
    assert on_repo.startswith("ecr-access:roles[0].grants[0]: level create applies to namespaces")


def test_a_user_whose_only_access_is_a_namespace_grant_is_valid():
    from ecr_access.config.stack import load_stack_config
    from ecr_access.stack.compile import compile_stack

    values = {
        "aws:region": "us-east-1",
        "ecr-access:accountId": "123456789012",
        "ecr-access:users": [{"name": "builder"}],
        "ecr-access:namespaces": [{"name": "team-c", "grants": [{"users": ["builder"], "levels": ["create"]}]}],
    }
    stack = compile_stack(load_stack_config(values, project="ecr-access", stack="dev"))
    [builder] = stack.principals_of("user")
    statements = [s for p in builder.policies for s in p.document.parsed()["Statement"]]
    assert any("ecr:CreateRepository" in s["Action"] and s["Resource"].endswith(":repository/team-c/*") for s in statements)
    # Without the namespace grant the user gets nothing, which stays an error.
    del values["ecr-access:namespaces"]
    import pytest

    from ecr_access.config.errors import ConfigError

    with pytest.raises(ConfigError, match=r"ecr-access:users\[0\]\.grants: is empty"):
        load_stack_config(values, project="ecr-access", stack="dev")


def test_create_grant_tags_only_the_namespaces_whose_templates_tag():
    role = "arn:aws:iam::123456789012:role/ecr-creation"
    stack = compiled(
        namespaces=[
            {"name": "team-a", "tags": {"team": "a"}, "customRoleArn": role},
            {"name": "team-b"},
        ],
        roles=[{"name": "ci", "trust": {"accountRoot": True}, "grants": [{"levels": ["create"], "namespaces": ["team-a", "team-b"]}]}],
    )
    [ci] = stack.principals_of("role")
    statements = [s for p in ci.policies for s in p.document.parsed()["Statement"]]
    tagging = [s for s in statements if "ecr:TagResource" in s["Action"]]
    assert [s["Resource"] for s in tagging] == ["arn:aws:ecr:us-east-1:123456789012:repository/team-a/*"]
    creating = {r for s in statements if "ecr:CreateRepository" in s["Action"] for r in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])}
    assert creating == {"arn:aws:ecr:us-east-1:123456789012:repository/team-a/*", "arn:aws:ecr:us-east-1:123456789012:repository/team-b/*"}
