"""Every IAM document of the fixture dev stack passes `parliament` (duo-labs' IAM linter) with zero unexplained findings.

The suppressions, and how documents are shown to parliament, are in tests/helpers/parliament.py; each suppression
matches only its own case (proved below).
"""

from __future__ import annotations

from typing import Any

import pytest

from ecr_access.iam import catalog
from ecr_access.plan.render import to_json_object
from tests.helpers.parliament import SUPPRESSIONS, documents, lint
from tests.helpers.plans import ACCOUNT, repo_arn
from tests.helpers.stacks import run_fixture


@pytest.fixture(scope="module")
def dev_documents():
    return documents(to_json_object(run_fixture("dev")))


def test_dev_stack_documents_have_no_parliament_findings(dev_documents):
    kinds = {label.split(" ")[0] for label, _ in dev_documents}
    assert {"policy", "trust", "repository", "registry"} <= kinds
    problems = [f"{label}: {f.issue} {f.detail}" for label, doc in dev_documents for f in lint(doc)[0]]
    assert problems == []


def test_every_suppression_is_needed_by_the_dev_stack(dev_documents):
    used = {s.issue for _, doc in dev_documents for _, s in lint(doc)[1]}
    assert used == {s.issue for s in SUPPRESSIONS}


def _doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def test_resource_star_is_reported_outside_the_console_statements():
    pull_everything = _doc({"Sid": "ConsoleReadOnly", "Effect": "Allow", "Resource": "*",
                            "Action": ["ecr:DescribeRepositories", "ecr:BatchGetImage"]})
    assert [f.issue for f in lint(pull_everything)[0]] == ["RESOURCE_STAR"]
    other_sid = _doc({"Sid": "Listing", "Effect": "Allow", "Resource": "*", "Action": ["ecr:DescribeRepositories"]})
    assert [f.issue for f in lint(other_sid)[0]] == ["RESOURCE_STAR"]
    console = _doc({"Sid": "ConsoleReadOnly", "Effect": "Allow", "Resource": "*", "Action": ["ecr:DescribeRepositories"]})
    assert lint(console)[0] == [] and [s.issue for _, s in lint(console)[1]] == ["RESOURCE_STAR"]


def test_resource_mismatch_is_reported_for_any_other_action():
    scoped_token = _doc({"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": repo_arn("my-repo")})
    assert [f.issue for f in lint(scoped_token)[0]] == ["RESOURCE_MISMATCH"]
    both = _doc({"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchImportUpstreamImage"],
                 "Resource": repo_arn("hub/*")})
    assert "RESOURCE_MISMATCH" in [f.issue for f in lint(both)[0]]


def test_unknown_condition_is_reported_for_other_keys_and_actions():
    other = _doc({"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Resource": f"arn:aws:iam::{ACCOUNT}:role/r",
                  "Condition": {"StringEquals": {"gitlab.example.com:sub": "project_path:x"}}})
    assert [f.issue for f in lint(other)[0]] == ["UNKNOWN_CONDITION_FOR_ACTION"]
    on_ecr = _doc({"Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": repo_arn("a"),
                   "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main"}}})
    assert [f.issue for f in lint(on_ecr)[0]] == ["UNKNOWN_CONDITION_FOR_ACTION"]


def test_unknown_federation_is_reported_for_other_providers():
    trust = _doc({"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Resource": f"arn:aws:iam::{ACCOUNT}:role/r",
                  "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/gitlab.example.com"}})
    assert [f.issue for f in lint(trust)[0]] == ["UNKNOWN_FEDERATION_SOURCE"]


def test_the_catalog_this_stack_uses_scopes_upstream_import_to_repositories():
    # The fact the RESOURCE_MISMATCH suppression rests on: it must fail if the catalog ever says otherwise.
    assert not catalog.expand("ecr:BatchImportUpstreamImage")[0].wildcard_only


def test_alias_actions_are_excused_only_on_a_key():
    key = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/k"
    in_key_policy = _doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                          "Action": ["kms:CreateAlias", "kms:DescribeKey"], "Resource": key})
    assert lint(in_key_policy)[0] == [] and [s.issue for _, s in lint(in_key_policy)[1]] == ["RESOURCE_MISMATCH"]
    on_a_repository = _doc({"Effect": "Allow", "Action": ["kms:CreateAlias"], "Resource": repo_arn("a")})
    assert [f.issue for f in lint(on_a_repository)[0]] == ["RESOURCE_MISMATCH"]
