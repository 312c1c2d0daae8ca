"""An ARN pattern pins a wildcard principal to one account only when partition, service, region and account are literal.

In StringLike/ArnLike `*` also matches `:`, and IAM paths may contain `:`: a role of another account whose path
spells `:iam::<our account>:` matches a pattern with a wildcard before the account.
"""

from __future__ import annotations

import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import load_stack_config
from ecr_access.iam.evaluate import wildcard_match
from ecr_access.iam.guardrails import callers
from ecr_access.stack.config_source import decode_config
from tests.helpers.stacks import base_config

ACCOUNT = "123456789012"
# A role of account 999999999999 whose path (`/p:iam::123456789012:/`) is allowed by IAM.
CRAFTED = f"arn:aws:iam::999999999999:role/p:iam::{ACCOUNT}:/evil"
OVER_GRANTING = [
    f"arn:*:iam::{ACCOUNT}:*",
    f"arn:aws:iam:*:{ACCOUNT}:*",
    f"arn:aws:*::{ACCOUNT}:role/*",
    f"arn:aws:iam::{ACCOUNT}:*",  # a wildcard in the resource type is before its delimiter
    f"arn:aws:iam::{ACCOUNT}*",
    "arn:aws:iam::12345678901?:role/ci",
    "arn:aws:iam::１２３４５６７８９０１２:role/ci-*",  # fullwidth digits: not an account ID
]
PINNING = [
    f"arn:aws:iam::{ACCOUNT}:role/ci-*",
    f"arn:aws:iam::{ACCOUNT}:role/ci/*",
    f"arn:aws-us-gov:iam::{ACCOUNT}:user/?ob",
    f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:*",
    f"arn:aws:iam::{ACCOUNT}:role/exact",
]
# Literal ARNs without an account: a name anyone may hold next (an S3 bucket re-created after deletion).
NO_ACCOUNT = ["arn:aws:s3:::my-bucket", "arn:aws:iam:::role/x"]
# Whitespace or a control character: no caller's ARN holds one.
BLANK = [f"arn:aws:iam::{ACCOUNT}:role/x\n", f"arn:aws:iam::{ACCOUNT}:role/ci-* ", f"arn:aws:iam::{ACCOUNT}:role/a\tb",
         f"arn:aws:iam::{ACCOUNT}:role/x\x00"]


@pytest.mark.parametrize("pattern", OVER_GRANTING[:2])
def test_a_wildcard_before_the_account_matches_a_role_of_another_account(pattern):
    assert wildcard_match(pattern, CRAFTED)
    assert not wildcard_match(f"arn:aws:iam::{ACCOUNT}:role/ci-*", CRAFTED)


@pytest.mark.parametrize("pattern", OVER_GRANTING)
def test_patterns_that_do_not_keep_the_account_literal_do_not_pin(pattern):
    assert callers.pin_problem("aws:PrincipalArn", pattern) == (
        "does not pin the callers' account: an ARN pattern keeps partition, service, region and account literal, with "
        "wildcards only after the resource type (e.g. arn:aws:iam::123456789012:role/ci-*)")
    assert not callers.restricts_callers({"ArnLike": {"aws:SourceArn": pattern}})


@pytest.mark.parametrize("pattern", PINNING)
def test_patterns_literal_up_to_the_resource_type_pin(pattern):
    assert callers.pins("aws:PrincipalArn", pattern)
    assert callers.restricts_callers({"StringLike": {"aws:principalarn": [pattern]}})
    # No role of another account matches, however its path spells the pattern.
    spelled = pattern.split(":", 2)[-1].replace("*", "x").replace("?", "b")
    assert not wildcard_match(pattern, f"arn:aws:iam::999999999999:role/p:{spelled}")


@pytest.mark.parametrize("arn", NO_ACCOUNT)
def test_an_arn_without_an_account_pins_only_beside_the_source_account(arn):
    assert "names no account, so it does not pin the callers on its own" in callers.pin_problem("aws:SourceArn", arn)
    assert not callers.restricts_callers({"ArnLike": {"aws:SourceArn": arn}})
    assert callers.restricts_callers({"ArnLike": {"aws:SourceArn": arn}, "StringEquals": {"aws:SourceAccount": ACCOUNT}})


@pytest.mark.parametrize("value", BLANK)
def test_a_value_with_whitespace_or_a_control_character_does_not_pin(value):
    assert "whitespace or a control character" in callers.pin_problem("aws:PrincipalArn", value)
    assert not callers.restricts_callers({"StringEquals": {"aws:PrincipalArn": value}})
    assert not callers.pins("aws:PrincipalAccount", ACCOUNT + "\n")


@pytest.mark.parametrize("pattern", OVER_GRANTING[:2])
def test_the_program_refuses_anyone_pinned_by_such_a_pattern_at_the_condition(pattern):
    grants = [{"anyone": True, "levels": ["pull"], "condition": {"StringLike": {"aws:PrincipalArn": [PINNING[0], pattern]}}}]
    config = base_config(repositories=[{"name": "aa", "repositoryPolicy": {"grants": grants}}])
    with pytest.raises(ConfigError) as err:
        load_stack_config(decode_config(config), project="ecr-access", stack="dev")
    [problem] = err.value.problems
    assert problem.path == "ecr-access:repositories[0].repositoryPolicy.grants[0].condition.StringLike.aws:PrincipalArn[1]"
    assert problem.value == pattern
