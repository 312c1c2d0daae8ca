"""Registry scanning configuration and ECR account settings: registered inputs and refused input.

Moto has no account-setting API: the AccountSetting resources are checked here, under mocks only. The scanning
configuration is also put to moto (tests/test_moto_registry_settings.py).
"""

from __future__ import annotations

import pulumi

from tests.helpers.registry import deployed, refused
from tests.helpers.stacks import base_config, by_type

ENHANCED = {
    "scanType": "ENHANCED",
    "rules": [
        {"frequency": "CONTINUOUS_SCAN", "filters": ["my-repo", "team-a/*"]},
        {"frequency": "SCAN_ON_PUSH", "filters": "*"},
    ],
}


def test_enhanced_scanning_rules_are_registered_with_wildcard_filters():
    result = deployed(base_config(scanning=ENHANCED))
    (component,) = by_type(result, "ecr-access:ecr:RegistrySettings")
    (scanning,) = by_type(result, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")
    assert scanning.parent_urn == component.urn
    assert scanning.inputs == {
        "scanType": "ENHANCED",
        "rules": [
            {"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": [
                {"filter": "my-repo", "filterType": "WILDCARD"}, {"filter": "team-a/*", "filterType": "WILDCARD"}]},
            {"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}]},
        ],
    }
    assert result.outputs["scanType"] == "ENHANCED"
    assert by_type(result, "aws:ecr/accountSetting:AccountSetting") == []


def test_basic_scanning_without_rules():
    result = deployed(base_config(scanning={"scanType": "BASIC"}))
    (scanning,) = by_type(result, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")
    assert scanning.inputs == {"scanType": "BASIC"}


def test_account_settings_are_managed_only_when_their_key_is_set():
    result = deployed(base_config(registryPolicyScope="V2", basicScanTypeVersion="AWS_NATIVE"))
    settings = by_type(result, "aws:ecr/accountSetting:AccountSetting")
    assert [(s.name, s.inputs) for s in settings] == [
        ("registry-settings-basic-scan-type-version", {"name": "BASIC_SCAN_TYPE_VERSION", "value": "AWS_NATIVE"}),
        ("registry-settings-registry-policy-scope", {"name": "REGISTRY_POLICY_SCOPE", "value": "V2"}),
    ]
    assert result.outputs["accountSettings"] == {"BASIC_SCAN_TYPE_VERSION": "AWS_NATIVE", "REGISTRY_POLICY_SCOPE": "V2"}
    # Nothing set, nothing managed: the console's choices stay untouched.
    bare = deployed(base_config())
    assert by_type(bare, "ecr-access:ecr:RegistrySettings") == []


def test_account_setting_values_aws_retired_are_refused_with_the_reason():
    assert refused(base_config(basicScanTypeVersion="CLAIR")) == [
        "ecr-access:basicScanTypeVersion: is no longer accepted: Clair basic scanning is retired: AWS accepts only "
        'AWS_NATIVE for BASIC_SCAN_TYPE_VERSION (got "CLAIR")'
    ]
    (v1,) = refused(base_config(registryPolicyScope="V1"))
    assert v1.startswith("ecr-access:registryPolicyScope: is no longer accepted: AWS accepts only V2")


def test_bad_scanning_and_account_settings_are_refused_before_anything_is_registered():
    def scanning(value):
        return refused(base_config(scanning=value))

    assert scanning({"scanType": "FULL"}) == ['ecr-access:scanning.scanType: must be one of BASIC, ENHANCED (got "FULL")']
    assert scanning({"scanType": "BASIC", "rules": [{"frequency": "CONTINUOUS_SCAN", "filters": ["*"]}]}) == [
        'ecr-access:scanning.rules[0].frequency: is not supported by scan type BASIC (use SCAN_ON_PUSH or MANUAL) (got "CONTINUOUS_SCAN")'
    ]
    assert scanning({"scanType": "ENHANCED", "rules": [{"frequency": "HOURLY", "filters": ["*"]}]}) == [
        'ecr-access:scanning.rules[0].frequency: must be one of SCAN_ON_PUSH, CONTINUOUS_SCAN, MANUAL (got "HOURLY")'
    ]
    (too_many,) = scanning({"scanType": "ENHANCED", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["*"]}] * 3})
    assert too_many.startswith("ecr-access:scanning.rules: has 3 items; at most 2 are allowed")
    (twice,) = scanning({"scanType": "ENHANCED", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["a"]},
                                                           {"frequency": "SCAN_ON_PUSH", "filters": ["b"]}]})
    assert twice.startswith("ecr-access:scanning.rules[1].frequency: has a rule already (at ecr-access:scanning.rules[0])")
    (bad_filter,) = scanning({"scanType": "BASIC", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["Team A"]}]})
    assert bad_filter.startswith("ecr-access:scanning.rules[0].filters[0]: is not a scanning filter ECR accepts (WILDCARD)")
    assert refused(base_config(basicScanTypeVersion="V3")) == [
        'ecr-access:basicScanTypeVersion: must be AWS_NATIVE (the ECR account setting BASIC_SCAN_TYPE_VERSION) (got "V3")'
    ]


def test_warnings_are_logged_at_deploy_time(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(pulumi.log, "warn", lambda message, *args, **kwargs: seen.append(message))
    deployed(base_config(replication=[{"destinations": [{"region": "us-west-2"}], "filters": ["nothing-here"]}]))
    assert len(seen) == 1 and seen[0].startswith("ecr-access:replication[0].filters[0]: 'nothing-here' matches no repository")
