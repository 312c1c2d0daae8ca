"""ecr-access: Amazon ECR repositories and least-privilege access to them, as Pulumi components and a Pulumi stack.

A Pulumi program uses the components directly (docs/components.md)::

    from ecr_access import EcrRepository, EcrRepositoryArgs, Level, Registry, RepoAccessRole, RepoAccessRoleArgs, Trust

    registry = Registry.from_stack_config()
    app = EcrRepository("app", EcrRepositoryArgs())
    RepoAccessRole("ci", RepoAccessRoleArgs(registry=registry, trust=Trust(account_root=True), grants=[app.grant_push()]))

The names are loaded on first use, so the command-line tools (`python -m ecr_access.plan`, ...) do not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecr_access.lazy import lazy_exports

if TYPE_CHECKING:  # what type checkers and editors see; at run time the names load on first use
    from ecr_access.components.checks import InvalidArgs
    from ecr_access.components.ecr_repository import EcrRepository, EcrRepositoryArgs
    from ecr_access.components.github_oidc_provider import GitHubOidcProvider, GitHubOidcProviderArgs
    from ecr_access.components.pull_time_update_exclusions import PullTimeUpdateExclusions, PullTimeUpdateExclusionsArgs
    from ecr_access.components.registry import Registry
    from ecr_access.components.registry_pull_through_cache_policy import (
        PullThroughCache,
        RegistryPullThroughCachePolicy,
        RegistryPullThroughCachePolicyArgs,
    )
    from ecr_access.components.registry_settings import (
        RegistrySettings,
        RegistrySettingsArgs,
        ReplicationRule,
        Scanning,
        ScanningRule,
    )
    from ecr_access.components.repo_access_group import RepoAccessGroup, RepoAccessGroupArgs
    from ecr_access.components.repo_access_role import RepoAccessRole, RepoAccessRoleArgs
    from ecr_access.components.repo_access_user import RepoAccessUser, RepoAccessUserArgs
    from ecr_access.components.repo_policy import RepoPolicy, RepoPolicyArgs
    from ecr_access.components.repository_key import RepositoryKey, RepositoryKeyArgs
    from ecr_access.components.repository_notifications import (
        NotificationRule,
        RepositoryNotifications,
        RepositoryNotificationsArgs,
    )
    from ecr_access.components.settings import RepositoryTemplate
    from ecr_access.components.team_namespace import TeamNamespace, TeamNamespaceArgs
    from ecr_access.features.registry_policy.document import RegistryPolicyScope
    from ecr_access.features.replication.rules import Destination
    from ecr_access.features.repositories.lifecycle_policy import ExpireUntagged, KeepTagged, LifecyclePolicy
    from ecr_access.features.repositories.lifecycle_rules import (
        CountType,
        LifecycleAction,
        LifecycleRule,
        LifecycleSelection,
        StorageClass,
        TagStatus,
    )
    from ecr_access.features.repository_policy.statements import DenyRule, anyone, organization, organization_paths
    from ecr_access.features.trust.document import GitHubActions, Trust
    from ecr_access.iam.document import Condition
    from ecr_access.iam.grants import Grant, Grantee, Placement, Target
    from ecr_access.iam.levels import Level

# Public name -> the module that defines it.
_EXPORTS = {
    "EcrRepository": "ecr_access.components.ecr_repository",
    "EcrRepositoryArgs": "ecr_access.components.ecr_repository",
    "RepoPolicy": "ecr_access.components.repo_policy",
    "RepoPolicyArgs": "ecr_access.components.repo_policy",
    "RepoAccessUser": "ecr_access.components.repo_access_user",
    "RepoAccessUserArgs": "ecr_access.components.repo_access_user",
    "RepoAccessGroup": "ecr_access.components.repo_access_group",
    "RepoAccessGroupArgs": "ecr_access.components.repo_access_group",
    "RepoAccessRole": "ecr_access.components.repo_access_role",
    "RepoAccessRoleArgs": "ecr_access.components.repo_access_role",
    "RegistryPullThroughCachePolicy": "ecr_access.components.registry_pull_through_cache_policy",
    "RegistryPullThroughCachePolicyArgs": "ecr_access.components.registry_pull_through_cache_policy",
    "PullThroughCache": "ecr_access.components.registry_pull_through_cache_policy",
    "TeamNamespace": "ecr_access.components.team_namespace",
    "TeamNamespaceArgs": "ecr_access.components.team_namespace",
    "RegistrySettings": "ecr_access.components.registry_settings",
    "RegistrySettingsArgs": "ecr_access.components.registry_settings",
    "ReplicationRule": "ecr_access.components.registry_settings",
    "Scanning": "ecr_access.components.registry_settings",
    "ScanningRule": "ecr_access.components.registry_settings",
    "RepositoryTemplate": "ecr_access.components.settings",
    "Registry": "ecr_access.components.registry",
    "InvalidArgs": "ecr_access.components.checks",
    "Grant": "ecr_access.iam.grants",
    "Grantee": "ecr_access.iam.grants",
    "Target": "ecr_access.iam.grants",
    "Placement": "ecr_access.iam.grants",
    "Level": "ecr_access.iam.levels",
    "Condition": "ecr_access.iam.document",
    "DenyRule": "ecr_access.features.repository_policy.statements",
    "organization": "ecr_access.features.repository_policy.statements",
    "organization_paths": "ecr_access.features.repository_policy.statements",
    "anyone": "ecr_access.features.repository_policy.statements",
    "Trust": "ecr_access.features.trust.document",
    "GitHubActions": "ecr_access.features.trust.document",
    "LifecyclePolicy": "ecr_access.features.repositories.lifecycle_policy",
    "KeepTagged": "ecr_access.features.repositories.lifecycle_policy",
    "ExpireUntagged": "ecr_access.features.repositories.lifecycle_policy",
    "LifecycleRule": "ecr_access.features.repositories.lifecycle_rules",
    "LifecycleSelection": "ecr_access.features.repositories.lifecycle_rules",
    "TagStatus": "ecr_access.features.repositories.lifecycle_rules",
    "StorageClass": "ecr_access.features.repositories.lifecycle_rules",
    "CountType": "ecr_access.features.repositories.lifecycle_rules",
    "LifecycleAction": "ecr_access.features.repositories.lifecycle_rules",
    "Destination": "ecr_access.features.replication.rules",
    "RegistryPolicyScope": "ecr_access.features.registry_policy.document",
    "GitHubOidcProvider": "ecr_access.components.github_oidc_provider",
    "GitHubOidcProviderArgs": "ecr_access.components.github_oidc_provider",
    "PullTimeUpdateExclusions": "ecr_access.components.pull_time_update_exclusions",
    "PullTimeUpdateExclusionsArgs": "ecr_access.components.pull_time_update_exclusions",
    "RepositoryKey": "ecr_access.components.repository_key",
    "RepositoryKeyArgs": "ecr_access.components.repository_key",
    "RepositoryNotifications": "ecr_access.components.repository_notifications",
    "RepositoryNotificationsArgs": "ecr_access.components.repository_notifications",
    "NotificationRule": "ecr_access.components.repository_notifications",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
