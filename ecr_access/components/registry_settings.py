"""RegistrySettings: the registry-wide configuration: replication, scanning and ECR account settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from ecr_access.components.adoption import adopted_options
from ecr_access.components.checks import ArgsCheck
from ecr_access.config.values import account_problem
from ecr_access.features.replication.rules import NO_DESTINATIONS, Destination, replication_rules
from ecr_access.features.scanning import filters_problem, frequency_problem
from ecr_access.iam.arns import Registry


@dataclass(frozen=True)
class ReplicationRule:
    """Replicate the repositories whose names start with one of `filters` (all when empty) to `destinations`,
    each a Destination(region, account)."""

    destinations: Sequence[Destination]
    filters: Sequence[str] = ()


@dataclass(frozen=True)
class ScanningRule:
    """How often (SCAN_ON_PUSH, CONTINUOUS_SCAN, MANUAL) to scan the repositories matching the wildcard `filters`."""

    frequency: str
    filters: Sequence[str] = ("*",)


@dataclass(frozen=True)
class Scanning:
    """The registry's scanning configuration: BASIC or ENHANCED, and its rules."""

    scan_type: str
    rules: Sequence[ScanningRule] = ()


@dataclass(frozen=True)
class RegistrySettingsArgs:
    """What the program sets on the registry as a whole (each once per account and region).

    Args:
        replication: replication rules (ReplicationRule); a cross-account destination's registry policy must
            admit this account.
        scanning: the scanning configuration (Scanning), which replaces repositories' own scan-on-push.
        account_settings: ECR account settings by name (`BASIC_SCAN_TYPE_VERSION`, `REGISTRY_POLICY_SCOPE`).
        region: the region whose registry these settings are of (default: the provider's); one component a region.
        registry: the registry the settings belong to (`Registry.of(region, account)`); needed to adopt them.
        adopt_replication: the replication configuration exists already: import it (by the registry ID) instead of
            creating it.
        adopt_scanning: the scanning configuration exists already: import it (by the registry ID).
        protect_adopted: Pulumi refuses to delete an adopted configuration (default on, as repositories are protected
            by default; the stack passes `ecr-access:protect`). An adopted one is always retained on delete: dropping
            it leaves the registry's configuration as it is; one the program creates is neither.
    """

    replication: Sequence[ReplicationRule] = ()
    scanning: Scanning | None = None
    account_settings: Mapping[str, str] = field(default_factory=dict)
    region: str | None = None
    registry: Registry | None = None
    adopt_replication: bool = False
    adopt_scanning: bool = False
    protect_adopted: bool = True


def _check(args: RegistrySettingsArgs) -> list[dict]:
    check = ArgsCheck("RegistrySettingsArgs")
    if args.region is not None:
        check.region("region", args.region)
    if isinstance(args.replication, ReplicationRule):
        check.add("replication", "must be a list of ReplicationRule (one rule: replication=[ReplicationRule(...)])",
                  "ReplicationRule(...)")
        check.raise_if_any()
    for i, rule in enumerate(args.replication):
        if not rule.destinations:
            check.add(f"replication[{i}].destinations", NO_DESTINATIONS, list(rule.destinations))
        for j, dest in enumerate(rule.destinations):
            check.region(f"replication[{i}].destinations[{j}].region", dest.region)
            if problem := account_problem(dest.account):
                check.add(f"replication[{i}].destinations[{j}].account", problem, dest.account)
    if args.scanning is not None:
        check.shaped("scanning.scan_type", args.scanning.scan_type, "ecr", "ScanType")
        for i, scan_rule in enumerate(args.scanning.rules):
            frequency = check.shaped(f"scanning.rules[{i}].frequency", scan_rule.frequency, "ecr", "ScanFrequency")
            if frequency and (problem := frequency_problem(args.scanning.scan_type, scan_rule.frequency)):
                check.add(f"scanning.rules[{i}].frequency", problem, scan_rule.frequency)
            if problem := filters_problem(scan_rule.filters):
                check.add(f"scanning.rules[{i}].filters", problem, list(scan_rule.filters))
    for adopted, given, what in (("adopt_replication", args.replication, "replication"), ("adopt_scanning", args.scanning, "scanning")):
        if not getattr(args, adopted):
            continue
        if not given:
            check.add(adopted, f"adopts nothing: {what} is not set", True)
        elif not isinstance(args.registry, Registry):
            check.add("registry", f"is needed by {adopted}: Pulumi imports the {what} configuration by the registry ID "
                      "(Registry.of(region, account))", repr(args.registry))
    for name, value in args.account_settings.items():
        check.shaped(f"account_settings[{name!r}]", name, "ecr", "AccountSettingName", "an ECR account setting name")
        if not isinstance(value, str) or not value:
            check.add(f"account_settings[{name!r}]", "must be the setting's value (a string)", value)
    check.raise_if_any()
    return replication_rules([(tuple(r.destinations), tuple(r.filters)) for r in args.replication])


