"""The CrossGuard rules, called directly with resource inputs built here (as the engine passes them)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
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
    assert rules.scan_on_push({"name": "x", "imageScanningConfiguration": {}})
    # No setting of its own: the registry scanning configuration scans it (and must scan every repository).
    assert rules.scan_on_push({"name": "x"}) == []


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
                          "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123defg"}}}]}
    deny = {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "ecr:*"}]}
    assert rules.no_open_principal(json.dumps(open_)) == [
        'statement Open allows principal "*" without a restricting Condition (e.g. StringEquals aws:PrincipalOrgID)']
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


def test_an_allow_with_not_action_is_broad_in_identity_policies():
    assert rules.no_broad_actions({"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}) == [
        "statement 0 allows every action but its NotAction: name the actions"]
    assert rules.no_broad_actions({"Statement": [{"Effect": "Deny", "NotAction": "ecr:BatchGetImage", "Resource": "*"}]}) == []
    inline = {"inlinePolicies": [{"name": "p", "policy": json.dumps(
        {"Statement": [{"Sid": "Most", "Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]})}]}
    assert rules.violations("aws:iam/role:Role", inline, "dev") == {
        "iam-no-broad-ecr-actions": ["statement Most allows every action but its NotAction: name the actions"]}


@pytest.mark.parametrize("mode, stack, ok", [
    ("MUTABLE", "prod", False), (None, "staging", False), ("IMMUTABLE", "prod", True),
    ("IMMUTABLE_WITH_EXCLUSION", "prod", True), ("MUTABLE", "dev", True),
])
def test_creation_templates_need_immutable_tags_outside_dev(mode, stack, ok):
    props = {"prefix": "docker-hub", **({"imageTagMutability": mode} if mode else {})}
    found = rules.violations(rules.CREATION_TEMPLATE, props, stack)
    assert found == ({} if ok else {"ecr-tag-immutability": [
        f"ECR repository creation template on stack {stack!r} must have immutable tags "
        f"(imageTagMutability is {mode or 'MUTABLE'})"]})


def _scanning(*rules_: tuple[str, list[str]]) -> dict:
    return {"scanType": "ENHANCED", "rules": [
        {"scanFrequency": f, "repositoryFilters": [{"filterType": "WILDCARD", "filter": x} for x in filters]}
        for f, filters in rules_]}


@pytest.mark.parametrize("props", [
    {"scanType": "BASIC"},  # no rule: nothing is scanned on push, whatever the repositories say
    {"scanType": "BASIC", "rules": []},
    _scanning(("MANUAL", ["*"])),
    _scanning(("SCAN_ON_PUSH", ["team-a/*", "my-repo"])),  # other repositories are left out
    _scanning(("CONTINUOUS_SCAN", ["team-a/*"]), ("MANUAL", ["*"])),
])
def test_a_registry_scanning_configuration_must_scan_every_repository(props):
    assert rules.violations(rules.SCANNING, props, "dev") == {"ecr-scan-on-push": [
        'ECR registry scanning configuration must have a SCAN_ON_PUSH or CONTINUOUS_SCAN rule with the WILDCARD filter '
        '"*": it replaces the repositories\' own scanOnPush, and other repositories would go unscanned']}


@pytest.mark.parametrize("props", [
    _scanning(("SCAN_ON_PUSH", ["*"])),
    _scanning(("CONTINUOUS_SCAN", ["team-a/*"]), ("SCAN_ON_PUSH", ["*"])),
    _scanning(("CONTINUOUS_SCAN", ["my-repo", "*"])),
])
def test_a_registry_scanning_configuration_covering_every_repository_passes(props):
    assert rules.registry_scanning(props) == []


NOT_PRINCIPAL = {"Sid": "AllButAdmin", "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:role/admin"},
                 "Action": "ecr:BatchGetImage"}


def test_an_allow_with_not_principal_is_open():
    assert rules.no_open_principal({"Statement": [NOT_PRINCIPAL]}) == [
        "statement AllButAdmin allows every principal but its NotPrincipal without a restricting Condition "
        "(e.g. StringEquals aws:PrincipalOrgID)"]
    pinned = {**NOT_PRINCIPAL, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123defg"}}}
    assert rules.no_open_principal({"Statement": [pinned]}) == []
    assert rules.no_open_principal({"Statement": [{**NOT_PRINCIPAL, "Effect": "Deny"}]}) == []


CONDITIONS = [
    {"Bool": {"aws:SecureTransport": "true"}},
    {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123defg"}},
    {"ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
    {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*"}},
    {"StringLike": {"aws:PrincipalOrgID": "o-*"}},
    {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123defg"}},
    {"StringEquals": {"aws:PrincipalOrgID": "o-abc123defg"}},
    {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-abc123defg/r-ab12/ou-ab12-11111111/*"}},
    {"ArnLike": {"aws:SourceArn": "arn:aws:lambda:us-east-1:123456789012:function:*"}},
    {"StringEquals": {"aws:SourceVpce": ["vpce-1a2b3c4d", "vpce-5e6f7a8b"]}},
    {"StringEquals": {"aws:SourceAccount": ["123456789012", "*"]}},
    {"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:SourceAccount": "123456789012"}},
]


@pytest.mark.parametrize("condition", CONDITIONS)
def test_the_pack_admits_a_wildcard_principal_exactly_when_the_program_does(condition):
    from policies.document import Condition, PolicyDocument, Statement
    from policies.errors import PolicyError
    from policies.principals import Principals
    from policies.quotas import DocumentKind
    from policies.validate import render_validated

    conditions = tuple(Condition(op, key, (v,) if isinstance(v, str) else tuple(v))
                       for op, tests in condition.items() for key, v in tests.items())
    doc = PolicyDocument((Statement(sid="Pull", principal=Principals.everyone(), actions=("ecr:BatchGetImage",),
                                    conditions=conditions),))
    try:
        render_validated(doc, DocumentKind.REPOSITORY, "my-repo")
        program_admits = True
    except PolicyError as err:
        assert 'Principal "*" admits every AWS principal' in str(err)
        program_admits = False
    assert (rules.no_open_principal(doc.render()) == []) is program_admits
    template = {"prefix": "team-a", "imageTagMutability": "IMMUTABLE", "repositoryPolicy": json.dumps(doc.render())}
    assert ("ecr-no-open-principal" not in rules.violations(rules.CREATION_TEMPLATE, template, "prod")) is program_admits


def test_the_pack_uses_the_programs_rule_rather_than_a_copy():
    import policies.callers
    import policies.validate

    assert rules.restricts_callers is policies.callers.restricts_callers
    assert not hasattr(policies.validate, "_restricts_callers") and not hasattr(policies.validate, "_pins")


@pytest.mark.parametrize("resource_type, props", [
    ("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {"role": "ci", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
    ("aws:iam/userPolicyAttachment:UserPolicyAttachment",
     {"user": "alice", "policyArn": "arn:aws-us-gov:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"}),
    ("aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
     {"group": "devs", "policyArn": "arn:aws-cn:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"}),
    ("aws:iam/policyAttachment:PolicyAttachment",
     {"name": "x", "roles": ["ci"], "policyArn": "arn:aws:iam::aws:policy/AmazonElasticContainerRegistryPublicFullAccess"}),
    ("aws:iam/role:Role", {"name": "ci", "managedPolicyArns": [
        "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"]}),
])
def test_broad_aws_managed_policies_cannot_be_attached(resource_type, props):
    arn = [a for a in [props.get("policyArn"), *props.get("managedPolicyArns", [])] if a and "ReadOnly" not in a][0]
    assert rules.violations(resource_type, props, "dev") == {"iam-no-broad-managed-policies": [
        f"attaches the AWS managed policy {arn}: grant ECR access by level instead"]}


@pytest.mark.parametrize("arn", [
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
    "arn:aws:iam::123456789012:policy/AdministratorAccess",  # a customer managed policy of that name is ours to judge
    "arn:aws:iam::aws:policy/AdministratorAccessAmplify",
])
def test_narrow_or_customer_managed_policies_can_be_attached(arn):
    assert rules.violations("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {"role": "ci", "policyArn": arn}, "prod") == {}


@pytest.fixture(scope="module")
def plans():
    from plan.render import to_json_object
    from plan.runner import run_stack

    return {stack: to_json_object(run_stack(stack))["resources"] for stack in ("dev", "prod")}


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_real_plans_pass_every_rule(plans, stack):
    checked = {rule.name: 0 for rule in rules.RULES}
    for resource in plans[stack]:
        assert rules.violations(resource["type"], resource["inputs"], stack) == {}, resource["name"]
        for rule in rules.RULES:
            checked[rule.name] += rule.check(resource["type"], {"imageScanningConfiguration": {}}, "prod") != []
    types = {r["type"] for r in plans[stack]}
    assert {rules.REPOSITORY, rules.CREATION_TEMPLATE, rules.SCANNING, "aws:ecr/repositoryPolicy:RepositoryPolicy",
            "aws:ecr/registryPolicy:RegistryPolicy", "aws:iam/policy:Policy"} <= types
    assert checked["ecr-scan-on-push"] >= 5 and checked["ecr-tag-immutability"] >= 7


def test_dev_plan_repositories_pass_the_dev_rules(plans):
    repos = [r for r in plans["dev"] if r["type"] == rules.REPOSITORY]
    assert len(repos) == 4
    for repo in repos:
        assert rules.scan_on_push(repo["inputs"]) == []
        assert rules.tag_immutability(repo["inputs"], "dev") == [] and rules.no_force_delete(repo["inputs"], "prod") == []


def test_the_pack_wires_every_rule_and_imports_the_program_rule_from_anywhere(tmp_path):
    # PolicyPack() serves forever; a stub records the policies so __main__ can run as the engine starts it.
    script = (
        "import sys, types, runpy\n"
        "stub = types.ModuleType('pulumi_policy')\n"
        "class ResourceValidationPolicy:\n"
        "    def __init__(self, name, description, validate): self.name, self.validate = name, validate\n"
        "packs = []\n"
        "stub.ResourceValidationPolicy = ResourceValidationPolicy\n"
        "stub.PolicyPack = lambda **kw: packs.append(kw)\n"
        "stub.EnforcementLevel = types.SimpleNamespace(MANDATORY='mandatory')\n"
        "stub.ResourceValidationArgs = object\n"
        "sys.modules['pulumi_policy'] = stub\n"
        f"runpy.run_path({str(PACK / '__main__.py')!r}, run_name='__main__')\n"
        "(pack,) = packs\n"
        "args = types.SimpleNamespace(resource_type='aws:ecr/repositoryPolicy:RepositoryPolicy', "
        "urn='urn:pulumi:prod::ecr-access::aws:ecr/repositoryPolicy:RepositoryPolicy::r', props={'policy': "
        "'{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ecr:*\","
        "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}]}'})\n"
        "found = []\n"
        "for p in pack['policies']: p.validate(args, lambda m, p=p: found.append(p.name))\n"
        "print(pack['enforcement_level'], [p.name for p in pack['policies']], found)\n"
    )
    # -I: no current directory, PYTHONPATH or user site on sys.path: only what __main__ adds.
    out = subprocess.run([sys.executable, "-I", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "mandatory {} ['ecr-no-open-principal']".format([r.name for r in rules.RULES])
