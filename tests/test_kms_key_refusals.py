"""Bad `ecr-access:kmsKeys` entries, and bad references to them, are refused with one exact line at the path written.

The table of tests/test_bad_input.py for this section (that file is long enough); the same helpers read the error.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.bad_input import raw, refusal
from tests.helpers.registry import compiled

K0 = "ecr-access:kmsKeys[0]"
R0 = "ecr-access:repositories[0]"
KEYS = [{"name": "ecr-prod"}]
ROLE = "arn:aws:iam::123456789012:role/templates"


def repo(**entry: Any) -> list[dict[str, Any]]:
    """One repository `aa` with the given keys."""
    return [{"name": "aa", **entry}]


# (id, ecr-access config, the one problem line exactly)
CASES = [
    ("name-with-alias-prefix", {"kmsKeys": [{"name": "alias/ecr-prod"}]},
     f"{K0}.name: is the alias name without its alias/ prefix; write 'ecr-prod' (got \"alias/ecr-prod\")"),
    ("name-aws-reserved", {"kmsKeys": [{"name": "aws/ecr"}]},
     f"{K0}.name: starts with aws/, which AWS keeps for its managed keys (got \"aws/ecr\")"),
    ("name-with-space", {"kmsKeys": [{"name": "ecr prod"}]},
     f"{K0}.name: may hold only ASCII letters, digits and / _ - : (got \"ecr prod\")"),
    ("name-too-long", {"kmsKeys": [{"name": "k" * 251}]},
     f"{K0}.name: is 251 characters; a key name may have at most 250 (alias/<name>: 256) (got \"{'k' * 116}...)"),
    ("name-declared-twice", {"kmsKeys": [{"name": "k"}, {"name": "k"}]},
     "ecr-access:kmsKeys[1].name: is declared twice (first at ecr-access:kmsKeys[0]) (got \"k\")"),
    ("deletion-window-too-short", {"kmsKeys": [{"name": "k", "deletionWindowDays": 5}]},
     f"{K0}.deletionWindowDays: must be between 7 and 30 (got 5)"),
    ("unknown-key", {"kmsKeys": [{"name": "k", "rotation": True}]},
     f"{K0}.rotation: unknown key; known keys: deletionWindowDays, description, name, tags"),
    ("section-not-a-list", {"kmsKeys": {"name": "k"}}, "ecr-access:kmsKeys: must be a list, not a map (got {\"name\": \"k\"})"),
    ("undeclared-key", {"kmsKeys": KEYS, "repositories": repo(encryption="KMS", kmsKey="nope")},
     f"{R0}.kmsKey: must be a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>) or the name of a key of "
     "ecr-access:kmsKeys (declared: ecr-prod) (got \"nope\")"),
    ("key-without-kms-encryption", {"kmsKeys": KEYS, "repositories": repo(kmsKey="ecr-prod")},
     f"{R0}.kmsKey: is set but encryption is AES256; set encryption: KMS (got \"ecr-prod\")"),
    ("key-in-a-creation-template", {"kmsKeys": KEYS, "repositories": repo(), "namespaces": [
        {"name": "team-a", "customRoleArn": ROLE, "encryption": "KMS", "kmsKey": "ecr-prod"}]},
     "ecr-access:namespaces[0].kmsKey: names a key of ecr-access:kmsKeys, which encrypts declared repositories only; a "
     "creation template needs a KMS key ARN (it may come from ecr-access:repositoryDefaults) (got \"ecr-prod\")"),
    # 110 repositories pulled by 110 different users: one statement each, over the quota of a key policy.
    ("key-policy-over-its-quota", {
        "kmsKeys": [{"name": "k"}],
        "repositories": [{"name": f"team/r{i:03d}-service", "encryption": "KMS", "kmsKey": "k"} for i in range(110)],
        "users": [{"name": f"user-number-{i:03d}", "grants": [{"levels": ["pull"], "repository": f"team/r{i:03d}-service"}]}
                  for i in range(110)]},
     f"{K0}: KMS key policy 'alias/k': is 37907 characters, over the 32768-character limit of a KMS key policy"),
    # Creation templates cannot take a key of ecr-access:kmsKeys: when they would inherit one from the defaults, one line
    # says so at the defaults (not one at each template, at keys the user never wrote).
    ("defaults-key-inherited-by-templates", {
        "kmsKeys": KEYS, "repositoryDefaults": {"encryption": "KMS", "kmsKey": "ecr-prod"}, "repositories": repo(),
        "namespaces": [{"name": "team-a", "customRoleArn": ROLE}, {"name": "team-b", "encryption": "AES256"}],
        "pullThroughCache": [{"upstream": "ecr-public", "prefix": "public", "template": {"customRoleArn": ROLE}}]},
     "ecr-access:repositoryDefaults.kmsKey: names a key of ecr-access:kmsKeys, which encrypts declared repositories only, "
     "but the creation templates of ecr-access:namespaces[0] and ecr-access:pullThroughCache[0].template would inherit it: "
     "give them an encryption of their own (AES256, or KMS with a key ARN as kmsKey) (got \"ecr-prod\")"),
    ("dual-layer-encryption-outside-govcloud", {"repositories": repo(encryption="KMS_DSSE")},
     f"{R0}.encryption: is available only in the AWS GovCloud (US) Regions (DSSE-KMS, the ECR user guide \"Encryption at "
     "rest\"), not in us-east-1; use KMS (got \"KMS_DSSE\")"),
    ("dual-layer-encryption-in-defaults", {"repositoryDefaults": {"encryption": "KMS_DSSE"}, "repositories": repo()},
     "ecr-access:repositoryDefaults.encryption: is available only in the AWS GovCloud (US) Regions (DSSE-KMS, the ECR user "
     "guide \"Encryption at rest\"), not in us-east-1; use KMS (got \"KMS_DSSE\")"),
    # A bad entry still declares its name: the repository naming it is not also refused.
    ("bad-entry-still-declares-its-name", {"kmsKeys": [{"name": "k", "deletionWindowDays": 50}],
                                           "repositories": repo(encryption="KMS", kmsKey="k")},
     f"{K0}.deletionWindowDays: must be between 7 and 30 (got 50)"),
]


@pytest.mark.parametrize("config, line", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_key_config_is_refused_with_one_exact_line(config, line):
    for stack in ("dev", "prod"):
        assert refusal(raw(config), stack).splitlines() == ["invalid stack config:", f"  {line}"]


def test_dual_layer_encryption_is_accepted_in_govcloud():
    values = raw({"aws:region": "us-gov-west-1", "repositories": repo(encryption="KMS_DSSE"),
                  "namespaces": [{"name": "team-a", "encryption": "KMS_DSSE", "customRoleArn": ROLE.replace(":aws:", ":aws-us-gov:")}]})
    stack = compiled(values)
    assert stack.repositories[0].spec.settings.encryption == "KMS_DSSE"
    assert stack.config.registry_settings.namespaces[0].template.settings.encryption == "KMS_DSSE"


def test_a_template_names_its_own_key_arn_and_declared_repositories_keep_the_default_stack_key():
    arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    values = raw({"kmsKeys": KEYS, "repositoryDefaults": {"encryption": "KMS", "kmsKey": "ecr-prod"}, "repositories": repo(),
                  "namespaces": [{"name": "team-a", "customRoleArn": ROLE, "encryption": "KMS", "kmsKey": arn}]})
    stack = compiled(values)
    assert stack.repositories[0].spec.settings.key_name == "ecr-prod"
    assert stack.config.registry_settings.namespaces[0].template.settings.kms_key == arn
