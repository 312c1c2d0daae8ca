"""Tags as AWS takes them (letters of any script, AWS's punctuation only) and an access key's PGP public key."""

from __future__ import annotations

import base64

from tests.helpers.registry import deployed, refused
from tests.helpers.stacks import base_config, by_type

# `gpg --export ci@example.com | base64` of an ed25519 key made for this test (public key, user ID, self-signature).
PUBLIC_KEY = (
    "mDMEawWwExYJKwYBBAHaRw8BAQdA0jrchUauT/ysqufKiJsX1AaK4aXYD/MQXJ5ZtWaD5Jq0F2NpLWJvdCA8Y2lAZXhhbXBsZS5jb20+iJAEExYIADgW"
    "IQTVZ2kKsXhRNtUI473Upb8WhC8z/gUCawWwEwIbAwULCQgHAgYVCgkICwIEFgIDAQIeAQIXgAAKCRDUpb8WhC8z/jeCAQCpo8UG+hpxwP/bmFIu2Th7"
    "oDUZvhUo+Q70+BhZ1QEMRgD8DFrVZ/gT06yypk2/57jWV11DyiTL00DzDgHcBCYr9Q8="
)
PULL = [{"levels": ["pull"], "repository": "aa"}]


def test_tags_in_any_script_with_aws_punctuation_reach_the_resources():
    tags = {"équipe": "Zürich 東京", "cost-center:id": "a_b.c/d=e+f-g@h", "empty": ""}
    result = deployed(base_config(repositories=[{"name": "aa", "tags": tags}], users=[{"name": "u1", "grants": PULL, "tags": tags}]))
    (user,) = by_type(result, "aws:iam/user:User")
    (repository,) = by_type(result, "aws:ecr/repository:Repository")
    assert user.inputs["tags"] == tags
    assert repository.inputs["tags"] == tags


def test_ecr_tag_keys_are_case_sensitive_so_repositories_keep_both():
    # ECR keeps `Team` and `team` as two tags; IAM would take them for one (refused there, see the bad-input table).
    tags = {"Team": "a", "team": "b"}
    (repository,) = by_type(deployed(base_config(repositories=[{"name": "aa", "tags": tags}])), "aws:ecr/repository:Repository")
    assert repository.inputs["tags"] == tags


def test_every_bad_tag_of_an_entry_is_reported():
    tags = {"ok": "fine", "bad#key": "x", "quote": 'say "hi"', "aws:owner": "me"}
    assert refused(base_config(repositories=[{"name": "aa"}], users=[{"name": "u1", "grants": PULL, "tags": tags}])) == [
        "ecr-access:users[0].tags.bad#key: tag keys are 1-128 letters, digits, spaces and _ . : / = + - @ and may not start "
        'with aws: (got "bad#key")',
        'ecr-access:users[0].tags.quote: tag values are strings of 0-256 letters, digits, spaces and _ . : / = + - @ (got "say \\"hi\\"")',
        "ecr-access:users[0].tags.aws:owner: tag keys are 1-128 letters, digits, spaces and _ . : / = + - @ and may not start "
        'with aws: (got "aws:owner")',
    ]


def test_a_base64_pgp_public_key_is_passed_to_the_access_key():
    user = {"name": "ci", "grants": PULL, "accessKey": {"pgpKey": PUBLIC_KEY}}
    (key,) = by_type(deployed(base_config(repositories=[{"name": "aa"}], users=[user])), "aws:iam/accessKey:AccessKey")
    assert key.inputs == {"user": "ci", "pgpKey": PUBLIC_KEY}


def test_a_pgp_secret_key_is_refused_without_showing_it():
    secret = base64.b64encode(b"\x94" + base64.b64decode(PUBLIC_KEY)[1:]).decode()  # the same packet tagged "secret key"
    user = {"name": "ci", "grants": PULL, "accessKey": {"pgpKey": secret}}
    assert refused(base_config(repositories=[{"name": "aa"}], users=[user])) == [
        "ecr-access:users[0].accessKey.pgpKey: is a PGP secret key (not shown): give the public key "
        "(gpg --export <key> | base64), and treat this one as exposed"
    ]
