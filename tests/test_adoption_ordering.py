"""Adopting existing repositories (import, not create) and ordering policies after the principals they name."""

from __future__ import annotations

import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.plan.render import to_json_object, to_text
from tests.helpers.registry import compiled, deployed, refused
from tests.helpers.stacks import base_config, by_type

LIFECYCLE = {"expireUntaggedAfterDays": 7}


def test_adopted_repository_is_imported_by_name_and_its_policies_are_written_over():
    repos = [{"name": "legacy/app", "adopt": True, "lifecycle": LIFECYCLE}, {"name": "fresh", "importId": "fresh"}, {"name": "new"}]
    result = deployed(base_config(repositories=repos))
    imports = {r.name: r.import_id for r in by_type(result, "aws:ecr/repository:Repository")}
    assert imports == {"fresh": "fresh", "legacy/app": "legacy/app", "new": None}
    # The lifecycle policy is created (PutLifecyclePolicy replaces what is there); importing it would fail on any difference.
    (lifecycle,) = by_type(result, "aws:ecr/lifecyclePolicy:LifecyclePolicy")
    assert lifecycle.import_id is None
    plan = {r["name"]: r["options"]["importId"] for r in to_json_object(result)["resources"] if r["type"] == "aws:ecr/repository:Repository"}
    assert plan == {"fresh": "fresh", "legacy/app": "legacy/app", "new": None}
    text = to_text(result)
    assert "+ aws:ecr/repository:Repository legacy/app  [retain, import]" in text
    assert "+ aws:ecr/repository:Repository new\n" in text


def test_bad_adoption_is_refused():
    assert refused(base_config(repositories=[{"name": "app", "importId": "other"}])) == [
        "ecr-access:repositories[0].importId: must be the repository name 'app': ECR imports a repository by its name (got \"other\")"
    ]
    assert refused(base_config(repositories=[{"name": "app", "adopt": False, "importId": "app"}])) == [
        "ecr-access:repositories[0].adopt: is false but importId is set; remove one of them (got false)"
    ]


ROLE_ARN = "arn:aws:iam::123456789012:role/deploy/deployer"
USER_ARN = "arn:aws:iam::123456789012:user/puller"
PRINCIPALS = dict(
    roles=[{"name": "deployer", "path": "/deploy/", "trust": {"accountRoot": True}}],
    users=[{"name": "puller", "grants": [{"levels": ["pull"], "namespace": "cache"}]}],
)


def test_policies_depend_on_the_principals_they_name_that_this_run_creates():
    repos = [
        {"name": "app", "repositoryPolicy": {"grants": [{"principals": [ROLE_ARN, "arn:aws:iam::210987654321:role/x"], "levels": ["pull"]}]}},
        {"name": "other", "repositoryPolicy": {"grants": [{"accounts": ["210987654321"], "levels": ["pull"]}]}},
    ]
    caches = [{"upstream": "k8s", "prefix": "cache", "principals": [USER_ARN]}]
    config = base_config(repositories=repos, pullThroughCache=caches, **PRINCIPALS)
    stack = compiled(config)
    assert stack.principals_named_by("app") == (("role", "deployer"),)
    assert stack.principals_named_by("other") == ()
    result = deployed(config)
    (role,) = by_type(result, "aws:iam/role:Role")
    (user,) = by_type(result, "aws:iam/user:User")
    policies = {r.inputs["repository"]: r for r in by_type(result, "aws:ecr/repositoryPolicy:RepositoryPolicy")}
    assert role.urn in policies["app"].dependencies
    assert role.urn not in policies["other"].dependencies and user.urn not in policies["other"].dependencies
    (registry_policy,) = by_type(result, "aws:ecr/registryPolicy:RegistryPolicy")
    assert registry_policy.dependencies == [user.urn]
    plan = {r["urn"]: r["options"]["dependsOn"] for r in to_json_object(result)["resources"]}
    assert role.urn in plan[policies["app"].urn]


def test_an_unknown_key_next_to_adopt_is_still_a_typo():
    with pytest.raises(ConfigError, match=r"repositories\[0\]\.adpot: unknown key; did you mean 'adopt'\?"):
        compiled(base_config(repositories=[{"name": "app", "adpot": True}]))


def test_creation_templates_wait_for_the_role_they_name_when_the_stack_creates_it():
    from ecr_access.plan.runner import run_stack
    from tests.helpers.stacks import base_config

    role_arn = "arn:aws:iam::123456789012:role/ecr-templates"
    config = base_config(
        repositories=[{"name": "app"}],
        roles=[{"name": "ecr-templates", "trust": {"services": ["ecr.amazonaws.com"]}, "grants": [{"levels": ["pull"], "repository": "app"}]}],
        namespaces=[{"name": "team-a", "tags": {"team": "a"}, "customRoleArn": role_arn}],
        pullThroughCache=[{"upstream": "ecr-public", "prefix": "ecr-public", "template": {"tags": {"s": "p"}, "customRoleArn": role_arn}}],
    )
    result = run_stack("dev", config=config)
    role_urn = next(r.urn for r in result.registrations if r.type == "aws:iam/role:Role")
    templates = [r for r in result.registrations if r.type == "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"]
    assert len(templates) == 2 and all(role_urn in t.dependencies for t in templates)
    # A template naming a role the stack does not create waits for nothing.
    other = base_config(namespaces=[{"name": "team-b", "tags": {"t": "b"}, "customRoleArn": "arn:aws:iam::123456789012:role/elsewhere"}])
    [template] = [r for r in run_stack("dev", config=other).registrations if r.type.endswith("RepositoryCreationTemplate")]
    assert template.dependencies == []
