"""Moto accepts the rendered replication configuration, the registry scanning configuration, and the statement a
cross-account replication destination holds (moto's registry policy allows exactly ecr:CreateRepository and
ecr:ReplicateImage). Moto has no account-setting or repository-creation-template API: those are checked under mocks
only (tests/test_scanning_settings.py, tests/test_namespaces.py).
"""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from tests.helpers.registry import compiled, deployed
from tests.helpers.stacks import REGISTRY, base_config, by_type
from tests.test_replication import CROSS_ACCOUNT, OTHER, REPOS, SAME_ACCOUNT
from tests.test_scanning_settings import ENHANCED


@pytest.mark.parametrize("config", [SAME_ACCOUNT, CROSS_ACCOUNT], ids=["same-account", "cross-account"])
@mock_aws
def test_moto_accepts_the_replication_configuration(config):
    # Moto 5.2.5 takes one rule per configuration ("This feature is disabled" beyond); AWS takes 25.
    stack = compiled(base_config(repositories=REPOS, replication=config))
    rules = list(stack.registry_settings.replication_rules)
    client = boto3.client("ecr", region_name=REGISTRY.region)
    answer = client.put_replication_configuration(replicationConfiguration={"rules": rules})
    assert answer["replicationConfiguration"]["rules"] == rules
    assert client.describe_registry()["replicationConfiguration"]["rules"] == rules


@mock_aws
def test_moto_refuses_the_destination_the_model_refuses():
    client = boto3.client("ecr", region_name=REGISTRY.region)
    own = {"rules": [{"destinations": [{"region": REGISTRY.region, "registryId": REGISTRY.account}]}]}
    with pytest.raises(client.exceptions.InvalidParameterException, match="cannot be the same as the source registry"):
        client.put_replication_configuration(replicationConfiguration=own)


@mock_aws
def test_moto_accepts_the_registry_scanning_configuration_as_registered():
    result = deployed(base_config(scanning=ENHANCED))
    (scanning,) = by_type(result, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")
    client = boto3.client("ecr", region_name=REGISTRY.region)
    client.put_registry_scanning_configuration(scanType=scanning.inputs["scanType"], rules=scanning.inputs["rules"])
    got = client.get_registry_scanning_configuration()["scanningConfiguration"]
    assert got["scanType"] == "ENHANCED"
    assert got["rules"] == scanning.inputs["rules"]


@mock_aws
def test_moto_accepts_the_destination_statement_in_the_destination_registry():
    result = deployed(base_config(repositories=REPOS, replication=CROSS_ACCOUNT))
    document = json.dumps(result.outputs["replicationDestinationPolicies"][f"{OTHER}/eu-west-1"])
    client = boto3.client("ecr", region_name="eu-west-1")
    client.put_registry_policy(policyText=document)
    assert json.loads(client.get_registry_policy()["policyText"]) == json.loads(document)
