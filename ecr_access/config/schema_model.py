"""The schema of every top-level key of the stack config (`aws:region` and the `ecr-access:*` keys), gathered into one
model for the JSON Schema and the config reference. Loading a stack imports only the schemas of the keys it sets, found
through key_schemas.py: a key added here is added there too (a test compares the two)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ecr_access.config.base import Bool, field
from ecr_access.config.key_schemas import NAMESPACE
from ecr_access.config.values import AccountNumber, IamTags, Region
from ecr_access.features.keys.config import KmsKeyConfig
from ecr_access.features.namespaces.config import NamespaceConfig
from ecr_access.features.notifications.config import NotificationConfig
from ecr_access.features.principals.access import MaxPolicies
from ecr_access.features.principals.config import GroupConfig, RoleConfig, UserConfig
from ecr_access.features.pull_through.config import CacheConfig
from ecr_access.features.pull_time_exclusions import Exclusions
from ecr_access.features.registry_adoption import AdoptRegistrySettingsConfig
from ecr_access.features.registry_policy.config import BasicScanTypeVersion, RegistryPolicyScopeValue
from ecr_access.features.replication.config import Replication, ReplicationSourceConfig
from ecr_access.features.repositories.config import RepositoryConfig
from ecr_access.features.repositories.settings import SettingsConfig
from ecr_access.features.scanning import Scanning
from ecr_access.features.stack_tags import RequiredTagKeys
from ecr_access.features.trust.provider import GitHubOidcProvider

__all__ = ["NAMESPACE", "StackValues"]


def _key(name: str) -> str:
    return f"{NAMESPACE}:{name}"


class StackValues(BaseModel):
    """The `config:` map of a stack file: `aws:region` and the project's `ecr-access:*` keys."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, strict=True, frozen=True)

    aws_region: Region = field("Region of the registry; must be a region botocore knows for ECR. The partition (`aws`, "
                               "`aws-cn`, `aws-us-gov`, ...) follows from it.", alias="aws:region")
    account_id: AccountNumber = field(
        "The 12-digit account the stack deploys to, quoted in YAML. ARNs are built from it offline; on `pulumi up`/"
        "`preview` it must equal the caller identity's account.", alias=_key("accountId"))
    protect: Bool = field(
        "Pulumi refuses to delete a protected resource. This value protects everything the stack protects by default: "
        "repositories, KMS keys (`kmsKeys`), the notification topics it creates, the GitHub Actions OIDC provider it "
        "creates (`githubOidcProvider`) and adopted resources (users, groups, roles and registry-wide settings; "
        "adopted repositories like the others). A per-entry `protect` (repositories, `githubOidcProvider`) wins. "
        "Default: `false` on stacks `dev` and `dev-*`, `true` elsewhere.", None, alias=_key("protect"))
    repository_defaults: SettingsConfig = field(
        "Settings every repository inherits; a repository's own keys override them, its `tags` are merged over them.",
        None, alias=_key("repositoryDefaults"))
    repositories: list[RepositoryConfig] = field("The repositories.", None, alias=_key("repositories"))
    users: list[UserConfig] = field("IAM users and their grants.", None, alias=_key("users"))
    groups: list[GroupConfig] = field("IAM groups and their grants; users that share grants join one group.", None,
                                      alias=_key("groups"))
    roles: list[RoleConfig] = field("IAM roles, who may assume them, and their grants.", None, alias=_key("roles"))
    max_managed_policies_per_principal: MaxPolicies = field(
        "How many managed policies each user, group or role may take (1-20, the IAM quota of the account). Default 10.",
        None, alias=_key("maxManagedPoliciesPerPrincipal"))
    pull_through_cache: list[CacheConfig] = field("Pull-through cache rules and their creation templates.", None,
                                                  alias=_key("pullThroughCache"))
    registry_policy_scope: RegistryPolicyScopeValue = field(
        "The ECR account setting REGISTRY_POLICY_SCOPE: `V2` (managed only when set).", None, alias=_key("registryPolicyScope"))
    retain_on_delete: Bool = field("Default `retainOnDelete` of every repository. Default `false`.", None,
                                   alias=_key("retainOnDelete"))
    replication: Replication = field("Replication rules of this registry (to other regions or accounts).", None,
                                     alias=_key("replication"))
    replication_sources: list[ReplicationSourceConfig] = field(
        "Accounts whose registries replicate into this one (the registry policy lets them).", None,
        alias=_key("replicationSources"))
    scanning: Scanning = field("The registry's scanning configuration (or a list of them, each naming its `region`).", None,
                               alias=_key("scanning"))
    basic_scan_type_version: BasicScanTypeVersion = field(
        "The ECR account setting BASIC_SCAN_TYPE_VERSION: `AWS_NATIVE` (managed only when set).", None,
        alias=_key("basicScanTypeVersion"))
    namespaces: list[NamespaceConfig] = field("Team namespaces with create-on-push templates and their grants.", None,
                                              alias=_key("namespaces"))
    github_oidc_provider: GitHubOidcProvider = field(
        "The account's GitHub Actions OIDC identity provider, which roles with `trust.githubActions` name: `create` "
        "(short for `{create: true}`: this stack registers it), or `{arn: ...}` (it exists). Left out, it is assumed to "
        "exist and nothing is registered for it.", None, alias=_key("githubOidcProvider"))
    adopt_registry_settings: AdoptRegistrySettingsConfig = field(
        "Registry-wide settings that exist already (`registryPolicy`, `scanning`, `replication`): imported by the "
        "registry ID instead of created, then protected (`ecr-access:protect`) and retained on delete. It may be "
        "removed after the first `pulumi up` (the import is done); keeping it keeps that protection.", None, alias=_key("adoptRegistrySettings"))
    tags: IamTags = field(
        "Tags on every taggable resource of the stack: repositories, the repositories creation templates create "
        "(`resourceTags`), IAM users and roles, and managed policies. `repositoryDefaults.tags` and each resource's own "
        "`tags` are merged over them (the more specific wins). At most 50; as IAM tags, no two keys may differ only in "
        "letter case.", None,
        alias=_key("tags"))
    required_tag_keys: RequiredTagKeys = field(
        "Tag keys every repository must carry once its tags are merged (ECR tag keys are case-sensitive): those the "
        "stack declares, and the `resourceTags` of every creation template (pull-through caches, namespaces).", None,
        alias=_key("requiredTagKeys"))
    pull_time_update_exclusions: Exclusions = field(
        "IAM users and roles whose image pulls do not update the images' last recorded pull time: ARNs, or names of "
        "users and roles declared in the stack. At most 100.", None, alias=_key("pullTimeUpdateExclusions"))
    kms_keys: list[KmsKeyConfig] = field(
        "Customer managed KMS keys the stack creates (rotation on, key policy from the grants); repositories name one "
        "in `kmsKey`.", None, alias=_key("kmsKeys"))
    notifications: list[NotificationConfig] = field(
        "SNS topics and the EventBridge rules sending them ECR scan findings and pushes.", None,
        alias=_key("notifications"))

