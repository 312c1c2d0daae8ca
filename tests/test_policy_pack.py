"""The CrossGuard pack run as the engine runs it: its own process, resources sent through the gRPC Analyzer.

The shipped stacks pass every policy; each bad resource is flagged by the policy named for it, whether its policy
document arrives as a JSON string (as the engine sends it) or as an object; the pack runs from a copy of its folder.
"""

from __future__ import annotations

import json
import shutil

import pytest
from pulumi.runtime.proto import analyzer_pb2

from tests.helpers.policy_pack import PACK_DIR, PolicyPackAnalyzer, plan_resources, resource
from tests.helpers.shipped_config import run_shipped
from tests.helpers.stacks import run_fixture

REPOSITORY = "aws:ecr/repository:Repository"
TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"
SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"
REPO_POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy"
REGISTRY_POLICY = "aws:ecr/registryPolicy:RegistryPolicy"
POLICIES = {"ecr-scan-on-push", "ecr-tag-immutability", "ecr-no-force-delete", "ecr-no-open-principal",
            "iam-no-broad-ecr-actions", "iam-no-broad-managed-policies"}
GOOD_REPO = {"name": "my-repo", "imageScanningConfiguration": {"scanOnPush": True},
             "imageTagMutability": "IMMUTABLE", "forceDelete": False}
PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]


