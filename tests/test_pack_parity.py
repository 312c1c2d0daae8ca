"""The program and the CrossGuard pack agree: what the pack would block on a stack, the program refuses at compile time.

For every config of a corpus (the shipped stack files and fixture configs, bad ones included) on a dev and a non-dev
stack: either the program refuses it before registering anything, or the pack, run through its Analyzer, reports no
violation on the plan the program made. The decisions both apply live once, in the pack's folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pulumi
import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.iam.document import Condition, PolicyDocument, Statement
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.guardrails import callers, stacks
from ecr_access.iam.principals import Principals
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import render_validated
from ecr_access.plan.runner import run_stack
from tests.helpers.policy_pack import PACK_DIR, PolicyPackAnalyzer, plan_resources, resource
from tests.helpers.shipped_config import shipped_config
from tests.helpers.stacks import base_config

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecr-repository-creation-template"
STACKS = ("dev", "prod")


def repos(*entries: dict, **more) -> dict:
    return {"repositories": [{"name": f"repo-{i}", **e} for i, e in enumerate(entries)], **more}


def anyone(condition: dict) -> dict:
    return repos({"repositoryPolicy": {"grants": [{"anyone": True, "levels": ["pull"], "condition": condition}]}})


# (id, ecr-access config, stacks on which the program must accept it)
CORPUS = [
    ("one-repository", repos({}), {"dev", "prod"}),
    ("mutable-tags", repos({"tagMutability": "MUTABLE"}), {"dev"}),
    ("mutable-tags-with-exclusions", repos({"tagMutability": "MUTABLE", "tagMutabilityExclusions": ["latest"]}), {"dev"}),
    ("immutable-tags-with-exclusions", repos({"tagMutabilityExclusions": ["latest", "dev-*"]}), {"dev", "prod"}),
    ("mutable-defaults", repos({}, {"tagMutability": "IMMUTABLE"}, repositoryDefaults={"tagMutability": "MUTABLE"}), {"dev"}),
    ("scan-off", repos({"scanOnPush": False}), {"dev"}),
    ("scan-off-under-registry-scanning", repos({"scanOnPush": False}, scanning={
        "scanType": "BASIC", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["*"]}]}), {"dev", "prod"}),
    ("manual-registry-scanning", repos({}, scanning={"scanType": "BASIC", "rules": [{"frequency": "MANUAL", "filters": ["*"]}]}),
     {"dev"}),
    ("registry-scanning-without-rules", repos({}, scanning={"scanType": "BASIC"}), {"dev"}),
    ("continuous-scanning-on-a-prefix", repos({}, scanning={
        "scanType": "ENHANCED", "rules": [{"frequency": "CONTINUOUS_SCAN", "filters": ["team-a/*"]}]}), {"dev"}),
    ("force-delete-unprotected", repos({"forceDelete": True}, protect=False), {"dev"}),
    ("mutable-cache-template", repos({}, pullThroughCache=[{"upstream": "ecr-public", "prefix": "pub", "template": {
        "tagMutability": "MUTABLE"}}]), {"dev"}),
    ("mutable-namespace-template", repos({}, namespaces=[{"name": "team-a", "tagMutability": "MUTABLE"}]), {"dev"}),
    ("namespace-template-inherits-mutable-defaults", repos({"tagMutability": "IMMUTABLE"}, repositoryDefaults={
        "tagMutability": "MUTABLE"}, namespaces=[{"name": "team-a", "tags": {"team": "a"}, "customRoleArn": ROLE}]), {"dev"}),
    ("anyone-in-the-organization", anyone({"StringEquals": {"aws:PrincipalOrgID": "o-abc123defg"}}), {"dev", "prod"}),
    ("anyone-of-a-role-prefix", anyone({"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/ci-*"}}), {"dev", "prod"}),
    ("anyone-arn-any-partition", anyone({"StringLike": {"aws:PrincipalArn": f"arn:*:iam::{ACCOUNT}:*"}}), set()),
    ("anyone-arn-any-region", anyone({"StringLike": {"aws:PrincipalArn": f"arn:aws:iam:*:{ACCOUNT}:*"}}), set()),
    ("anyone-secure-transport", anyone({"Bool": {"aws:SecureTransport": "true"}}), set()),
    ("every-ecr-action", repos({}, users=[{"name": "u1", "grants": [{"actions": ["ecr:*"], "repository": "repo-0"}]}]), set()),
    ("every-action", repos({}, roles=[{"name": "r1", "trust": {"accountRoot": True},
                                       "grants": [{"actions": ["*"], "repository": "repo-0"}]}]), set()),
    ("registry-admin-by-pattern", repos({}, users=[{"name": "u1", "grants": [{"actions": ["ecr:*Registry*"]}]}]), set()),
    ("registry-admin-named", repos({}, users=[{"name": "u1", "grants": [
        {"actions": ["ecr:PutRegistryPolicy", "ecr:PutReplicationConfiguration", "ecr:DescribeRegistry"]}]}]), {"dev", "prod"}),
]


@pytest.fixture(scope="module")
def pack():
    with PolicyPackAnalyzer() as analyzer:
        yield analyzer


def assert_parity(pack, config: dict[str, str], stack: str, must_accept: bool) -> None:
    """The program refuses `config` on `stack`, or the pack passes every resource of the program's plan."""
    try:
        plan = run_stack(stack, config=config)
    except (ConfigError, pulumi.RunError):
        assert not must_accept, "the program refused a config it accepts on purpose"
        return
    assert pack.check(plan_resources(plan)) == []


