"""`ecr-access:adoptRegistrySettings`: registry-wide settings that exist already, imported instead of created.

ECR keeps one registry policy, one scanning configuration and one replication configuration per registry, and Pulumi
imports each by the registry ID (the account). Adopting one makes the first `pulumi preview` read what AWS holds and
show how the stack's declared setting differs, where a create would write over it unseen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationInfo, model_validator

from ecr_access.config.adoption import adoption_problems
from ecr_access.config.base import Bool, ConfigModel, Maybe, context, fail, field, refusals
from ecr_access.config.errors import ConfigError, Problems
from ecr_access.config.values import AccountId
from ecr_access.iam.arns import Registry

KEY = "ecr-access:adoptRegistrySettings"
# What each adoptable setting is, and the key that declares it.
_DECLARED_BY = {"scanning": ("the scanning configuration", "ecr-access:scanning"),
                "replication": ("the replication configuration", "ecr-access:replication")}


@dataclass(frozen=True)
class RegistryAdoption:
    """Which registry-wide resources are imported (by the registry ID) rather than created."""

    registry_policy: bool = False
    scanning: bool = False
    replication: bool = False


class AdoptRegistrySettingsConfig(ConfigModel):
    """Registry-wide settings that exist already: Pulumi imports them by the registry ID instead of creating them."""

    registry_policy: Maybe(Bool, "true or false") = field(
        "The registry policy exists: it is imported, then holds the stack's one registry policy (from "
        "`ecr-access:pullThroughCache` principals and `ecr-access:replicationSources`). Default `false`.", None)
    scanning: Maybe(Bool, "true or false") = field(
        "The scanning configuration exists: it is imported, then set to `ecr-access:scanning`. Default `false`.", None)
    replication: Maybe(Bool, "true or false") = field(
        "The replication configuration exists: it is imported, then set to `ecr-access:replication`. Default `false`.",
        None)
    import_id: Maybe(AccountId) = field(
        "The import ID of each, explicitly: the registry ID, which must be the stack's `ecr-access:accountId`.", None)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> AdoptRegistrySettingsConfig:
        if not (self.registry_policy or self.scanning or self.replication):
            raise fail("adopts nothing: set registryPolicy, scanning or replication to true")
        registry: Registry | None = context(info, "registry")
        if registry is not None:
            problems = adoption_problems(True, self.import_id, registry.account, "registry ID",
                                         "ECR imports the registry policy, scanning and replication configurations by "
                                         "the registry ID, which is the account (ecr-access:accountId)")
            if problems:
                raise refusals(problems)
        return self


def read_registry_adoption(top: Any, problems: Problems, context: dict[str, Any]) -> RegistryAdoption:
    """What the stack adopts (`top`: the stack's top-level reader); each setting adopted must be one it declares."""
    found = top.get("adoptRegistrySettings", None, context)
    if found is None:
        return RegistryAdoption()
    for key, (what, declared_by) in _DECLARED_BY.items():
        if getattr(found, key) and not top.values.get(declared_by):
            problems.add(f"{KEY}.{key}", f"adopts {what}, but {declared_by} is not set, so this stack manages none; "
                         f"declare it as it is in AWS, or remove {key}", True)
    return RegistryAdoption(registry_policy=bool(found.registry_policy), scanning=bool(found.scanning),
                            replication=bool(found.replication))


def check_registry_policy_adoption(adoption: RegistryAdoption, writes_policy: bool) -> None:
    """ConfigError when the registry policy is adopted although the stack writes none."""
    if adoption.registry_policy and not writes_policy:
        raise ConfigError.at(f"{KEY}.registryPolicy", "adopts the registry policy, but this stack writes none (it is "
                             "built from pullThroughCache principals and replicationSources); remove registryPolicy", True)
