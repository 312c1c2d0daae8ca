"""Bad config is reported all at once, each problem once, in the user's words; what the fixes to it add works."""

from __future__ import annotations

import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import load_stack_config
from ecr_access.plan.__main__ import main
from ecr_access.plan.render import to_json_object
from ecr_access.report.access import compute
from ecr_access.stack.config_source import decode_config
from tests.helpers.access import config_error
from tests.helpers.bad_input import run_program
from tests.helpers.registry import problems_of
from tests.helpers.stacks import base_config, by_type

ACCOUNT = "123456789012"
PULL_AA = [{"levels": ["pull"], "repository": "aa"}]


def problems(**ecr_access) -> list[str]:
    return problems_of(base_config(**ecr_access))


def test_several_problems_in_several_entries_are_all_reported_at_once_each_once():
    found = problems(
        repositoryDefaults={"lifecycle": {"keepTagged": [{"count": 1, "prefixes": []}]}},
        repositories=[
            {"name": "aa", "tagMutability": "SOMETIMES", "encryption": "DES", "scanOnPsh": True},
            {"name": "bb", "repositoryPolicy": {"grants": [{"anyone": True, "levels": ["pull"]}],
                                                "deny": [{"actions": ["iam:*"], "except": ["not-an-arn"]}]}},
            {"name": "cc"},
        ],
        users=[{"name": "u1", "console": "yes", "grants": [{"levels": ["owner"], "repository": "aa"},
                                                           {"actions": ["ecr:*"], "repository": "bb"}]}],
        roles=[{"name": "r1", "maxSessionDuration": 100, "trust": {"principals": ["*"]}, "grants": PULL_AA}],
        groups=[{"name": "g1", "path": "no-slash", "grants": [{"levels": ["pull"], "namespace": "*"}]}],
    )
    assert sorted(found) == sorted([
        'ecr-access:repositoryDefaults.lifecycle.keepTagged[0]: a keep-tagged rule needs either tag prefixes or tag '
        'patterns (not both, not neither) (got {"count": 1, "prefixes": []})',
        "ecr-access:repositories[0].scanOnPsh: unknown key; did you mean 'scanOnPush'?",
        'ecr-access:repositories[0].tagMutability: must be IMMUTABLE or MUTABLE (add tagMutabilityExclusions for '
        'exceptions) (got "SOMETIMES")',
        'ecr-access:repositories[0].encryption: must be one of AES256, KMS, KMS_DSSE (got "DES")',
        found_at(found, "ecr-access:repositories[1].repositoryPolicy.grants[0].anyone: admits every AWS principal"),
        'ecr-access:repositories[1].repositoryPolicy.deny[0].actions[0]: is not an ECR action (ecr:...): a repository '
        'policy can deny only ECR actions (got "iam:*")',
        found_at(found, "ecr-access:repositories[1].repositoryPolicy.deny[0].except[0]: must be an IAM role or user ARN"),
        'ecr-access:users[0].grants[0].levels[0]: unknown access level \'owner\' (valid: pull, push, read, create, '
        'admin) (got "owner")',
        found_at(found, 'ecr-access:users[0].grants[1].actions[0]: is a pattern that matches actions which change'),
        'ecr-access:users[0].console: must be true or false, not a string (got "yes")',
        'ecr-access:roles[0].maxSessionDuration: must be between 3600 and 43200 (got 100)',
        found_at(found, "ecr-access:roles[0].trust.principals[0]: must be a 12-digit account ID or an IAM role/user ARN"),
        found_at(found, "ecr-access:groups[0].path: is not an IAM path"),
        found_at(found, "ecr-access:groups[0].grants[0].namespace: may not hold * or ?"),
    ])
    # The repositories with problems are still declared: the grants naming them are not also "not declared".
    assert not [p for p in found if "not declared" in p]


def found_at(found: list[str], start: str) -> str:
    """The one problem that starts with `start` (its wording beyond that is checked elsewhere)."""
    (line,) = [p for p in found if p.startswith(start)]
    return line


def test_a_bad_entry_still_declares_its_name_for_the_grants_and_groups_naming_it():
    found = problems(
        repositories=[{"name": "aa", "forceDelete": "sure"}],
        groups=[{"name": "g1", "console": "no way", "grants": PULL_AA}],
        users=[{"name": "u1", "groups": ["g1"], "grants": PULL_AA}],
    )
    assert [p.split(":", 2)[1] for p in found] == ["repositories[0].forceDelete", "groups[0].console"]


def test_a_problem_in_the_defaults_is_reported_once_at_the_defaults():
    found = problems(
        repositoryDefaults={"lifecycle": {"keepTagged": [{"count": 1, "prefixes": []}]}, "encryption": "DES"},
        repositories=[{"name": "aa"}, {"name": "bb"}, {"name": "cc"}],
    )
    assert [p.split(" ")[0] for p in found] == [
        "ecr-access:repositoryDefaults.encryption:", "ecr-access:repositoryDefaults.lifecycle.keepTagged[0]:",
    ]


