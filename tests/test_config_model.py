"""Stack config is validated into a typed model; each bad value is reported with its config path."""

import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import load_stack_config
from ecr_access.features.repositories.lifecycle_policy import ExpireUntagged, KeepTagged

BASE = {"aws:region": "us-east-1", "ecr-access:accountId": "123456789012"}


def load(stack="dev", **keys):
    values = dict(BASE)
    values.update({f"ecr-access:{k}": v for k, v in keys.items()})
    return load_stack_config(values, project="ecr-access", stack=stack)


def problems(stack="dev", **keys) -> list[str]:
    with pytest.raises(ConfigError) as exc:
        load(stack, **keys)
    return [str(p) for p in exc.value.problems]


def test_defaults_are_the_safe_ones():
    cfg = load(repositories=[{"name": "my-repo"}])
    repo = cfg.repository("my-repo")
    s = repo.settings
    assert (s.image_tag_mutability, s.scan_on_push, s.encryption, s.kms_key, s.lifecycle) == ("IMMUTABLE", True, "AES256", None, None)
    assert repo.force_delete is False
    assert cfg.registry.repository_arn("my-repo") == "arn:aws:ecr:us-east-1:123456789012:repository/my-repo"


def test_protect_defaults_on_outside_dev_and_can_be_overridden():
    assert load("dev", repositories=[{"name": "a1"}]).repository("a1").protect is False
    assert load("prod", repositories=[{"name": "a1"}]).repository("a1").protect is True
    assert load("prod", protect="false", repositories=[{"name": "a1"}]).repository("a1").protect is False
    assert load("dev", repositories=[{"name": "a1", "protect": True}]).repository("a1").protect is True


def test_repository_defaults_apply_and_repositories_override_them():
    cfg = load(
        repositoryDefaults={"scanOnPush": False, "tags": {"env": "dev"}, "lifecycle": {"expireUntaggedAfterDays": 7}},
        repositories=[
            {"name": "plain"},
            {"name": "custom", "scanOnPush": True, "tags": {"team": "a"}, "tagMutabilityExclusions": ["latest"],
             "lifecycle": {"keepTagged": [{"prefixes": ["v"], "count": 10}]}},
        ],
    )
    plain, custom = cfg.repository("plain").settings, cfg.repository("custom").settings
    assert plain.scan_on_push is False and dict(plain.tags) == {"env": "dev"}
    assert plain.lifecycle.rules == (ExpireUntagged(7),)
    assert custom.scan_on_push is True and dict(custom.tags) == {"env": "dev", "team": "a"}
    assert custom.image_tag_mutability == "IMMUTABLE_WITH_EXCLUSION"
    assert custom.lifecycle.rules == (KeepTagged(10, prefixes=("v",)),)


def test_kms_encryption_takes_a_key_in_the_stack_region():
    key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    repo = load(repositories=[{"name": "sec", "encryption": "KMS", "kmsKey": key}]).repository("sec")
    assert (repo.settings.encryption, repo.settings.kms_key) == ("KMS", key)


