"""Replication: rules as registered, the cross-account destination statement, replication sources, bad input."""

from __future__ import annotations

import json

from ecr_access.stack.compile import REGISTRY_OWNER
from tests.helpers.registry import compiled, deployed, refused
from tests.helpers.stacks import base_config, by_type

OTHER = "210987654321"
REPOS = [{"name": "my-repo"}, {"name": "team-a/api"}]
SAME_ACCOUNT = [{"destinations": [{"region": "us-west-2"}], "filters": ["team-a/"]}]
CROSS_ACCOUNT = [{"destinations": [{"region": "eu-west-1", "account": OTHER}, {"region": "us-west-2"}]}]
DEST_STATEMENT = {
    "Sid": "ReplicationFrom123456789012",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
    "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
    "Resource": f"arn:aws:ecr:eu-west-1:{OTHER}:repository/*",
}


def test_same_account_replication_is_one_configuration_with_prefix_filters():
    result = deployed(base_config(repositories=REPOS, replication=SAME_ACCOUNT))
    (component,) = by_type(result, "ecr-access:ecr:RegistrySettings")
    (config,) = by_type(result, "aws:ecr/replicationConfiguration:ReplicationConfiguration")
    assert config.parent_urn == component.urn
    assert config.inputs == {"replicationConfiguration": {"rules": [{
        "destinations": [{"region": "us-west-2", "registryId": "123456789012"}],
        "repositoryFilters": [{"filter": "team-a/", "filterType": "PREFIX_MATCH"}],
    }]}}
    # Within the account nothing else is needed: no registry policy, no destination statement to print.
    assert by_type(result, "aws:ecr/registryPolicy:RegistryPolicy") == []
    assert "replicationDestinationPolicies" not in result.outputs
    assert result.outputs["replicationRules"] == config.inputs["replicationConfiguration"]["rules"]


def test_cross_account_destination_gets_the_statement_it_must_hold_as_an_output():
    result = deployed(base_config(repositories=REPOS, replication=CROSS_ACCOUNT))
    (config,) = by_type(result, "aws:ecr/replicationConfiguration:ReplicationConfiguration")
    assert config.inputs["replicationConfiguration"]["rules"] == [{"destinations": [
        {"region": "eu-west-1", "registryId": OTHER}, {"region": "us-west-2", "registryId": "123456789012"},
    ]}]
    assert result.outputs["replicationDestinationPolicies"] == {
        f"{OTHER}/eu-west-1": {"Version": "2012-10-17", "Statement": [DEST_STATEMENT]}
    }
    # The source registry's own policy is untouched: the statement belongs in the destination.
    assert by_type(result, "aws:ecr/registryPolicy:RegistryPolicy") == []


def test_replication_sources_contribute_to_the_one_registry_policy_and_the_scope_setting_is_registered():
    # The destination side, when the destination registry is a stack of this project.
    config = base_config(replicationSources=[{"account": OTHER}], registryPolicyScope="V2")
    result = deployed(config)
    (policy,) = by_type(result, "aws:ecr/registryPolicy:RegistryPolicy")
    assert json.loads(policy.inputs["policy"]) == {"Version": "2012-10-17", "Statement": [{
        "Sid": f"ReplicationFrom{OTHER}",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
        "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
        "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/*",
    }]}
    (setting,) = by_type(result, "aws:ecr/accountSetting:AccountSetting")
    assert setting.inputs == {"name": "REGISTRY_POLICY_SCOPE", "value": "V2"}


def test_replication_sources_merge_with_pull_through_statements():
    caches = [{"upstream": "k8s", "prefix": "k8s", "principals": ["arn:aws:iam::123456789012:role/ci"]}]
    stack = compiled(base_config(replicationSources=[{"account": OTHER}], pullThroughCache=caches))
    sids = [s["Sid"] for s in stack.registry_policy.parsed()["Statement"]]
    assert sids == ["PullThroughCacheK8s", f"ReplicationFrom{OTHER}"]
    assert stack.principals_named_by(REGISTRY_OWNER) == ()  # role/ci is not declared in this stack


def test_filters_that_match_no_declared_repository_are_a_warning_not_an_error():
    rules = [{"destinations": [{"region": "us-west-2"}], "filters": ["team-a/", "legacy/"]}]
    stack = compiled(base_config(repositories=REPOS, replication=rules))
    assert stack.warnings == (
        "ecr-access:replication[0].filters[1]: 'legacy/' matches no repository declared in ecr-access:repositories or "
        "ecr-access:namespaces; nothing is replicated until such a repository exists",
    )
    # A namespace counts: repositories created under it later will match.
    ns = [{"name": "legacy", "tagMutability": "MUTABLE"}]
    assert compiled(base_config(repositories=REPOS, replication=rules, namespaces=ns)).warnings == ()


def test_bad_replication_input_is_refused_before_anything_is_registered():
    def problems(rules, **extra):
        return refused(base_config(repositories=REPOS, replication=rules, **extra))

    assert problems([{"destinations": [{"region": "us-nowhere-1"}]}]) == [
        'ecr-access:replication[0].destinations[0].region: is not an AWS region botocore knows for ECR (got "us-nowhere-1")'
    ]
    assert problems([{"destinations": [{"region": "us-east-1", "account": "123456789012"}]}]) == [
        "ecr-access:replication[0].destinations[0]: is this registry itself (123456789012 in us-east-1); replicate to another "
        'region or account (got {"account": "123456789012", "region": "us-east-1"})'
    ]
    assert problems([{"destinations": [{"region": "cn-north-1"}]}]) == [
        "ecr-access:replication[0].destinations[0].region: is in partition aws-cn; ECR replicates only within aws "
        '(got "cn-north-1")'
    ]
    (too_many_rules,) = problems([{"destinations": [{"region": "us-west-2"}]}] * 26)
    assert too_many_rules.startswith("ecr-access:replication: has 26 items; at most 25 are allowed")
    (too_many_dests,) = problems([{"destinations": [{"region": "us-west-2", "account": f"{i:012d}"} for i in range(1, 102)]}])
    assert too_many_dests.startswith("ecr-access:replication[0].destinations: has 101 items; at most 100 are allowed")
    (too_many_filters,) = problems([{"destinations": [{"region": "us-west-2"}], "filters": [f"f{i}" for i in range(101)]}])
    assert too_many_filters.startswith("ecr-access:replication[0].filters: has 101 items; at most 100 are allowed")
    (bad_filter,) = problems([{"destinations": [{"region": "us-west-2"}], "filters": ["Team-A"]}])
    assert bad_filter.startswith("ecr-access:replication[0].filters[0]: is not a repository name prefix ECR accepts")
    assert refused(base_config(replicationSources=[{"account": "123456789012"}])) == [
        "ecr-access:replicationSources[0].account: is this registry's own account; replication within an account needs "
        'no registry policy (got "123456789012")'
    ]
