"""Policy documents render deterministic, exact JSON."""

import json

import pytest

from ecr_access.iam.document import Condition, PolicyDocument, Statement
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.principals import Principals
from ecr_access.stack.compile import compile_stack
from tests.helpers.access import load
from tests.helpers.stacks import fixture_config

ARN = "arn:aws:ecr:us-east-1:123456789012:repository/my-repo"


def test_statement_renders_keys_in_aws_order_with_sorted_actions():
    st = Statement(
        sid="PushMyRepo",
        actions=("ecr:PutImage", "ecr:BatchGetImage", "ecr:PutImage"),
        resources=(ARN,),
        conditions=(Condition("Bool", "aws:MultiFactorAuthPresent", ("true",)),),
    )
    assert json.dumps(st.render()) == json.dumps(
        {
            "Sid": "PushMyRepo",
            "Effect": "Allow",
            "Action": ["ecr:BatchGetImage", "ecr:PutImage"],
            "Resource": ARN,
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        }
    )


def test_document_json_is_byte_identical_for_equal_input_in_any_order():
    a = PolicyDocument((Statement(sid="A", actions=("ecr:ListImages", "ecr:DescribeImages"), resources=(ARN, "arn:x")),))
    b = PolicyDocument((Statement(sid="A", actions=("ecr:DescribeImages", "ecr:ListImages"), resources=("arn:x", ARN)),))
    assert a.to_json() == b.to_json()
    assert a.to_json().startswith('{"Version":"2012-10-17","Statement":[')


def test_principals_render_sorted_and_single_values_as_strings():
    p = Principals.of_aws("arn:aws:iam::210987654321:root", "123456789012").merged(Principals.of_service("lambda.amazonaws.com"))
    assert p.render() == {
        "AWS": ["123456789012", "arn:aws:iam::210987654321:root"],
        "Service": "lambda.amazonaws.com",
    }
    assert Principals.everyone().render() == "*"
    assert Principals.of_aws("*").is_wildcard and Principals.everyone().is_wildcard


def test_conditions_group_by_operator_and_sort():
    st = Statement(
        actions=("ecr:BatchGetImage",),
        principal=Principals.everyone(),
        conditions=(
            Condition("StringEquals", "aws:PrincipalOrgID", ("o-abc1234567",)),
            Condition("ArnLike", "aws:SourceArn", ("arn:b", "arn:a")),
        ),
    )
    assert st.render()["Condition"] == {
        "ArnLike": {"aws:SourceArn": ["arn:a", "arn:b"]},
        "StringEquals": {"aws:PrincipalOrgID": "o-abc1234567"},
    }


def test_every_document_of_the_fixture_stack_reads_back_into_the_same_document():
    documents = compile_stack(load(fixture_config("dev"))).documents()
    policies = [d for d in documents if '"Statement"' in d.json]
    assert len(policies) >= 10
    for rendered in policies:
        assert PolicyDocument.from_json(rendered.json).to_json() == json.dumps(
            json.loads(rendered.json), separators=(",", ":"), ensure_ascii=False), rendered.name


@pytest.mark.parametrize("text, why", [
    ("[]", "a policy document is a JSON object"),
    ('{"Statement": ["x"]}', "a statement or a list of statements"),
    ('{"Statement": [{"Effect": "Maybe", "Action": "ecr:ListImages"}]}', "Effect is Allow or Deny"),
    ('{"Statement": [{"Effect": "Allow", "Actions": "ecr:ListImages"}]}', "has no key Actions"),
    ('{"Statement": [{"Effect": "Allow", "Principal": {"Aws": "1"}, "Action": "ecr:ListImages"}]}', "has no key Aws"),
])
def test_a_malformed_document_is_refused_with_what_is_wrong(text, why):
    with pytest.raises(PolicyError, match=why):
        PolicyDocument.from_json(text)