class RegistrySettings(pulumi.ComponentResource):
    """One replication configuration, one scanning configuration and one resource per managed account setting.

    ECR keeps each of these once per registry (account and region), so this component is registered once per stack.
    """

    replication_configuration: pulumi.Output[dict | None]
    scan_type: pulumi.Output[str | None]
    account_settings: pulumi.Output[dict]

    def __init__(self, name: str, args: RegistrySettingsArgs, opts: pulumi.ResourceOptions | None = None):
        rules = _check(args)
        super().__init__("ecr-access:ecr:RegistrySettings", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        region = args.region
        account = args.registry.account if args.registry is not None else None
        self.replication = None
        if rules:
            self.replication = aws.ecr.ReplicationConfiguration(
                f"{name}-replication",
                replication_configuration=aws.ecr.ReplicationConfigurationReplicationConfigurationArgs(
                    rules=[_replication_rule(rule) for rule in rules]
                ),
                region=region,
                opts=pulumi.ResourceOptions(
                    parent=self, **adopted_options(account if args.adopt_replication else None, args.protect_adopted)),
            )
        self.scanning = None
        if args.scanning is not None:
            self.scanning = aws.ecr.RegistryScanningConfiguration(
                f"{name}-scanning",
                scan_type=args.scanning.scan_type,
                rules=[
                    aws.ecr.RegistryScanningConfigurationRuleArgs(
                        scan_frequency=rule.frequency,
                        repository_filters=[
                            aws.ecr.RegistryScanningConfigurationRuleRepositoryFilterArgs(filter=f, filter_type="WILDCARD")
                            for f in rule.filters
                        ],
                    )
                    for rule in args.scanning.rules
                ] or None,
                region=region,
                opts=pulumi.ResourceOptions(
                    parent=self, **adopted_options(account if args.adopt_scanning else None, args.protect_adopted)),
            )
        self.settings = {
            setting: aws.ecr.AccountSetting(
                f"{name}-{setting.lower().replace('_', '-')}", name=setting, value=value, region=region, opts=child
            )
            for setting, value in args.account_settings.items()
        }
        self.replication_configuration = (
            self.replication.replication_configuration if self.replication is not None else pulumi.Output.from_input(None)
        )
        self.scan_type = self.scanning.scan_type if self.scanning is not None else pulumi.Output.from_input(None)
        self.account_settings = pulumi.Output.all(**{k: r.value for k, r in self.settings.items()})
        self.register_outputs(
            {"replication_configuration": self.replication_configuration, "scan_type": self.scan_type, "account_settings": self.account_settings}
        )


def _replication_rule(rule: dict) -> aws.ecr.ReplicationConfigurationReplicationConfigurationRuleArgs:
    filters = [
        aws.ecr.ReplicationConfigurationReplicationConfigurationRuleRepositoryFilterArgs(
            filter=f["filter"], filter_type=f["filterType"]
        )
        for f in rule.get("repositoryFilters", [])
    ]
    return aws.ecr.ReplicationConfigurationReplicationConfigurationRuleArgs(
        destinations=[
            aws.ecr.ReplicationConfigurationReplicationConfigurationRuleDestinationArgs(
                region=d["region"], registry_id=d["registryId"]
            )
            for d in rule["destinations"]
        ],
        repository_filters=filters or None,
    )
