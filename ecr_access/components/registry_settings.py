"""RegistrySettings: the registry-wide configuration: replication, scanning and ECR account settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pulumi
import pulumi_aws as aws

from ecr_access.compiler.registry_settings import CompiledRegistrySettings


@dataclass(frozen=True)
class RegistrySettingsArgs:
    """What to register: the compiled registry-wide settings."""

    settings: CompiledRegistrySettings


class RegistrySettings(pulumi.ComponentResource):
    """One replication configuration, one scanning configuration and one resource per managed account setting.

    ECR keeps each of these once per registry (account and region), so this component is registered once per stack.
    """

    replication_configuration: pulumi.Output[Optional[dict]]
    scan_type: pulumi.Output[Optional[str]]
    account_settings: pulumi.Output[dict]

    def __init__(self, name: str, args: RegistrySettingsArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("ecr-access:ecr:RegistrySettings", name, None, opts)
        s = args.settings
        child = pulumi.ResourceOptions(parent=self)
        self.replication = None
        if s.replication_rules:
            self.replication = aws.ecr.ReplicationConfiguration(
                f"{name}-replication",
                replication_configuration=aws.ecr.ReplicationConfigurationReplicationConfigurationArgs(
                    rules=[_replication_rule(rule) for rule in s.replication_rules]
                ),
                opts=child,
            )
        self.scanning = None
        if s.scanning is not None:
            self.scanning = aws.ecr.RegistryScanningConfiguration(
                f"{name}-scanning",
                scan_type=s.scanning.scan_type,
                rules=[
                    aws.ecr.RegistryScanningConfigurationRuleArgs(
                        scan_frequency=rule.frequency,
                        repository_filters=[
                            aws.ecr.RegistryScanningConfigurationRuleRepositoryFilterArgs(filter=f, filter_type="WILDCARD")
                            for f in rule.filters
                        ],
                    )
                    for rule in s.scanning.rules
                ] or None,
                opts=child,
            )
        self.settings = {
            setting.name: aws.ecr.AccountSetting(
                f"{name}-{setting.name.lower().replace('_', '-')}", name=setting.name, value=setting.value, opts=child
            )
            for setting in s.account_settings
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
