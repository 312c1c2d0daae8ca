"""The CrossGuard rules, called directly with resource inputs built here (as the engine passes them)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

PACK = Path(__file__).resolve().parent.parent / "policy-pack"
_spec = importlib.util.spec_from_file_location("policy_pack_rules", PACK / "rules.py")
rules = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rules)

GOOD_REPO = {"name": "my-repo", "imageScanningConfiguration": {"scanOnPush": True},
             "imageTagMutability": "IMMUTABLE_WITH_EXCLUSION", "forceDelete": False}


def test_scan_on_push():
    assert rules.scan_on_push(GOOD_REPO) == []
    assert rules.scan_on_push({**GOOD_REPO, "imageScanningConfiguration": {"scanOnPush": False}}) == [
        "ECR repository must set imageScanningConfiguration.scanOnPush = true"]
    assert rules.scan_on_push({"name": "x"})


@pytest.mark.parametrize("mode, stack, ok", [
    ("MUTABLE", "dev", True), (None, "dev-alice", True), ("IMMUTABLE", "prod", True),
    ("IMMUTABLE_WITH_EXCLUSION", "prod", True), ("MUTABLE", "prod", False), (None, "staging", False),
])
def test_tag_immutability_outside_dev(mode, stack, ok):
    props = {**GOOD_REPO, "imageTagMutability": mode} if mode else {"name": "x"}
    assert (rules.tag_immutability(props, stack) == []) is ok


def test_force_delete_only_on_dev():
    assert rules.no_force_delete({**GOOD_REPO, "forceDelete": True}, "dev") == []
    assert rules.no_force_delete({**GOOD_REPO, "forceDelete": True}, "prod") == [
        "ECR repository on protected stack 'prod' must not set forceDelete (it deletes images with it)"]


def test_stack_of_urn():
    assert rules.stack_of("urn:pulumi:prod::ecr-access::aws:ecr/repository:Repository::my-repo") == "prod"


def test_open_principal_needs_a_condition_in_resource_policies():
    open_ = {"Statement": [{"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}]}
    org = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "ecr:BatchGetImage",
                          "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}]}
    deny = {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "ecr:*"}]}
    assert rules.no_open_principal(json.dumps(open_)) == [
        'statement Open allows principal "*" without a restricting Condition']
    assert rules.no_open_principal({"Statement": [{**open_["Statement"][0], "Principal": {"AWS": ["*"]}}]})
    assert rules.no_open_principal(org) == [] and rules.no_open_principal(deny) == []


def test_no_star_or_ecr_star_in_identity_policies_managed_and_inline():
    bad = json.dumps({"Statement": [{"Sid": "All", "Effect": "Allow", "Action": ["ECR:*", "ecr:ListImages"], "Resource": "*"}]})
    fine = {"Statement": [{"Effect": "Allow", "Action": "ecr:Describe*", "Resource": "*"},
                          {"Effect": "Deny", "Action": "*", "Resource": "*"}]}
    assert rules.no_broad_actions(bad) == ["statement All allows ECR:*: name the actions (or use a level)"]
    assert rules.no_broad_actions(fine) == []
    role = {"name": "r", "inlinePolicies": [{"name": "p", "policy": bad}]}
    docs = rules.identity_documents("aws:iam/role:Role", role)
    assert [m for d in docs for m in rules.no_broad_actions(d)] == [
        "statement All allows ECR:*: name the actions (or use a level)"]
    assert rules.identity_documents("aws:iam/userPolicy:UserPolicy", {"policy": bad}) == [bad]
    assert rules.identity_documents("aws:ecr/repository:Repository", GOOD_REPO) == []


def test_dev_plan_repositories_pass_the_dev_rules():
    from plan.render import to_json_object
    from plan.runner import run_stack

    repos = [r for r in to_json_object(run_stack("dev"))["resources"] if r["type"] == "aws:ecr/repository:Repository"]
    assert len(repos) == 4
    for repo in repos:
        assert rules.scan_on_push(repo["inputs"]) == []
        assert rules.tag_immutability(repo["inputs"], "dev") == [] and rules.no_force_delete(repo["inputs"], "prod") == []
