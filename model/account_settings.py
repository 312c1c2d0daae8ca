"""ECR account settings the stack manages (`aws.ecr.AccountSetting`): only those whose config key is set."""

from __future__ import annotations

from dataclasses import dataclass

from model.reader import Node

# botocore types AccountSettingValue as a free string; these are the values pulumi-aws documents for the setting.
BASIC_SCAN_TYPE_VERSIONS = ("AWS_NATIVE", "CLAIR")


@dataclass(frozen=True)
class AccountSettingSpec:
    """One account setting: its ECR name, value, and the config key it comes from."""

    name: str
    value: str
    key: str


def read_basic_scan_type_version(node: Node) -> str:
    """Read `ecr-access:basicScanTypeVersion` (AWS_NATIVE or CLAIR)."""
    value = node.as_str()
    if value not in BASIC_SCAN_TYPE_VERSIONS:
        raise node.fail(f"must be {' or '.join(BASIC_SCAN_TYPE_VERSIONS)} (the ECR account setting BASIC_SCAN_TYPE_VERSION)")
    return value