@pytest.mark.parametrize(
    "keys, expected",
    [
        ({"repositories": [{"name": "Bad_Name"}]}, 'ecr-access:repositories[0].name: is not a valid ECR repository name'),
        ({"repositories": [{"name": "x"}]}, "ecr-access:repositories[0].name: is not a valid ECR repository name"),
        ({"repositories": [{"name": "a" * 257}]}, "must be 2-256 characters long"),
        ({"repositories": [{"name": "ok1"}, {"name": "ok1"}]},
         'ecr-access:repositories[1].name: is declared twice (first at ecr-access:repositories[0]) (got "ok1")'),
        ({"repositories": [{"name": "ok1", "scanOnPsh": True}]},
         "ecr-access:repositories[0].scanOnPsh: unknown key; did you mean 'scanOnPush'?"),
        ({"repositories": [{"scanOnPush": True}]}, "ecr-access:repositories[0].name: is required"),
        ({"repositories": [{"name": "ok1", "scanOnPush": "yes"}]},
         'ecr-access:repositories[0].scanOnPush: must be true or false, not a string (got "yes")'),
        ({"repositories": {"name": "ok1"}}, "ecr-access:repositories: must be a list, not a map"),
        ({"repositories": [{"name": "ok1", "tagMutability": "SOMETIMES"}]},
         'ecr-access:repositories[0].tagMutability: must be IMMUTABLE or MUTABLE'),
        ({"repositories": [{"name": "ok1", "tagMutabilityExclusions": ["bad tag"]}]},
         'ecr-access:repositories[0].tagMutabilityExclusions[0]: is not a valid tag filter'),
        ({"repositories": [{"name": "ok1", "tagMutabilityExclusions": ["a", "b", "c", "d", "e", "f"]}]},
         "has 6 items; at most 5 are allowed"),
        ({"repositories": [{"name": "ok1", "encryption": "ROT13"}]},
         "ecr-access:repositories[0].encryption: must be one of AES256, KMS, KMS_DSSE"),
        ({"repositories": [{"name": "ok1", "kmsKey": "arn:aws:kms:us-east-1:123456789012:key/abc"}]},
         "ecr-access:repositories[0].kmsKey: is set but encryption is AES256"),
        ({"repositories": [{"name": "ok1", "encryption": "KMS", "kmsKey": "arn:aws:kms:eu-west-1:123456789012:key/abc"}]},
         "is in eu-west-1, but a repository in us-east-1 needs a key in its own region"),
        ({"repositories": [{"name": "ok1", "encryption": "KMS", "kmsKey": "my-key"}]}, "must be a KMS key or alias ARN"),
        ({"repositories": [{"name": "ok1", "tags": {"aws:owner": "me"}}]}, "ecr-access:repositories[0].tags.aws:owner"),
        ({"repositories": [{"name": "ok1", "forceDelete": True, "protect": True}]},
         "ecr-access:repositories[0].forceDelete: cannot be true on a protected repository"),
        ({"repositories": [{"name": "ok1", "lifecycle": {}}]},
         "ecr-access:repositories[0].lifecycle: needs preset, rules, keepTagged or expireUntaggedAfterDays"),
        ({"repositories": [{"name": "ok1", "lifecycle": {"expireUntaggedAfterDays": 0}}]},
         "ecr-access:repositories[0].lifecycle.expireUntaggedAfterDays: must be between 1 and 3650"),
        ({"repositories": [{"name": "ok1", "lifecycle": {"keepTagged": [{"prefixes": ["v"]}]}}]},
         "ecr-access:repositories[0].lifecycle.keepTagged[0].count: is required"),
        ({"repositoryDefaults": {"name": "x"}}, "ecr-access:repositoryDefaults.name: unknown key"),
        ({"protcet": "true"}, "ecr-access:protcet: unknown config key; did you mean ecr-access:protect?"),
        ({"protect": "maybe"}, 'ecr-access:protect: must be true or false'),
    ],
)
def test_bad_input_names_path_and_value(keys, expected):
    assert any(expected in p for p in problems(**keys)), problems(**keys)


def test_every_problem_is_reported_at_once():
    found = problems(repositories=[{"name": "Bad"}, {"name": "ok1", "scanOnPsh": True}, {"name": "ok2"}])
    assert len(found) == 2 and found[0].startswith("ecr-access:repositories[0].name") and found[1].startswith("ecr-access:repositories[1]")


@pytest.mark.parametrize(
    "values, expected",
    [
        ({"ecr-access:accountId": "123456789012"}, "aws:region: is required"),
        ({"aws:region": "us-east-9", "ecr-access:accountId": "123456789012"}, 'aws:region: is not an AWS region'),
        ({"aws:region": "us-east-1"}, "ecr-access:accountId: is required"),
        ({"aws:region": "us-east-1", "ecr-access:accountId": "12345"}, 'ecr-access:accountId: must be a 12-digit AWS account ID'),
    ],
)
def test_registry_identity_is_required_and_checked(values, expected):
    with pytest.raises(ConfigError, match="invalid stack config") as exc:
        load_stack_config(values, project="ecr-access", stack="dev")
    assert expected in str(exc.value)


def test_china_regions_get_their_partition():
    cfg = load_stack_config({"aws:region": "cn-north-1", "ecr-access:accountId": "123456789012"}, project="p", stack="dev")
    assert cfg.registry.partition == "aws-cn"
    assert cfg.registry.repository_url("a1") == "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/a1"