def test_a_wildcard_principal_is_reported_in_config_words_never_by_a_generated_sid():
    (line,) = problems(repositories=[{"name": "aa", "repositoryPolicy": {"grants": [
        {"anyone": True, "levels": ["pull"], "condition": {"StringLikeIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}}},
    ]}}])
    assert line == (
        "ecr-access:repositories[0].repositoryPolicy.grants[0].condition: does not restrict anyone: true to known callers: "
        "StringLikeIfExists aws:SourceVpce is true when the key is absent (...IfExists), so callers without it get in "
        '(got {"StringLikeIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}})'
    )
    assert "Allow" not in line and "Conditional" not in line


def test_admin_level_administers_the_repository_and_shows_as_admin_in_the_access_report():
    config = base_config(repositories=[{"name": "aa"}], users=[{"name": "u1", "grants": [{"levels": ["admin"], "repository": "aa"}]}])
    errors, result = run_program(config, "dev")
    assert errors == []
    (doc,) = [r.inputs["policy"] for r in by_type(result, "aws:iam/policy:Policy")]
    for action in ("ecr:DeleteRepository", "ecr:SetRepositoryPolicy", "ecr:PutLifecyclePolicy", "ecr:PutImage"):
        assert action in doc
    assert "ecr:CreateRepository" not in doc
    cell = compute(to_json_object(result)).rows(f"arn:aws:iam::{ACCOUNT}:user/u1")["aa"]
    assert "admin" in cell.levels and cell.actions == ()


@pytest.mark.parametrize("scanning, expected", [
    ({"scanType": "BASIC"}, None),
    (None, {"scanOnPush": True}),
])
def test_registry_scanning_replaces_the_repositories_own_scanning_configuration(scanning, expected):
    extra = {"scanning": scanning} if scanning else {}
    _, result = run_program(base_config(repositories=[{"name": "aa"}], **extra), "dev")
    (repo,) = by_type(result, "aws:ecr/repository:Repository")
    assert repo.inputs.get("imageScanningConfiguration") == expected


@pytest.mark.parametrize("text", ["", "[", "{not json"])
def test_empty_or_malformed_structured_values_are_config_errors(text):
    if text == "":
        assert decode_config({"ecr-access:registryPolicyScope": ""}) == {"ecr-access:registryPolicyScope": ""}
        assert "ecr-access:registryPolicyScope: is empty" in config_error(registryPolicyScope="")
    else:
        with pytest.raises(ConfigError, match="ecr-access:repositories: is not a valid structured value"):
            decode_config({"ecr-access:repositories": text})


# Problems in some entries and problems across entries, in one stack file: one run reports them all.
COMBINED = """config:
  aws:region: us-east-1
  ecr-access:accountId: "123456789012"
  ecr-access:repositories:
    - name: aa
      repositoryPolicy:
        grants:
          - accounts: [012345670123]
            levels: [pull]
  ecr-access:groups:
    - name: readers
      consol: true
      grants: [{levels: [pull], repository: aa}]
  ecr-access:users:
    - name: u1
      grants: [{levels: [pusj], repository: aa}]
  ecr-access:pullThroughCache:
    - {upstream: quay, prefix: team-a}
    - {upstream: quay, prefix: cache}
    - {upstream: k8s, prefix: cache/sub}
    - {upstream: ecr, prefix: other-ecr, upstreamAccount: "210987654321", upstreamRegion: cn-north-1,
       customRoleArn: "arn:aws:iam::123456789012:role/upstream", template: {tags: {team: x}}}
  ecr-access:namespaces:
    - name: team-a
    - name: ROOT
"""


def test_problems_of_entries_and_across_entries_are_reported_in_one_run(tmp_path, capsys):
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(COMBINED)
    assert main(["dev", "--stack-file", str(path)]) == 1
    paths = [line.strip().split(": ")[0] for line in capsys.readouterr().err.splitlines()[1:]]
    assert sorted(paths) == sorted([
        "ecr-access:repositories[0].repositoryPolicy.grants[0].accounts[0]",  # YAML read a number
        "ecr-access:groups[0].consol",
        "ecr-access:users[0].grants[0].levels[0]",
        "ecr-access:pullThroughCache[3].upstreamRegion",  # an entry with two problems: both
        "ecr-access:pullThroughCache[3].template.customRoleArn",
        "ecr-access:namespaces[1].name",  # ROOT
        "ecr-access:pullThroughCache[0].prefix",  # the same as namespace team-a, though other entries are bad
        "ecr-access:pullThroughCache[2].prefix",  # nested under cache
    ])


def test_what_a_non_dev_stack_refuses_is_reported_with_an_entrys_other_problems():
    # An entry the schema cannot read whole (a bad encryption) is still judged on what it states for the stack.
    repositories = [{"name": "aa", "encryption": "kms", "forceDelete": True, "tagMutability": "MUTABLE"},
                    {"name": "bb", "scanOnPush": False}]
    with pytest.raises(ConfigError) as err:
        load_stack_config(decode_config(base_config(repositories=repositories)), project="ecr-access", stack="prod")
    assert sorted(p.path for p in err.value.problems) == [
        "ecr-access:repositories[0].encryption", "ecr-access:repositories[0].forceDelete",
        "ecr-access:repositories[0].tagMutability", "ecr-access:repositories[1].scanOnPush"]


def test_a_principal_with_a_problem_of_its_own_named_by_a_namespace_grant_is_not_also_undeclared():
    found = problems(users=[{"name": "u1", "console": "yes"}],
                     namespaces=[{"name": "team-a", "grants": [{"users": ["u1"], "levels": ["pull"]}]}])
    assert [p for p in found if "u1" in p or "users[0]" in p] == [
        'ecr-access:users[0].console: must be true or false, not a string (got "yes")']


def test_a_missing_account_id_does_not_judge_the_stacks_arns_against_another_partition():
    config = {"aws:region": "cn-north-1", "ecr-access:repositories": [
        {"name": "aa", "encryption": "KMS", "kmsKey": "arn:aws-cn:kms:cn-north-1:123456789012:key/abcd"}]}
    with pytest.raises(ConfigError) as err:
        load_stack_config(config, project="ecr-access", stack="dev")
    assert [str(p) for p in err.value.problems] == [
        "ecr-access:accountId: is required: the 12-digit account the stack deploys to (used to build ARNs offline)"]
