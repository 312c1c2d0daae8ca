"""RepoPolicy under Pulumi mocks: one RepositoryPolicy per repository, under its repository, with the compiled policy."""

from __future__ import annotations

import json

from ecr_access.components.repo_policy import RepoPolicy, RepoPolicyArgs
from ecr_access.config.stack import load_stack_config
from ecr_access.features.repository_policy.statements import iam_principals, repository_policy
from ecr_access.iam.grants import Grant, Target
from ecr_access.iam.levels import Level
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import render_validated
from ecr_access.plan.render import to_json_object
from ecr_access.stack.compile import compile_stack
from ecr_access.stack.config_source import decode_config
from ecr_access.stack.deploy import deploy
from tests.helpers.stacks import base_config, by_type, register, run_fixture

POLICY_TYPE = "aws:ecr/repositoryPolicy:RepositoryPolicy"
GRANT = {"grants": [{"accounts": ["210987654321"], "levels": ["pull"]}]}


def test_component_registers_one_repository_policy_with_its_inputs():
    grant = Grant(Target(("my-repo",)), frozenset({Level.PULL})).to(iam_principals("aws", "210987654321"))
    rendered = render_validated(repository_policy("my-repo", [grant]), DocumentKind.REPOSITORY, "my-repo")
    result = register(lambda: RepoPolicy("my-repo-policy", RepoPolicyArgs(repository="my-repo", policy=rendered)))
    (component,) = by_type(result, "ecr-access:ecr:RepoPolicy")
    (policy,) = by_type(result, POLICY_TYPE)
    assert policy.inputs == {"repository": "my-repo", "policy": rendered.json}
    assert policy.parent_urn == component.urn


def test_stack_registers_exactly_one_policy_per_repository_that_has_one():
    config = base_config(repositories=[
        {"name": "my-repo", "repositoryPolicy": GRANT},
        {"name": "team-a/api", "repositoryPolicy": {"grants": [{"organization": "o-a1b2c3d4e5", "levels": ["pull"]}],
                                                    "deny": [{"actions": ["ecr:BatchDeleteImage"]}]}},
        {"name": "no-policy"},
    ])
    compiled = compile_stack(load_stack_config(decode_config(config), project="ecr-access", stack="dev"))
    result = register(lambda: deploy(compiled), config=config)
    policies = by_type(result, POLICY_TYPE)
    assert [(p.name, p.inputs["repository"]) for p in policies] == [("my-repo-policy", "my-repo"), ("team-a/api-policy", "team-a/api")]
    for policy, repo in zip(policies, [r for r in compiled.repositories if r.repository_policy]):
        assert policy.inputs["policy"] == repo.repository_policy.json
    repos = {r.name: r for r in by_type(result, "aws:ecr/repository:Repository")}
    components = {c.urn: c for c in by_type(result, "ecr-access:ecr:RepoPolicy")}
    ecr_repositories = {c.urn: c.name for c in by_type(result, "ecr-access:ecr:EcrRepository")}
    for policy in policies:
        component = components[policy.parent_urn]
        assert ecr_repositories[component.parent_urn] == policy.inputs["repository"]
        # The repository name is an output of the repository: the policy waits for it.
        assert repos[policy.inputs["repository"]].urn in policy.dependencies


def test_dev_plan_shows_the_repository_policy_under_its_repository():
    plan = to_json_object(run_fixture("dev"))
    policies = [r for r in plan["resources"] if r["type"] == POLICY_TYPE]
    assert [(p["name"], p["parent"]) for p in policies] == [("my-repo-policy", "my-repo-policy")]
    (component,) = [r for r in plan["resources"] if r["type"] == "ecr-access:ecr:RepoPolicy"]
    assert component["parent"] == "my-repo"
    statements = policies[0]["inputs"]["policy"]["Statement"]
    assert [s["Sid"] for s in statements] == ["AllowPullOrg", "AllowPullPrincipals", "AllowPullService", "Deny"]
    assert statements[1]["Principal"] == {"AWS": "arn:aws:iam::210987654321:root"}
    assert statements[2]["Condition"]["StringEquals"] == {"aws:SourceAccount": "123456789012"}
    assert "ecr:GetAuthorizationToken" not in json.dumps(policies[0]["inputs"])
