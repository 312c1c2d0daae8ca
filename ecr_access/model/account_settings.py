"""ECR account settings the stack manages (`aws.ecr.AccountSetting`): only those whose config key is set."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.model.reader import Node

# botocore types AccountSettingValue as a free string; its PutAccountSetting documentation gives the values AWS accepts:
# "Valid value for basic scan type: AWS_NATIVE. Valid values for registry policy scope: V2."
BASIC_SCAN_TYPE_VERSIONS = ("AWS_NATIVE",)
REGISTRY_POLICY_SCOPES = ("V2",)
# Values AWS accepted once and refuses now, with the reason.
RETIRED = {
    "CLAIR": "Clair basic scanning is retired: AWS accepts only AWS_NATIVE for BASIC_SCAN_TYPE_VERSION",
    "V1": "AWS accepts only V2 for REGISTRY_POLICY_SCOPE now (V1 cannot be set any more); set V2 or remove the key",
}


@dataclass(frozen=True)
class AccountSettingSpec:
    """One account setting: its ECR name, value, and the config key it comes from."""

    name: str
    value: str
    key: str


def read_basic_scan_type_version(node: Node) -> str:
    """Read `ecr-access:basicScanTypeVersion` (AWS_NATIVE)."""
    return _setting(node, "BASIC_SCAN_TYPE_VERSION", BASIC_SCAN_TYPE_VERSIONS)


def read_registry_policy_scope(node: Node) -> str:
    """Read `ecr-access:registryPolicyScope` (V2)."""
    return _setting(node, "REGISTRY_POLICY_SCOPE", REGISTRY_POLICY_SCOPES)


def _setting(node: Node, name: str, accepted: tuple[str, ...]) -> str:
    value = node.as_str()
    if value in RETIRED:
        raise node.fail(f"is no longer accepted: {RETIRED[value]}")
    if value not in accepted:
        raise node.fail(f"must be {' or '.join(accepted)} (the ECR account setting {name})")
    return value
