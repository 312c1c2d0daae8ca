"""Repository keys the stack creates (`ecr-access:kmsKeys`): the key, its alias and exact key policy, the repositories
that take its ARN and wait for it, protection, and the RepositoryKey component from code."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecr_access import EcrRepository, EcrRepositoryArgs, Grant, InvalidArgs, Registry, RepositoryKey, RepositoryKeyArgs
from ecr_access.features.keys.config import KmsKeyConfig
from ecr_access.iam.principals import Principals
from ecr_access.plan.render import to_json_object, to_text
from ecr_access.plan.runner import run_stack
from tests.helpers.keys import FIXED, KEY, KEY_ARN, KEY_ID, VIA_ECR
from tests.helpers.parliament import documents, lint
from tests.helpers.registry import compiled
from tests.helpers.stacks import REGISTRY, base_config, by_type, caught, register
from tests.helpers.stacks import ROOT as PROJECT

ACCOUNT = REGISTRY.account
PAYMENTS = f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/team-a/payments"
LEDGER = f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/team-a/ledger"
ALIAS = "aws:kms/alias:Alias"
REPOSITORY = "aws:ecr/repository:Repository"

# team-a/payments and team-a/ledger use the key, `other` does not. alice pulls team-a/* through her group, bob pushes
# payments, the role ci only reads payments' metadata (no image: not in the key policy), carol pulls only `other`.
CONFIG: dict[str, Any] = dict(
    kmsKeys=[{"name": "ecr-prod", "tags": {"team": "platform"}}],
    repositories=[
        {"name": "team-a/payments", "encryption": "KMS", "kmsKey": "ecr-prod"},
        {"name": "team-a/ledger", "encryption": "KMS", "kmsKey": "ecr-prod"},
        {"name": "other"},
    ],
    groups=[{"name": "readers", "grants": [{"levels": ["pull"], "namespace": "team-a"}]}],
    users=[
        {"name": "alice", "groups": ["readers"]},
        {"name": "bob", "grants": [{"levels": ["push"], "repository": "team-a/payments"}]},
        {"name": "carol", "grants": [{"levels": ["pull"], "repository": "other"}]},
    ],
    roles=[{"name": "ci", "trust": {"accountRoot": True}, "grants": [{"levels": ["read"], "repository": "team-a/payments"}]}],
)


def _plan(stack: str = "prod", **config: Any):
    return run_stack(stack, config=base_config(**{**CONFIG, **config}))


@pytest.fixture(scope="module")
def prod():
    return _plan()


def test_the_key_policy_lets_the_account_administer_ecr_use_and_each_principal_decrypt_only_what_it_may_pull(prod):
    (key,) = by_type(prod, KEY)
    assert json.loads(key.inputs["policy"]) == {"Version": "2012-10-17", "Statement": FIXED + [
        {"Sid": "PullTeamALedger", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"},
         "Action": "kms:Decrypt", "Resource": "*",
         "Condition": {"StringEquals": {"kms:EncryptionContext:aws:ecr:arn": LEDGER, **VIA_ECR}}},
        {"Sid": "PullTeamAPayments", "Effect": "Allow",
         "Principal": {"AWS": [f"arn:aws:iam::{ACCOUNT}:user/alice", f"arn:aws:iam::{ACCOUNT}:user/bob"]},
         "Action": "kms:Decrypt", "Resource": "*",
         "Condition": {"StringEquals": {"kms:EncryptionContext:aws:ecr:arn": PAYMENTS, **VIA_ECR}}},
        {"Sid": "PushTeamAPayments", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/bob"},
         "Action": ["kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext"], "Resource": "*",
         "Condition": {"StringEquals": {"kms:EncryptionContext:aws:ecr:arn": PAYMENTS, **VIA_ECR}}},
    ]}


def test_the_key_has_rotation_a_deletion_window_its_alias_and_is_protected_outside_dev(prod):
    (component,) = by_type(prod, "ecr-access:keys:RepositoryKey")
    (key,) = by_type(prod, KEY)
    (alias,) = by_type(prod, ALIAS)
    assert component.name == "ecr-prod" and key.parent_urn == alias.parent_urn == component.urn
    assert {k: v for k, v in key.inputs.items() if k != "policy"} == {
        "description": "Encrypts ECR repositories of stack prod (alias/ecr-prod; ecr-access)",
        "enableKeyRotation": True, "deletionWindowInDays": 30, "tags": {"team": "platform"},
    }
    assert alias.inputs == {"name": "alias/ecr-prod", "targetKeyId": KEY_ID}
    assert (key.protect, key.retain_on_delete, alias.protect) == (True, False, False)
    assert prod.outputs["kmsKeyArns"] == {"ecr-prod": KEY_ARN}


def test_repositories_using_the_key_take_its_arn_and_wait_for_it_others_are_unchanged(prod):
    repos = {r.name: r for r in by_type(prod, REPOSITORY)}
    (key,) = by_type(prod, KEY)
    for name in ("team-a/payments", "team-a/ledger"):
        assert repos[name].inputs["encryptionConfigurations"] == [{"encryptionType": "KMS", "kmsKey": KEY_ARN}]
        assert key.urn in repos[name].dependencies
    assert repos["other"].inputs["encryptionConfigurations"] == [{"encryptionType": "AES256"}]
    assert not any("kms" in dep for dep in repos["other"].dependencies)


def test_a_repository_naming_the_key_by_its_alias_arn_uses_it_as_by_its_name(prod):
    alias = f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/ecr-prod"
    by_alias = _plan(repositories=[{**r, "kmsKey": alias} if "kmsKey" in r else r for r in CONFIG["repositories"]])
    (key,), (key_by_alias,) = by_type(prod, KEY), by_type(by_alias, KEY)
    assert key_by_alias.inputs == key.inputs  # the same key policy: the repositories' principals decrypt
    assert [(r.inputs, r.dependencies) for r in by_type(by_alias, REPOSITORY)] == [
        (r.inputs, r.dependencies) for r in by_type(prod, REPOSITORY)]  # the key's ARN, and waiting for the key


def test_the_key_waits_for_the_users_its_policy_names(prod):
    (key,) = by_type(prod, KEY)
    users = {u.name: u.urn for u in by_type(prod, "aws:iam/user:User")}
    assert sorted(key.dependencies) == sorted([users["alice"], users["bob"]])


def test_the_plan_shows_the_key_protected_its_alias_and_the_key_policy(prod):
    text = to_text(prod)
    assert "+ ecr-access:keys:RepositoryKey ecr-prod" in text
    assert "+ aws:kms/key:Key ecr-prod  [protect]" in text and "+ aws:kms/alias:Alias ecr-prod-alias" in text
    assert '"Sid": "PullTeamAPayments"' in text
    (key,) = [r for r in to_json_object(prod)["resources"] if r["type"] == KEY]
    assert key["options"]["protect"] is True and key["inputs"]["policy"]["Statement"][0]["Sid"] == "KeyAdministration"


def test_the_key_policy_passes_parliament(prod):
    [(label, doc)] = [d for d in documents(to_json_object(prod)) if d[0].startswith("key policy")]
    reported, suppressed = lint(doc)
    assert reported == [] and [s.issue for _, s in suppressed] == ["RESOURCE_MISMATCH"]


def test_on_dev_the_key_follows_the_repositories_using_it():
    dev = _plan("dev")
    assert [(k.protect, k.retain_on_delete) for k in by_type(dev, KEY)] == [(False, False)]
    repositories = [{**r, "protect": True} if r["name"] == "team-a/ledger" else r for r in CONFIG["repositories"]]
    kept = _plan("dev", repositories=repositories, retainOnDelete=True)
    assert [(k.protect, k.retain_on_delete) for k in by_type(kept, KEY)] == [(True, True)]


def test_repository_defaults_may_name_the_key_and_settings_override_it():
    defaults = {"encryption": "KMS", "kmsKey": "ecr-prod"}
    result = run_stack("prod", config=base_config(kmsKeys=CONFIG["kmsKeys"], repositoryDefaults=defaults,
                                                  repositories=[{"name": "aa"}, {"name": "bb", "encryption": "AES256"}]))
    repos = {r.name: r.inputs["encryptionConfigurations"] for r in by_type(result, REPOSITORY)}
    assert repos == {"aa": [{"encryptionType": "KMS", "kmsKey": KEY_ARN}], "bb": [{"encryptionType": "AES256"}]}


def test_a_key_no_repository_uses_is_created_with_a_warning():
    stack = compiled(base_config(kmsKeys=[{"name": "spare", "deletionWindowDays": 7}], repositories=[{"name": "aa"}]), "prod")
    assert stack.warnings == ("ecr-access:kmsKeys[0]: key 'spare' encrypts no repository of the stack (name it in a "
                                 "repository's kmsKey, or remove the entry once no image needs it)",)
    [key] = stack.keys
    assert key.spec.deletion_window_days == 7 and [st["Sid"] for st in key.policy.parsed()["Statement"]] == [
        "KeyAdministration", "EcrCreateGrant", "EcrRetireGrant"]


# From code: the same component and documents, checked before anything is registered.
PUBLIC = Registry.of(REGISTRY.region, ACCOUNT)
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/app-runtime"


def test_a_program_creates_a_key_for_its_repository_and_the_principals_that_pull_it():
    def program():
        key = RepositoryKey("app-key", RepositoryKeyArgs(
            registry=PUBLIC, grants=[Grant.on("app", levels=["pull"]).to(PUBLIC.accounts(ROLE_ARN))]))
        EcrRepository("app", EcrRepositoryArgs(encryption="KMS", kms_key=key))

    result = register(program)
    (key,) = by_type(result, KEY)
    (repo,) = by_type(result, REPOSITORY)
    assert json.loads(key.inputs["policy"])["Statement"][3] == {
        "Sid": "PullApp", "Effect": "Allow", "Principal": {"AWS": ROLE_ARN}, "Action": "kms:Decrypt", "Resource": "*",
        "Condition": {"StringEquals": {"kms:EncryptionContext:aws:ecr:arn": f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/app",
                                       **VIA_ECR}}}
    assert key.protect and by_type(result, ALIAS)[0].inputs["name"] == "alias/app-key"
    assert repo.inputs["encryptionConfigurations"][0]["kmsKey"].startswith(f"arn:aws:kms:us-east-1:{ACCOUNT}:key/")
    assert key.urn in repo.dependencies


def _refused(body) -> tuple[list[str], list[str]]:
    """The InvalidArgs messages `body` raises as a program, and the types it registered before."""
    errors, result = caught(body, InvalidArgs)
    return [str(e) for e in errors], [r.type for r in result.registrations]


def test_bad_key_arguments_are_refused_before_anything_is_registered():
    other = Grant.on("app", levels=["pull"]).to(PUBLIC.accounts("210987654321"))
    metadata = Grant.on("app", levels=["read"]).to(PUBLIC.accounts(ROLE_ARN))
    service = Grant.on("app", levels=["pull"]).to(PUBLIC.service("lambda.amazonaws.com"))
    [error], registered = _refused(lambda: RepositoryKey("alias/app", RepositoryKeyArgs(
        registry=PUBLIC, deletion_window_in_days=3, grants=[other, metadata, service])))
    assert registered == []
    assert error.splitlines() == [
        "invalid component arguments (5 problems):",
        "  RepositoryKeyArgs.name: is the alias name without its alias/ prefix; write 'app' (got \"alias/app\")",
        "  RepositoryKeyArgs.deletion_window_in_days: must be between 7 and 30 (got 3)",
        "  RepositoryKeyArgs.grants[0].grantee: a key policy names IAM users and roles of account 123456789012 only "
        "(got \"arn:aws:iam::210987654321:root\")",
        "  RepositoryKeyArgs.grants[1].levels: gives neither pull nor push: a key is used only to pull and push images "
        "(got [\"read\"])",
        "  RepositoryKeyArgs.grants[2].grantee: a key policy names IAM users and roles only (got \"Service\")",
    ]


def test_a_key_is_refused_on_a_repository_without_kms_encryption():
    def body():
        key = RepositoryKey("app-key", RepositoryKeyArgs(registry=PUBLIC))
        EcrRepository("app", EcrRepositoryArgs(kms_key=key))

    errors, registered = _refused(body)
    assert REPOSITORY not in registered and "ecr-access:ecr:EcrRepository" not in registered
    assert errors == ['invalid component arguments:\n  EcrRepositoryArgs.kms_key: is set but encryption is AES256; set '
                      'encryption: KMS (got "alias/app-key")']


def test_the_key_policy_names_principals_in_sorted_order_whatever_the_grant_order():
    first = Grant.on("app", levels=["pull"]).to(PUBLIC.accounts(ROLE_ARN))
    second = Grant.on("app", levels=["pull"]).to(PUBLIC.accounts(f"arn:aws:iam::{ACCOUNT}:user/zed"))
    policies = []
    for grants in ([first, second], [second, first]):
        result = register(lambda grants=grants: RepositoryKey("k", RepositoryKeyArgs(registry=PUBLIC, grants=grants)))
        policies.append(by_type(result, KEY)[0].inputs["policy"])
    assert policies[0] == policies[1]
    assert json.loads(policies[0])["Statement"][3]["Principal"] == Principals.of_aws(
        ROLE_ARN, f"arn:aws:iam::{ACCOUNT}:user/zed").render()


def test_the_stack_program_exports_nothing_new_without_keys():
    result = run_stack("prod", config=base_config(repositories=[{"name": "aa"}]))
    assert "kmsKeyArns" not in result.outputs and by_type(result, KEY) == []


def test_the_guide_names_every_key_of_an_entry():
    guide = (PROJECT / "docs" / "guides" / "kms-keys.md").read_text()
    assert "`ecr-access:kmsKeys`" in guide
    assert [f.alias for f in KmsKeyConfig.model_fields.values() if f"| `{f.alias}` |" not in guide] == []