# The shipped stack files, each accepted on its own stack (and on the other one only if the program accepts it there).
CONFIGS = [(name, lambda c=config: base_config(**c), accepted_on) for name, config, accepted_on in CORPUS] + [
    (f"{name}-stack-file", lambda n=name: shipped_config(n), {name}) for name in STACKS]


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.parametrize("config, accepted_on", [c[1:] for c in CONFIGS], ids=[c[0] for c in CONFIGS])
def test_the_pack_passes_what_the_program_accepts(pack, config, accepted_on, stack):
    assert_parity(pack, config(), stack, stack in accepted_on)


CONDITIONS = [
    {"Bool": {"aws:SecureTransport": "true"}},
    {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123defg"}},
    {"ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
    {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*"}},
    {"StringLike": {"aws:PrincipalArn": f"arn:*:iam::{ACCOUNT}:*"}},
    {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam:*:{ACCOUNT}:*"}},
    {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:*"}},
    {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/ci-*"}},
    {"StringLike": {"aws:PrincipalOrgID": "o-*"}},
    {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123defg"}},
    {"StringEquals": {"aws:PrincipalOrgID": "o-abc123defg"}},
    {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-abc123defg/r-ab12/ou-ab12-11111111/*"}},
    {"ArnLike": {"aws:SourceArn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:*"}},
    {"ArnLike": {"aws:SourceArn": f"arn:aws:lambda:*:{ACCOUNT}:function:*"}},
    {"StringEquals": {"aws:SourceVpce": ["vpce-1a2b3c4d", "vpce-5e6f7a8b"]}},
    {"StringEquals": {"aws:SourceAccount": [ACCOUNT, "*"]}},
    {"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:SourceAccount": ACCOUNT}},
]


@pytest.mark.parametrize("condition", CONDITIONS, ids=[json.dumps(c) for c in CONDITIONS])
def test_the_pack_admits_a_wildcard_principal_exactly_when_the_program_does(pack, condition):
    conditions = tuple(Condition(op, key, (v,) if isinstance(v, str) else tuple(v))
                       for op, tests in condition.items() for key, v in tests.items())
    document = PolicyDocument((Statement(sid="Pull", principal=Principals.everyone(), actions=("ecr:BatchGetImage",),
                                         conditions=conditions),))
    try:
        render_validated(document, DocumentKind.REPOSITORY, "my-repo")
        program_admits = True
    except PolicyError as err:
        assert 'Principal "*" admits every AWS principal' in str(err)
        program_admits = False
    policy = json.dumps(document.render())
    found = pack.check([resource("prod", "aws:ecr/repositoryPolicy:RepositoryPolicy", {"policy": policy}),
                        resource("prod", "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
                                 {"prefix": "team-a", "imageTagMutability": "IMMUTABLE", "repositoryPolicy": policy})])
    assert (found == []) is program_admits


def test_the_program_loads_the_rules_from_the_packs_folder():
    for module in (callers, stacks):
        assert Path(module.__file__).parent == PACK_DIR / "ecr_guardrails"
