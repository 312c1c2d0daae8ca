"""The template, namespace, cache and registry settings components refuse a bad value by the stack config's rule, in
its words: the config names its key path (`ecr-access:scanning.rules[0].frequency`), the component its argument path
(`RegistrySettingsArgs.scanning.rules[0].frequency`); the message and the value shown are the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ecr_access import (
    Destination,
    NotificationRule,
    PullThroughCache,
    Registry,
    RegistryPullThroughCachePolicy,
    RegistryPullThroughCachePolicyArgs,
    RegistrySettings,
    RegistrySettingsArgs,
    ReplicationRule,
    RepositoryKey,
    RepositoryKeyArgs,
    RepositoryNotifications,
    RepositoryNotificationsArgs,
    RepositoryTemplate,
    Scanning,
    ScanningRule,
    TeamNamespace,
    TeamNamespaceArgs,
)
from ecr_access.config.errors import ConfigError, Problem
from ecr_access.features.namespaces.templates import INHERITED
from tests.helpers.access import load
from tests.helpers.same_rule import component_refusal, config_refusal, same_words
from tests.helpers.stacks import REGISTRY, register

ACCOUNT = REGISTRY.account
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/templates"


def namespace(name: str = "team-a", **template: Any) -> Callable[[], Any]:
    """A TeamNamespace whose RepositoryTemplate takes `template` (namespace arguments: `args` in it)."""
    args = template.pop("args", {})
    return lambda: TeamNamespace("ns", TeamNamespaceArgs(name=name, template=RepositoryTemplate(**template), **args))


def caches(**cache: Any) -> Callable[[], Any]:
    """A RegistryPullThroughCachePolicy of one ecr-public cache (`cache`: its other arguments)."""
    one = PullThroughCache(**{"prefix": "pub", "upstream_url": "public.ecr.aws", **cache})
    return lambda: RegistryPullThroughCachePolicy("caches", RegistryPullThroughCachePolicyArgs(
        registry=Registry.of(REGISTRY.region, ACCOUNT), caches=[one]))


def registry_settings(**args: Any) -> Callable[[], Any]:
    return lambda: RegistrySettings("registry", RegistrySettingsArgs(**args))


def test_a_template_that_adds_tags_without_a_role_to_apply_them():
    config = config_refusal("ecr-access:namespaces[0].customRoleArn", namespaces=[{"name": "team-a", "tags": {"team": "a"}}])
    component = component_refusal("TeamNamespaceArgs.template.custom_role_arn", namespace(tags={"team": "a"}))
    # The config also says where a template's tags may come from (stack tags and defaults), which a component has not.
    assert INHERITED in config.message and config.message.replace(INHERITED, "") == component.message
    assert component.message == "is required: the template adds tags, which ECR applies only through a role of this account"


def test_a_template_kms_key_given_as_an_alias():
    alias = f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/ecr"
    config = config_refusal("ecr-access:namespaces[0].kmsKey", namespaces=[
        {"name": "team-a", "encryption": "KMS", "kmsKey": alias, "customRoleArn": ROLE_ARN}])
    component = component_refusal("TeamNamespaceArgs.template.kms_key", namespace(encryption="KMS", kms_key=alias, custom_role_arn=ROLE_ARN))
    assert same_words(config, component).startswith("a creation template needs a KMS key ARN (not an alias): must be a KMS key ARN")


def test_a_template_description_longer_than_ecr_takes():
    config = config_refusal("ecr-access:namespaces[0].description", namespaces=[{"name": "team-a", "description": "x" * 300}])
    component = component_refusal("TeamNamespaceArgs.template.description", namespace(description="x" * 300))
    assert "256" in same_words(config, component)


def test_a_namespace_name_ecr_refuses():
    config = config_refusal("ecr-access:namespaces[0].name", namespaces=[{"name": "team-a/"}])
    component = component_refusal("TeamNamespaceArgs.name", namespace("team-a/"))
    assert same_words(config, component) == "is not a namespace ECR accepts: must not end with /"


def test_a_root_template_is_confirmed_and_only_root_takes_the_confirmation():
    config = config_refusal("ecr-access:namespaces[0].name", namespaces=[{"name": "ROOT"}])
    component = component_refusal("TeamNamespaceArgs.name", namespace("ROOT"))
    assert same_words(config, component).startswith("a ROOT template applies to every repository without a more specific "
                                                    "template: with CREATE_ON_PUSH it lets every principal that may push")
    config = config_refusal("ecr-access:namespaces[0].allowRootTemplate", namespaces=[{"name": "team-a", "allowRootTemplate": True}])
    component = component_refusal("TeamNamespaceArgs.allow_root_template", namespace(args={"allow_root_template": True}))
    assert same_words(config, component) == "applies only to the ROOT namespace"


def test_a_template_applied_for_nothing():
    config = config_refusal("ecr-access:namespaces[0].appliedFor", namespaces=[{"name": "team-a", "appliedFor": []}])
    component = component_refusal("TeamNamespaceArgs.applied_for", namespace(args={"applied_for": ()}))
    assert same_words(config, component) == "is empty; a template applies for at least one of CREATE_ON_PUSH, REPLICATION, PULL_THROUGH_CACHE"
    config = config_refusal("ecr-access:namespaces[0].appliedFor[0]", namespaces=[{"name": "team-a", "appliedFor": ["ON_PULL"]}])
    component = component_refusal("TeamNamespaceArgs.applied_for[0]", namespace(args={"applied_for": ("ON_PULL",)}))
    assert same_words(config, component) == "must be one of REPLICATION, PULL_THROUGH_CACHE, CREATE_ON_PUSH"


def test_a_scanning_frequency_its_scan_type_does_not_support():
    config = config_refusal("ecr-access:scanning.rules[0].frequency",
                            scanning={"scanType": "BASIC", "rules": [{"frequency": "CONTINUOUS_SCAN", "filters": ["*"]}]})
    component = component_refusal("RegistrySettingsArgs.scanning.rules[0].frequency",
                                  registry_settings(scanning=Scanning("BASIC", rules=[ScanningRule("CONTINUOUS_SCAN")])))
    assert same_words(config, component) == "is not supported by scan type BASIC (use SCAN_ON_PUSH or MANUAL)"


def test_a_scan_type_or_frequency_ecr_does_not_know():
    config = config_refusal("ecr-access:scanning.scanType", scanning={"scanType": "DEEP", "rules": [{"frequency": "HOURLY", "filters": ["*"]}]})
    component = component_refusal("RegistrySettingsArgs.scanning.scan_type",
                                  registry_settings(scanning=Scanning("DEEP", rules=[ScanningRule("HOURLY")])))
    assert same_words(config, component) == "must be one of BASIC, ENHANCED"
    config = config_refusal("ecr-access:scanning.rules[0].frequency",
                            scanning={"scanType": "BASIC", "rules": [{"frequency": "HOURLY", "filters": ["*"]}]})
    component = component_refusal("RegistrySettingsArgs.scanning.rules[0].frequency",
                                  registry_settings(scanning=Scanning("BASIC", rules=[ScanningRule("HOURLY")])))
    assert same_words(config, component) == "must be one of SCAN_ON_PUSH, CONTINUOUS_SCAN, MANUAL"


def test_a_scanning_rule_without_filters():
    config = config_refusal("ecr-access:scanning.rules[0].filters",
                            scanning={"scanType": "BASIC", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": []}]})
    component = component_refusal("RegistrySettingsArgs.scanning.rules[0].filters",
                                  registry_settings(scanning=Scanning("BASIC", rules=[ScanningRule("SCAN_ON_PUSH", filters=())])))
    assert same_words(config, component) == 'is empty; a scanning rule needs at least one filter ("*" matches every repository)'


def test_a_replication_rule_without_destinations():
    config = config_refusal("ecr-access:replication[0].destinations", replication=[{"destinations": []}])
    component = component_refusal("RegistrySettingsArgs.replication[0].destinations",
                                  registry_settings(replication=[ReplicationRule(destinations=[])]))
    # (the config shows the rule it read, the component the empty list it was given)
    assert component.message == config.message == "is empty; a rule needs at least one destination"


def test_a_replication_destination_of_an_unknown_region_or_no_account_id():
    config_region = config_refusal("ecr-access:replication[0].destinations[0].region",
                                   replication=[{"destinations": [{"region": "moon-1", "account": "12"}]}])
    config_account = config_refusal("ecr-access:replication[0].destinations[0].account",
                                    replication=[{"destinations": [{"region": "moon-1", "account": "12"}]}])
    body = registry_settings(replication=[ReplicationRule(destinations=[Destination("moon-1", "12")])])
    component_region = component_refusal("RegistrySettingsArgs.replication[0].destinations[0].region", body)
    component_account = component_refusal("RegistrySettingsArgs.replication[0].destinations[0].account", body)
    assert same_words(config_region, component_region) == "is not an AWS region botocore knows for ECR"
    assert same_words(config_account, component_account) == "must be a 12-digit AWS account ID"


@pytest.mark.parametrize(("key", "prefix", "message"), [
    ("prefix", "ROOT", "must name a namespace such as ecr-public (not ROOT, no trailing /)"),
    ("prefix", "Pub", "is not a valid pull-through cache prefix (lowercase repository-name segments): must be lowercase "
     "letters and digits, with . _ or - between them and / between path segments (e.g. team-a/api)"),
    ("upstream_prefix", "library/", "must name a namespace such as ecr-public (not ROOT, no trailing /)"),
], ids=["root", "uppercase", "trailing-slash"])
def test_a_cache_prefix_that_names_no_namespace(key, prefix, message):
    camel = {"prefix": "prefix", "upstream_prefix": "upstreamPrefix"}[key]
    config = config_refusal(f"ecr-access:pullThroughCache[0].{camel}",
                            pullThroughCache=[{"upstream": "ecr-public", "prefix": "pub", camel: prefix}])
    component = component_refusal(f"RegistryPullThroughCachePolicyArgs.caches[0].{key}", caches(**{key: prefix}))
    assert same_words(config, component) == message


@pytest.mark.parametrize(("principal", "message"), [
    (f"arn:aws:iam::{ACCOUNT}:group/readers", "IAM groups cannot be principals of a resource policy; name the group's users or a role"),
    (f"arn:aws-cn:iam::{ACCOUNT}:role/puller", "is an ARN of partition aws-cn, but aws:region puts this stack in partition aws"),
    ("12345", "must be an IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>), an account root ARN "
     "or a 12-digit account ID"),
], ids=["group", "other-partition", "no-arn"])
def test_a_cache_principal_a_registry_policy_cannot_name(principal, message):
    config = config_refusal("ecr-access:pullThroughCache[0].principals[0]",
                            pullThroughCache=[{"upstream": "ecr-public", "prefix": "pub", "principals": [principal]}])
    component = component_refusal("RegistryPullThroughCachePolicyArgs.caches[0].principals[0]", caches(principals=[principal]))
    assert same_words(config, component) == message


def test_a_key_deletion_window_or_description_kms_refuses():
    registry = Registry.of(REGISTRY.region, ACCOUNT)
    config = config_refusal("ecr-access:kmsKeys[0].deletionWindowDays", kmsKeys=[{"name": "k", "deletionWindowDays": 5}])
    component = component_refusal("RepositoryKeyArgs.deletion_window_in_days",
                                  lambda: RepositoryKey("k", RepositoryKeyArgs(registry=registry, deletion_window_in_days=5)))
    assert same_words(config, component) == "must be between 7 and 30"
    config = config_refusal("ecr-access:kmsKeys[0].description", kmsKeys=[{"name": "k", "description": "d" * 8193}])
    component = component_refusal("RepositoryKeyArgs.description",
                                  lambda: RepositoryKey("k", RepositoryKeyArgs(registry=registry, description="d" * 8193)))
    assert same_words(config, component).startswith("is not a key description: ")


def test_a_notification_rule_that_notifies_of_nothing_or_names_an_unknown_scan_type():
    def notifications(rule: NotificationRule) -> Callable[[], Any]:
        return lambda: RepositoryNotifications("alerts", RepositoryNotificationsArgs(
            registry=Registry.of(REGISTRY.region, ACCOUNT), topic_name="alerts", protect=False, rules=[rule]))

    entry = {"topic": "alerts", "rules": [{"name": "r1", "repositories": ["aa"]}]}
    config = config_refusal("ecr-access:notifications[0].rules[0]", notifications=[entry])
    component = component_refusal("RepositoryNotificationsArgs.rules[0]", notifications(NotificationRule("r1", repositories=["aa"])))
    assert same_words(config, component) == "notifies of nothing: set findings (a severity) or pushes: true"
    entry = {"topic": "alerts", "rules": [{"name": "r1", "repositories": ["aa"], "findings": "HIGH", "scanType": "DEEP"}]}
    config = config_refusal("ecr-access:notifications[0].rules[0].scanType", notifications=[entry])
    component = component_refusal("RepositoryNotificationsArgs.rules[0].scan_type",
                                  notifications(NotificationRule("r1", repositories=["aa"], findings="HIGH", scan_type="DEEP")))
    assert same_words(config, component) == "is not a scan type (BASIC or ENHANCED): must be one of BASIC, ENHANCED"


def test_the_registry_read_from_stack_config_refuses_as_the_stack_does():
    def registry_refusal(config: dict[str, str]) -> Problem:
        with pytest.raises(ConfigError) as err:
            register(lambda: Registry.from_stack_config(), config=config)
        (problem,) = err.value.problems
        return problem

    stack = config_refusal("aws:region", region="moon-1")
    from_code = registry_refusal({"aws:region": "moon-1", "ecr-access:accountId": ACCOUNT})
    assert from_code.path == "aws:region" and same_words(stack, from_code) == "is not an AWS region botocore knows for ECR"
    stack = config_refusal("ecr-access:accountId", accountId="12345")
    from_code = registry_refusal({"aws:region": "us-east-1", "ecr-access:accountId": "12345"})
    assert same_words(stack, from_code) == "must be a 12-digit AWS account ID, such as 012345678901"
    with pytest.raises(ConfigError) as err:
        load({"aws:region": "us-east-1"})
    assert [p.message for p in err.value.problems] == [registry_refusal({"aws:region": "us-east-1"}).message] == [
        "is required: the 12-digit account the stack deploys to (used to build ARNs offline)"]
