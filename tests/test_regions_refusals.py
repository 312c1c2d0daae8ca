"""Bad region input is refused before anything is registered, with the key and the value the user wrote: unknown regions,
regions of another partition, secrets and KMS keys of another region, and references across regions that cannot hold."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.registry import compiled, refused
from tests.helpers.stacks import base_config

ACCOUNT = "123456789012"
WEST = "us-west-2"
EAST_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/abc"
EAST_SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:ecr-pullthroughcache/hub-AbCdEf"
PARTITION = "but aws:region us-east-1 puts this stack in partition aws; a stack's regions are all in one partition"

CASES: list[tuple[str, dict[str, Any], str]] = [
    ("repository-region-unknown", {"repositories": [{"name": "aa", "region": "us-weast-2"}]},
     'ecr-access:repositories[0].region: is not an AWS region botocore knows for ECR (got "us-weast-2")'),
    ("repository-region-other-partition", {"repositories": [{"name": "aa", "region": "cn-north-1"}]},
     f'ecr-access:repositories[0].region: is in partition aws-cn, {PARTITION} (got "cn-north-1")'),
    # botocore's partition data, not the region's name, decides: eusc-de-east-1 is aws-eusc.
    ("repository-region-sovereign-partition", {"repositories": [{"name": "aa", "region": "eusc-de-east-1"}]},
     f'ecr-access:repositories[0].region: is in partition aws-eusc, {PARTITION} (got "eusc-de-east-1")'),
    ("cache-region-other-partition", {"pullThroughCache": [{"upstream": "ecr-public", "prefix": "pub", "region": "us-gov-west-1"}]},
     f'ecr-access:pullThroughCache[0].region: is in partition aws-us-gov, {PARTITION} (got "us-gov-west-1")'),
    ("replication-region-other-partition", {"replication": [{"region": "cn-north-1", "destinations": [{"region": WEST}]}]},
     f'ecr-access:replication[0].region: is in partition aws-cn, {PARTITION} (got "cn-north-1")'),
    ("cache-secret-of-the-stacks-region",
     {"pullThroughCache": [{"upstream": "docker-hub", "prefix": "hub", "region": WEST, "credentialArn": EAST_SECRET}]},
     "ecr-access:pullThroughCache[0].credentialArn: must be a secret in the registry's own account 123456789012 and region "
     f'us-west-2 (upstream docker-hub) (got "{EAST_SECRET}")'),
    ("repository-kms-key-of-the-stacks-region",
     {"repositories": [{"name": "aa", "region": WEST, "encryption": "KMS", "kmsKey": EAST_KEY}]},
     f'ecr-access:repositories[0].kmsKey: is in us-east-1, but a repository in us-west-2 needs a key in its own region (got "{EAST_KEY}")'),
    ("repository-kms-key-inherited-from-the-defaults",
     {"repositoryDefaults": {"encryption": "KMS", "kmsKey": EAST_KEY}, "repositories": [{"name": "aa"}, {"name": "bb", "region": WEST}]},
     "ecr-access:repositories[1].kmsKey: is inherited from ecr-access:repositoryDefaults, a key in us-east-1, but this entry "
     f'is in us-west-2: give it a kmsKey of us-west-2 (got "{EAST_KEY}")'),
    ("repository-naming-a-key-the-stack-creates",
     {"kmsKeys": [{"name": "ecr-key"}], "repositories": [{"name": "aa", "region": WEST, "encryption": "KMS", "kmsKey": "ecr-key"}]},
     "ecr-access:repositories[0].kmsKey: names key ecr-key of ecr-access:kmsKeys, which the stack creates in aws:region "
     'us-east-1; a repository in us-west-2 needs a key ARN of its own region (got "ecr-key")'),
    ("cache-template-kms-key-of-the-stacks-region",
     {"pullThroughCache": [{"upstream": "ecr-public", "prefix": "pub", "region": WEST, "template": {
         "encryption": "KMS", "kmsKey": EAST_KEY, "customRoleArn": f"arn:aws:iam::{ACCOUNT}:role/t"}}]},
     "ecr-access:pullThroughCache[0].template.kmsKey: is in us-east-1, but a repository in us-west-2 needs a key in its own "
     f'region (got "{EAST_KEY}")'),
    ("cache-prefix-twice-in-one-region",
     {"pullThroughCache": [{"upstream": "ecr-public", "prefix": "pub", "region": WEST}, {"upstream": "quay", "prefix": "pub", "region": WEST}]},
     'ecr-access:pullThroughCache[1].prefix: is used by another cache (first at ecr-access:pullThroughCache[0]) (got "pub")'),
    ("repository-of-another-region-under-a-team-namespace",
     {"repositories": [{"name": "team-a/x", "region": WEST}], "namespaces": [{"name": "team-a"}]},
     "ecr-access:repositories[0].region: would place team-a/x in us-west-2, but it lies under team namespace team-a "
     "(ecr-access:namespaces[0]), whose template and grants are in aws:region us-east-1 only; leave region out, or name "
     'the repository outside team-a/ (got "us-west-2")'),
    ("notification-rule-on-a-repository-of-another-region",
     {"repositories": [{"name": "aa", "region": WEST}, {"name": "bb"}],
      "notifications": [{"topic": "t", "rules": [{"name": "r", "repositories": ["bb", "aa"], "pushes": True}]}]},
     "ecr-access:notifications[0].rules[0].repositories[1]: lies in region us-west-2, but notification rules are in "
     "aws:region (us-east-1) and EventBridge rules see only their own region's events; leave it out of the rule "
     '(got "aa")'),
    ("cache-named-like-another-regions-cache",
     {"pullThroughCache": [{"upstream": "ecr-public", "prefix": "us-west-2-pub"}, {"upstream": "quay", "prefix": "pub", "region": WEST}]},
     "ecr-access:pullThroughCache[0].prefix: would give its resources the names of cache pub of us-west-2 "
     '(ecr-access:pullThroughCache[1]): registry-us-west-2-pub; give one of them another prefix (got "us-west-2-pub")'),
    ("replication-to-its-own-region", {"replication": [{"region": WEST, "destinations": [{"region": WEST}]}]},
     "ecr-access:replication[0].destinations[0]: is this registry itself (123456789012 in us-west-2); replicate to another "
     'region or account (got {"region": "us-west-2"})'),
    ("scanning-twice-in-the-stacks-region", {"scanning": [{"scanType": "BASIC"}, {"scanType": "ENHANCED", "region": "us-east-1"}]},
     "ecr-access:scanning[1]: is a second scanning configuration of us-east-1 (first at ecr-access:scanning[0]); ECR keeps "
     'one per region (got "us-east-1")'),
    ("scanning-twice-in-another-region", {"scanning": [{"scanType": "BASIC", "region": WEST}, {"scanType": "ENHANCED", "region": WEST}]},
     "ecr-access:scanning[1]: is a second scanning configuration of us-west-2 (first at ecr-access:scanning[0]); ECR keeps "
     'one per region (got "us-west-2")'),
]


@pytest.mark.parametrize("config, message", [(c, m) for _, c, m in CASES], ids=[name for name, _, _ in CASES])
def test_bad_region_input_is_refused_with_the_key_and_the_value(config, message):
    assert refused(base_config(**config)) == [message]


def test_a_replication_rule_of_another_region_may_replicate_to_the_stacks_region():
    found = compiled(base_config(replication=[{"region": WEST, "destinations": [{"region": "us-east-1"}]}]))
    assert found.registry_settings.regional_replication_rules == (
        (WEST, ({"destinations": [{"region": "us-east-1", "registryId": ACCOUNT}]},)),)
