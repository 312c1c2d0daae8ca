"""Where the schema of each top-level key of the stack config lives, so a stack loads only the schemas of the keys it
sets.

`schema_model.StackValues` gathers every key's schema, with its description, into the one model the JSON Schema and
the config reference are generated from; importing it imports every feature's config. Loading a stack needs only the
schemas of the keys the stack sets: this table names the module and the name of each, imported on first use.
`tests/test_key_schemas.py` checks the table against `StackValues`, key by key and in order.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any

NAMESPACE = "ecr-access"

# Top-level key -> (module, name of the key's schema in it, True when the key holds a list of them). In the order of
# StackValues' fields.
SCHEMAS: dict[str, tuple[str, str, bool]] = {
    "aws:region": ("ecr_access.config.values", "Region", False),
    f"{NAMESPACE}:accountId": ("ecr_access.config.values", "AccountNumber", False),
    f"{NAMESPACE}:protect": ("ecr_access.config.base", "Bool", False),
    f"{NAMESPACE}:repositoryDefaults": ("ecr_access.features.repositories.settings", "SettingsConfig", False),
    f"{NAMESPACE}:repositories": ("ecr_access.features.repositories.config", "RepositoryConfig", True),
    f"{NAMESPACE}:users": ("ecr_access.features.principals.config", "UserConfig", True),
    f"{NAMESPACE}:groups": ("ecr_access.features.principals.config", "GroupConfig", True),
    f"{NAMESPACE}:roles": ("ecr_access.features.principals.config", "RoleConfig", True),
    f"{NAMESPACE}:maxManagedPoliciesPerPrincipal": ("ecr_access.features.principals.access", "MaxPolicies", False),
    f"{NAMESPACE}:pullThroughCache": ("ecr_access.features.pull_through.config", "CacheConfig", True),
    f"{NAMESPACE}:registryPolicyScope": ("ecr_access.features.registry_policy.config", "RegistryPolicyScopeValue", False),
    f"{NAMESPACE}:retainOnDelete": ("ecr_access.config.base", "Bool", False),
    f"{NAMESPACE}:replication": ("ecr_access.features.replication.config", "Replication", False),
    f"{NAMESPACE}:replicationSources": ("ecr_access.features.replication.config", "ReplicationSourceConfig", True),
    f"{NAMESPACE}:scanning": ("ecr_access.features.scanning", "Scanning", False),
    f"{NAMESPACE}:basicScanTypeVersion": ("ecr_access.features.registry_policy.config", "BasicScanTypeVersion", False),
    f"{NAMESPACE}:namespaces": ("ecr_access.features.namespaces.config", "NamespaceConfig", True),
    f"{NAMESPACE}:githubOidcProvider": ("ecr_access.features.trust.provider", "GitHubOidcProvider", False),
    f"{NAMESPACE}:adoptRegistrySettings": ("ecr_access.features.registry_adoption", "AdoptRegistrySettingsConfig", False),
    f"{NAMESPACE}:tags": ("ecr_access.config.values", "IamTags", False),
    f"{NAMESPACE}:requiredTagKeys": ("ecr_access.features.stack_tags", "RequiredTagKeys", False),
    f"{NAMESPACE}:pullTimeUpdateExclusions": ("ecr_access.features.pull_time_exclusions", "Exclusions", False),
    f"{NAMESPACE}:kmsKeys": ("ecr_access.features.keys.config", "KmsKeyConfig", True),
    f"{NAMESPACE}:notifications": ("ecr_access.features.notifications.config", "NotificationConfig", True),
}

# Every `ecr-access:*` key the stack reads (the schema's top-level keys); anything else in the namespace is a typo.
KNOWN_KEYS = tuple(key.partition(":")[2] for key in SCHEMAS if key.startswith(f"{NAMESPACE}:"))


@cache
def key_schema(key: str) -> Any:
    """The schema of one top-level key (`ecr-access:protect`), to validate it alone; its module is imported now."""
    module, name, many = SCHEMAS[key]
    schema = getattr(import_module(module), name)
    return list[schema] if many else schema
