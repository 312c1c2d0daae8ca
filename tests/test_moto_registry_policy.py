"""Moto accepts the rendered registry policy through `put_registry_policy` and returns it unchanged.

Moto has no pull-through cache rule or repository creation template API: those are checked under mocks only
(tests/test_pull_through_component.py).
"""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws
from moto.ecr.models import ECRBackend

from ecr_access.config.stack import load_stack_config
from ecr_access.stack.compile import compile_stack
from ecr_access.stack.config_source import decode_config
from tests.helpers.stacks import REGISTRY, fixture_config


def _ecr_actions_only(self, policy_text: str) -> None:
    # Moto 5.2.5 allows only ecr:CreateRepository and ecr:ReplicateImage in a registry policy (not even V1's
    # ecr:BatchImportUpstreamImage); AWS's default V2 scope enforces every ECR action. Keep moto's policy grammar
    # check, widen its action list to ECR actions.
    import json

    for statement in json.loads(policy_text)["Statement"]:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        assert all(a.startswith("ecr:") for a in actions), actions


@pytest.fixture
def ecr(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setattr(ECRBackend, "_validate_registry_policy_action", _ecr_actions_only)
    with mock_aws():
        yield boto3.client("ecr", region_name=REGISTRY.region)


def test_moto_accepts_the_dev_stack_registry_policy(ecr):
    compiled = compile_stack(load_stack_config(decode_config(fixture_config("dev")), project="ecr-access", stack="dev"))
    policy = compiled.registry_policy
    assert policy is not None and "ecr:BatchImportUpstreamImage" in policy.json
    response = ecr.put_registry_policy(policyText=policy.json)
    assert response["registryId"] == REGISTRY.account
    assert ecr.get_registry_policy()["policyText"] == policy.json


def test_moto_rejects_a_malformed_registry_policy(ecr):
    # The oracle is not a no-op: a statement without Effect is refused.
    bad = '{"Version":"2012-10-17","Statement":[{"Action":"ecr:CreateRepository","Resource":"*","Principal":{"AWS":"*"}}]}'
    with pytest.raises(ecr.exceptions.InvalidParameterException):
        ecr.put_registry_policy(policyText=bad)
