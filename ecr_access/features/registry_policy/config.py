"""Registry-wide account settings: `ecr-access:registryPolicyScope` and `ecr-access:basicScanTypeVersion`.

The stack manages an account setting (`aws.ecr.AccountSetting`) only when its key is set, so an unset key never
overrides the console.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field

from ecr_access.config.base import Str, fail

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


def _setting(name: str, accepted: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value in RETIRED:
            raise fail(f"is no longer accepted: {RETIRED[value]}")
        if value not in accepted:
            raise fail(f"must be {' or '.join(accepted)} (the ECR account setting {name})")
        return value
    return check


# The ECR account setting REGISTRY_POLICY_SCOPE (V2).
RegistryPolicyScopeValue = Annotated[Str, AfterValidator(_setting("REGISTRY_POLICY_SCOPE", REGISTRY_POLICY_SCOPES)),
                                     Field(json_schema_extra={"enum": list(REGISTRY_POLICY_SCOPES)})]
# The ECR account setting BASIC_SCAN_TYPE_VERSION (AWS_NATIVE).
BasicScanTypeVersion = Annotated[Str, AfterValidator(_setting("BASIC_SCAN_TYPE_VERSION", BASIC_SCAN_TYPE_VERSIONS)),
                                 Field(json_schema_extra={"enum": list(BASIC_SCAN_TYPE_VERSIONS)})]