def doc(*statements: dict) -> str:
    """A policy document as the engine sends it: a JSON string."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def anyone(condition: dict | None = None, **extra) -> dict:
    """An Allow of pull to Principal "*" (with a condition when given)."""
    st = {"Sid": "Pull", "Effect": "Allow", "Principal": "*", "Action": PULL, **extra}
    return {**st, "Condition": condition} if condition else st


def scanning(*rules: tuple[str, list[str]], scan_type: str = "BASIC") -> dict:
    """RegistryScanningConfiguration inputs with `(frequency, filters)` rules."""
    return {"scanType": scan_type, "rules": [
        {"scanFrequency": f, "repositoryFilters": [{"filterType": "WILDCARD", "filter": x} for x in filters]}
        for f, filters in rules]}


def attach(type_: str, arn: str) -> tuple[str, dict]:
    """A managed-policy attachment."""
    return type_, {"policyArn": arn, "role": "ci", "user": "u", "group": "g"}


def identity(type_: str, *statements: dict) -> tuple[str, dict]:
    """An identity policy resource (managed or inline)."""
    return type_, {"policy": doc(*statements)}


ALL = {"Effect": "Allow", "Resource": "*"}
PRINCIPAL_ARN = "arn:aws:iam::123456789012:role/ci-*"
# (id, stack, [(type, inputs)], the one policy that flags it)
BAD = [
    ("repository-mutable", "prod", [(REPOSITORY, {**GOOD_REPO, "imageTagMutability": "MUTABLE"})], "ecr-tag-immutability"),
    ("repository-mutable-with-exclusion", "prod", [(REPOSITORY, {**GOOD_REPO, "imageTagMutability": "MUTABLE_WITH_EXCLUSION"})],
     "ecr-tag-immutability"),
    ("repository-mutability-unset", "staging", [(REPOSITORY, {k: v for k, v in GOOD_REPO.items() if k != "imageTagMutability"})],
     "ecr-tag-immutability"),
    ("template-mutable", "prod", [(TEMPLATE, {"prefix": "docker-hub", "imageTagMutability": "MUTABLE"})], "ecr-tag-immutability"),
    ("repository-force-delete", "prod", [(REPOSITORY, {**GOOD_REPO, "forceDelete": True})], "ecr-no-force-delete"),
    ("repository-scan-off", "prod", [(REPOSITORY, {**GOOD_REPO, "imageScanningConfiguration": {"scanOnPush": False}})],
     "ecr-scan-on-push"),
    ("repository-scan-unset", "prod", [(REPOSITORY, {k: v for k, v in GOOD_REPO.items() if k != "imageScanningConfiguration"})],
     "ecr-scan-on-push"),
    ("scanning-manual", "prod", [(SCANNING, scanning(("MANUAL", ["*"]))), (REPOSITORY, GOOD_REPO)], "ecr-scan-on-push"),
    ("scanning-prefix-only", "prod", [(SCANNING, scanning(("SCAN_ON_PUSH", ["team-a/*"]))), (REPOSITORY, GOOD_REPO)],
     "ecr-scan-on-push"),
    ("scanning-no-rules", "prod", [(SCANNING, {"scanType": "BASIC"})], "ecr-scan-on-push"),
    ("scanning-of-another-region", "prod", [(SCANNING, scanning(("SCAN_ON_PUSH", ["*"]))), (REPOSITORY, {
        **{k: v for k, v in GOOD_REPO.items() if k != "imageScanningConfiguration"}, "region": "us-west-2"})], "ecr-scan-on-push"),
    ("repository-policy-open", "dev", [(REPO_POLICY, {"repository": "r", "policy": doc(anyone())})], "ecr-no-open-principal"),
    ("repository-policy-open-as-object", "dev", [(REPO_POLICY, {"repository": "r", "policy": json.loads(doc(anyone()))})],
     "ecr-no-open-principal"),
    ("repository-policy-aws-star-secure-transport", "dev", [(REPO_POLICY, {"policy": doc(
        {**anyone({"Bool": {"aws:SecureTransport": "true"}}), "Principal": {"AWS": ["*"]}})})], "ecr-no-open-principal"),
    ("registry-policy-not-principal", "dev", [(REGISTRY_POLICY, {"policy": doc(
        {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:role/admin"}, "Action": PULL})})],
     "ecr-no-open-principal"),
    ("template-repository-policy-open", "dev", [(TEMPLATE, {"prefix": "team-a", "repositoryPolicy": doc(anyone())})],
     "ecr-no-open-principal"),
    ("principal-arn-any-partition", "dev", [(REPO_POLICY, {"policy": doc(anyone(
        {"StringLike": {"aws:PrincipalArn": "arn:*:iam::123456789012:*"}}))})], "ecr-no-open-principal"),
    ("principal-arn-any-region", "dev", [(REPO_POLICY, {"policy": doc(anyone(
        {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam:*:123456789012:*"}}))})], "ecr-no-open-principal"),
    ("role-inline-ecr-star", "dev", [("aws:iam/role:Role", {"name": "ci", "inlinePolicies": [
        {"name": "p", "policy": doc({**ALL, "Action": "ecr:*"})}]})], "iam-no-broad-ecr-actions"),
    ("user-policy-star", "dev", [identity("aws:iam/userPolicy:UserPolicy", {**ALL, "Action": "*"})], "iam-no-broad-ecr-actions"),
    ("group-policy-not-action", "dev", [identity("aws:iam/groupPolicy:GroupPolicy", {**ALL, "NotAction": ["iam:*"]})],
     "iam-no-broad-ecr-actions"),
    ("managed-policy-ecr-star-upper", "dev", [identity("aws:iam/policy:Policy", {**ALL, "Action": ["ecr:ListImages", "ECR:*"]})],
     "iam-no-broad-ecr-actions"),
    ("attach-admin-to-role", "dev", [attach("aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                                            "arn:aws:iam::aws:policy/AdministratorAccess")], "iam-no-broad-managed-policies"),
    ("attach-full-access-to-user", "dev", [attach("aws:iam/userPolicyAttachment:UserPolicyAttachment",
                                                  "arn:aws-us-gov:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess")],
     "iam-no-broad-managed-policies"),
    ("attach-power-user-to-group", "dev", [attach("aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
                                                  "arn:aws-cn:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser")],
     "iam-no-broad-managed-policies"),
    ("attach-public-full-access", "dev", [attach("aws:iam/policyAttachment:PolicyAttachment",
                                                 "arn:aws:iam::aws:policy/AmazonElasticContainerRegistryPublicFullAccess")],
     "iam-no-broad-managed-policies"),
    ("role-managed-admin", "dev", [("aws:iam/role:Role", {"name": "ci", "managedPolicyArns": [
        "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"]})],
     "iam-no-broad-managed-policies"),
    ("user-policy-registry-pattern", "prod", [identity("aws:iam/userPolicy:UserPolicy", {**ALL, "Action": ["ecr:*Registry*"]})],
     "iam-no-broad-ecr-actions"),
    ("managed-policy-replication-pattern", "prod", [identity("aws:iam/policy:Policy",
                                                             {**ALL, "Action": ["ecr:GetAuthorizationToken", "ecr:PutRepl*"]})],
     "iam-no-broad-ecr-actions"),
    ("role-inline-cache-rule-pattern", "dev", [("aws:iam/role:Role", {"name": "ci", "inlinePolicies": [
        {"name": "p", "policy": doc({**ALL, "Action": "ECR:*pullthroughcache*"})}]})], "iam-no-broad-ecr-actions"),
    ("group-policy-single-character-pattern", "dev", [identity("aws:iam/groupPolicy:GroupPolicy", {**ALL, "Action": "ecr:?utRegistryPolicy"})],
     "iam-no-broad-ecr-actions"),
    # patterns as broad as `*` or `ecr:*`, and patterns reaching repository administration
    *[(f"identity-pattern-{name}", "dev", [identity("aws:iam/policy:Policy", {**ALL, "Action": ["ecr:ListImages", action]})],
       "iam-no-broad-ecr-actions")
      for name, action in [("star-colon-star", "*:*"), ("ec-star", "ec*"), ("double-star", "ecr:**"),
                           ("question-star", "ecr:?*"), ("question-in-service", "e?r:*"),
                           ("repository-admin", "ecr:*Repository*"), ("delete-image", "ecr:*Image")]],
]
# (id, stack, [(type, inputs)]): what the policies let through on purpose.
GOOD = [
    ("dev-tries-things", "dev", [(REPOSITORY, {**GOOD_REPO, "imageTagMutability": "MUTABLE", "forceDelete": True,
                                               "imageScanningConfiguration": {"scanOnPush": False}}),
                                 (TEMPLATE, {"prefix": "docker-hub", "imageTagMutability": "MUTABLE"}),
                                 (SCANNING, scanning(("MANUAL", ["*"])))]),
    ("dev-stack-variant", "dev-alice", [(REPOSITORY, {**GOOD_REPO, "imageTagMutability": "MUTABLE"})]),
    ("immutable-with-exclusion", "prod", [(REPOSITORY, {**GOOD_REPO, "imageTagMutability": "IMMUTABLE_WITH_EXCLUSION"})]),
    ("registry-scanning-covers-repositories", "prod", [
        (SCANNING, scanning(("CONTINUOUS_SCAN", ["team-a/*"]), ("SCAN_ON_PUSH", ["*"]), scan_type="ENHANCED")),
        (REPOSITORY, {k: v for k, v in GOOD_REPO.items() if k != "imageScanningConfiguration"}),
        (REPOSITORY, {**GOOD_REPO, "imageScanningConfiguration": {"scanOnPush": False}})]),
    ("registry-scanning-of-the-repositorys-region", "prod", [
        (SCANNING, {**scanning(("SCAN_ON_PUSH", ["*"])), "region": "us-west-2"}),
        (REPOSITORY, {**{k: v for k, v in GOOD_REPO.items() if k != "imageScanningConfiguration"}, "region": "us-west-2"}),
        (REPOSITORY, GOOD_REPO)]),
    ("continuous-scan-on-star", "prod", [(SCANNING, scanning(("CONTINUOUS_SCAN", ["my-repo", "*"]), scan_type="ENHANCED"))]),
    ("pinned-conditions", "prod", [(REPO_POLICY, {"policy": doc(
        anyone({"StringEquals": {"aws:PrincipalOrgID": "o-abc123defg"}}, Sid="Org"),
        anyone({"ArnLike": {"aws:PrincipalArn": PRINCIPAL_ARN}}, Sid="Ci"),
        anyone({"ArnLike": {"aws:SourceArn": "arn:aws:lambda:us-east-1:123456789012:function:*"}}, Sid="Lambda"),
        {"Sid": "Lock", "Effect": "Deny", "Principal": "*", "Action": "ecr:*"})})]),
    ("registry-admin-named-not-by-pattern", "prod", [identity("aws:iam/policy:Policy", {**ALL, "Action": [
        "ecr:PutRegistryPolicy", "ecr:PutReplicationConfiguration", "ecr:Get*", "ecr:List*"]})]),
    ("narrow-patterns", "prod", [identity("aws:iam/policy:Policy", {**ALL, "Action": [
        "ecr:Describe*", "ecr:List*", "ecr:BatchGet*", "ecr:Get*", "ecr:?"]})]),
    ("narrow-identity-policies", "prod", [identity("aws:iam/policy:Policy", {**ALL, "Action": "ecr:Describe*"},
                                                   {"Effect": "Deny", "Action": "*", "Resource": "*"})]),
    ("narrow-or-customer-managed-policies", "prod", [
        attach("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"),
        attach("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "arn:aws:iam::123456789012:policy/AdministratorAccess"),
        attach("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "arn:aws:iam::aws:policy/AdministratorAccessAmplify")]),
]


@pytest.fixture(scope="module")
def pack():
    with PolicyPackAnalyzer() as analyzer:
        yield analyzer


def resources(stack: str, items: list[tuple[str, dict]]) -> list:
    return [resource(stack, type_, inputs, name=f"r{i}") for i, (type_, inputs) in enumerate(items)]


def test_the_pack_serves_every_policy_as_mandatory(pack):
    info = pack.info()
    assert info.name == "ecr-access-guardrails"
    assert {p.name for p in info.policies} == POLICIES
    assert {p.enforcementLevel for p in info.policies} == {analyzer_pb2.MANDATORY}


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_shipped_stacks_pass_every_policy(pack, stack):
    assert pack.check(plan_resources(run_shipped(stack))) == []


@pytest.mark.parametrize("stack, items, policy", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_a_bad_resource_is_flagged_by_its_policy(pack, stack, items, policy):
    found = pack.check(resources(stack, items))
    assert found and {v.policy for v in found} == {policy}
    assert all(v.mandatory for v in found)


@pytest.mark.parametrize("stack, items", [c[1:] for c in GOOD], ids=[c[0] for c in GOOD])
def test_what_the_policies_allow_passes(pack, stack, items):
    assert pack.check(resources(stack, items)) == []


def test_violations_name_the_stack_and_the_setting(pack):
    [found] = pack.check(resources("prod", [(TEMPLATE, {"prefix": "docker-hub", "imageTagMutability": "MUTABLE"})]))
    assert found.message.endswith("ECR repository creation template on stack 'prod' must have immutable tags "
                                  "(imageTagMutability is MUTABLE)")
    [found] = pack.check(resources("prod", [(REPOSITORY, {**GOOD_REPO, "imageScanningConfiguration": {"scanOnPush": False}})]))
    assert "must set imageScanningConfiguration.scanOnPush = true" in found.message
    assert found.urn == "urn:pulumi:prod::ecr-access::aws:ecr/repository:Repository::r0"


def test_a_registry_admin_pattern_is_named_with_the_actions_it_reaches(pack):
    [found] = pack.check(resources("prod", [identity("aws:iam/userPolicy:UserPolicy", {**ALL, "Action": "ecr:*Registry*", "Sid": "R"})]))
    assert found.message.endswith("statement R allows the pattern ecr:*Registry*, which reaches registry-wide admin actions "
                                  "(ecr:DeleteRegistryPolicy, ecr:PutRegistryPolicy, ecr:PutRegistryScanningConfiguration): "
                                  "name each such action")


def test_the_pack_runs_from_a_copy_of_its_folder_alone(tmp_path):
    copy = tmp_path / "ecr-access-guardrails"
    shutil.copytree(PACK_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    with PolicyPackAnalyzer(copy) as alone:
        assert alone.check(plan_resources(run_fixture("dev"))) == []
        found = alone.check(resources("dev", [(REPO_POLICY, {"policy": doc(anyone(
            {"StringLike": {"aws:PrincipalArn": "arn:*:iam::123456789012:*"}}))})]))
        assert [v.policy for v in found] == ["ecr-no-open-principal"]
