"""`ecr-access:githubOidcProvider` and the GitHubOidcProvider component: the account's GitHub Actions OIDC provider,
created once (protected outside dev) or named, and the roles that trust GitHub Actions waiting for it."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from ecr_access import (
    GitHubActions,
    GitHubOidcProvider,
    GitHubOidcProviderArgs,
    InvalidArgs,
    Registry,
    RepoAccessRole,
    RepoAccessRoleArgs,
    Trust,
)
from ecr_access.plan.render import to_json_object, to_text
from ecr_access.plan.runner import run_stack
from tests.helpers.registry import deployed, refused
from tests.helpers.stacks import REGISTRY, base_config, by_type, caught, register

PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
ROLE = "aws:iam/role:Role"
ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
KEY = "ecr-access:githubOidcProvider"
GITHUB_ROLE = {"name": "ci", "trust": {"githubActions": [{"repository": "example-org/app", "branches": ["main"]}]}}
ROOT_ROLE = {"name": "admin", "trust": {"accountRoot": True}}
PUBLIC = Registry.of(REGISTRY.region, REGISTRY.account)


def stack(provider=None, roles=(GITHUB_ROLE, ROOT_ROLE)) -> dict[str, str]:
    """A stack with a GitHub Actions role and an account-root role, and `githubOidcProvider` when given."""
    return base_config(roles=list(roles), **({} if provider is None else {"githubOidcProvider": provider}))


def roles(result) -> dict:
    return {r.name: r for r in by_type(result, ROLE)}


def test_create_registers_the_provider_without_thumbprints_and_the_github_roles_wait_for_it():
    result = deployed(stack("create"))
    [provider] = by_type(result, PROVIDER)
    assert provider.inputs == {"url": "https://token.actions.githubusercontent.com", "clientIdLists": ["sts.amazonaws.com"]}
    assert provider.parent_urn == "urn:pulumi:dev::ecr-access::ecr-access:trust:GitHubOidcProvider::github-oidc-provider"
    assert (provider.protect, provider.import_id) == (False, None)  # a dev stack
    found = roles(result)
    assert found["ci"].dependencies == [provider.urn] and found["admin"].dependencies == []
    # The trust policy names the provider's ARN, computed: the same ARN AWS gives the provider.
    [statement] = json.loads(found["ci"].inputs["assumeRolePolicy"])["Statement"]
    assert statement["Principal"] == {"Federated": ARN}
    assert result.outputs["githubOidcProviderArn"] == ARN
    plan = {r["urn"]: r["options"] for r in to_json_object(result)["resources"]}
    assert plan[found["ci"].urn]["dependsOn"] == [provider.urn]


def test_the_trust_policies_are_the_same_whether_the_stack_creates_names_or_assumes_the_provider():
    policies = [{n: r.inputs["assumeRolePolicy"] for n, r in roles(deployed(stack(p))).items()}
                for p in (None, "create", {"create": True}, {"arn": ARN})]
    assert all(p == policies[0] for p in policies)


def test_without_the_key_or_with_an_arn_nothing_is_registered_for_the_provider():
    for provider, output in ((None, None), ({"arn": ARN}, ARN), ({"create": False}, None)):
        result = deployed(stack(provider))
        assert by_type(result, PROVIDER) == [] and all(r.dependencies == [] for r in by_type(result, ROLE))
        assert result.outputs.get("githubOidcProviderArn") == output


def test_outside_dev_the_provider_is_protected_unless_the_key_says_otherwise():
    [provider] = by_type(run_stack("prod", config=stack("create")), PROVIDER)
    assert provider.protect
    [provider] = by_type(run_stack("prod", config=stack({"create": True, "protect": False})), PROVIDER)
    assert not provider.protect
    [provider] = by_type(run_stack("dev", config=stack({"create": True, "protect": True})), PROVIDER)
    assert provider.protect


def test_an_existing_provider_is_adopted_by_its_arn():
    result = deployed(stack({"create": True, "adopt": True}))
    [provider] = by_type(result, PROVIDER)
    assert provider.import_id == ARN
    assert "+ aws:iam/openIdConnectProvider:OpenIdConnectProvider github-oidc-provider  [retain, import]" in to_text(result)
    assert {r["name"]: r["options"]["importId"] for r in to_json_object(result)["resources"]}["github-oidc-provider"] == ARN


@pytest.mark.parametrize("provider, roles_, expected", [
    ({"create": True, "arn": ARN}, None,
     f"{KEY}.arn: names an existing provider, but create: true creates one; keep one of them (create: true with adopt: "
     f"true imports the existing provider into this stack) (got \"{ARN}\")"),
    ({"arn": ARN.replace("arn:aws:", "arn:aws-cn:")}, None,
     f"{KEY}.arn: is an ARN of partition aws-cn, but aws:region puts this stack in partition aws "
     f"(got \"{ARN.replace('arn:aws:', 'arn:aws-cn:')}\")"),
    ({"arn": ARN.replace("123456789012", "210987654321")}, None,
     f"{KEY}.arn: is in account 210987654321, but the stack's roles are in account 123456789012 (ecr-access:accountId): "
     f"a role can trust only an OIDC provider of its own account (got \"{ARN.replace('123456789012', '210987654321')}\")"),
    ({"arn": "arn:aws:iam::123456789012:oidc-provider/gitlab.com"}, None,
     f"{KEY}.arn: is the provider of gitlab.com, not GitHub Actions' token.actions.githubusercontent.com "
     "(got \"arn:aws:iam::123456789012:oidc-provider/gitlab.com\")"),
    ({"arn": "token.actions.githubusercontent.com"}, None,
     f"{KEY}.arn: must be an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com) "
     "(got \"token.actions.githubusercontent.com\")"),
    ("yes", None,
     f"{KEY}: must be \"create\" or a map ({{create: true}} or {{arn: <the existing provider's ARN>}}) (got \"yes\")"),
    ({"adopt": True}, None,
     f"{KEY}.adopt: imports the provider this stack creates; set create: true too (or name the existing provider with "
     "arn alone) (got true)"),
    ({"arn": ARN, "protect": True}, None,
     f"{KEY}.protect: applies to the provider this stack creates; set create: true too, or remove it (got true)"),
    ({}, None, f"{KEY}: names no provider: set create: true, or arn: <the existing provider's ARN> (got {{}})"),
    ("create", [ROOT_ROLE],
     f"{KEY}: no role of this stack trusts githubActions, so the provider would be unused; declare it in the stack whose "
     "roles trust GitHub Actions, or remove the key (got \"create\")"),
    ({"arn": ARN}, [],
     f"{KEY}: no role of this stack trusts githubActions, so the provider would be unused; declare it in the stack whose "
     f"roles trust GitHub Actions, or remove the key (got {{\"arn\": \"{ARN}\"}})"),
], ids=["create-and-arn", "arn-other-partition", "arn-other-account", "arn-other-issuer", "not-an-arn", "word",
        "adopt-without-create", "protect-without-create", "empty", "create-unused", "arn-unused"])
def test_bad_provider_config_is_refused_before_anything_is_registered(provider, roles_, expected):
    assert refused(stack(provider, roles=(GITHUB_ROLE, ROOT_ROLE) if roles_ is None else roles_)) == [expected]


def test_a_github_role_with_another_problem_is_not_also_reported_as_missing():
    bad = {**GITHUB_ROLE, "maxSessionDuration": 10}
    problems = refused(stack("create", roles=[bad]))
    assert [p.split(":")[1] for p in problems] == ["roles[0].maxSessionDuration"]


def test_the_component_from_code_makes_the_roles_given_it_wait_for_it():
    made = {}

    def body():
        provider = GitHubOidcProvider("github", GitHubOidcProviderArgs(registry=PUBLIC))
        made["provider"] = provider
        RepoAccessRole("ci", RepoAccessRoleArgs(
            registry=PUBLIC, trust=Trust(github=(GitHubActions("o/r", branches=("main",)),)), github_oidc_provider=provider))

    result = register(body)
    [provider] = by_type(result, PROVIDER)
    assert provider.protect and made["provider"].provider_arn == ARN
    [role] = by_type(result, ROLE)
    assert role.dependencies == [provider.urn]
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]["Principal"] == {"Federated": ARN}


@pytest.mark.parametrize("trust, registry, expected", [
    (Trust(account_root=True), PUBLIC,
     f"RepoAccessRoleArgs.github_oidc_provider: applies to a role that trusts GitHub Actions (Trust(github=...)); remove it (got \"{ARN}\")"),
    (Trust(github=(GitHubActions("o/r", branches=("main",)),)), Registry.of("us-east-1", "210987654321"),
     "RepoAccessRoleArgs.github_oidc_provider: is the provider of account 123456789012, but the role is in account "
     f"210987654321: a role can trust only an OIDC provider of its own account (got \"{ARN}\")"),
], ids=["no-github-trust", "other-account"])
def test_a_role_given_a_provider_it_cannot_use_is_refused_before_it_registers(trust, registry, expected):
    def body():
        provider = GitHubOidcProvider("github", GitHubOidcProviderArgs(registry=PUBLIC, protect=False))
        RepoAccessRole("ci", RepoAccessRoleArgs(registry=registry, trust=trust, github_oidc_provider=provider))

    errors, result = caught(body, InvalidArgs)
    assert [str(e) for e in errors] == [f"invalid component arguments:\n  {expected}"]
    assert by_type(result, ROLE) == []


def test_the_component_needs_a_registry():
    with pytest.raises(InvalidArgs, match=r"GitHubOidcProviderArgs\.registry: must be an ecr_access\.Registry"):
        GitHubOidcProvider("github", GitHubOidcProviderArgs(registry="123456789012"))  # type: ignore[arg-type]



def test_iam_accepts_the_provider_as_registered_and_gives_it_the_arn_the_trust_policies_name():
    [provider] = by_type(deployed(stack("create")), PROVIDER)
    with mock_aws():  # moto's account is the test registry's, 123456789012
        iam = boto3.client("iam", region_name="us-east-1")
        # No ThumbprintList, as registered: IAM's API takes it as optional.
        created = iam.create_open_id_connect_provider(Url=provider.inputs["url"], ClientIDList=provider.inputs["clientIdLists"])
        assert created["OpenIDConnectProviderArn"] == ARN
