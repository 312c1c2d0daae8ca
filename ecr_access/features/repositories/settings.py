"""Repository settings: what a repository inherits from `ecr-access:repositoryDefaults` and may override."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo

from ecr_access.config.base import Bool, ConfigModel, Maybe, OneOrMany, Str, context, fail, field, refused_when
from ecr_access.config.constraints import list_max, shape, shaped
from ecr_access.config.errors import Problems
from ecr_access.config.values import MAX_TAGS, Tags, merged_tags
from ecr_access.features.keys.names import declared_text, stack_key_name
from ecr_access.features.repositories.lifecycle import LifecycleConfig
from ecr_access.features.repositories.lifecycle_policy import LifecyclePolicy
from ecr_access.iam.arns import partition_for_region

_KMS_ARN = re.compile(r"arn:(aws[a-z-]*):kms:([a-z0-9-]+):([0-9]{12}):(key|alias)/[A-Za-z0-9/_+=.@-]+")
MUTABILITY = ("IMMUTABLE", "MUTABLE")
MAX_EXCLUSION_FILTERS = list_max("ecr", "ImageTagMutabilityExclusionFilters")
# Dual-layer KMS encryption, and the partition of the only regions where ECR offers it.
DSSE = "KMS_DSSE"
DSSE_PARTITION = "aws-us-gov"


@dataclass(frozen=True)
class RepositorySettings:
    """The settings a repository inherits from `repositoryDefaults` and may override."""

    tag_mutability: str = "IMMUTABLE"
    tag_mutability_exclusions: tuple[str, ...] = ()
    scan_on_push: bool = True
    encryption: str = "AES256"
    kms_key: str | None = None
    lifecycle: LifecyclePolicy | None = None
    tags: Mapping[str, str] = dataclass_field(default_factory=lambda: MappingProxyType({}))
    # The settings keys the entry wrote itself (`tagMutability`, ...): the others it inherits (repositoryDefaults).
    written: frozenset[str] = dataclass_field(default=frozenset(), compare=False)

    @property
    def image_tag_mutability(self) -> str:
        """The ECR tag mutability value, with exclusions folded in (`IMMUTABLE_WITH_EXCLUSION`)."""
        return image_tag_mutability(self.tag_mutability, self.tag_mutability_exclusions)

    @property
    def key_name(self) -> str | None:
        """The name of the stack's own key (`ecr-access:kmsKeys`) `kms_key` names; None for an ARN or no key."""
        return self.kms_key if self.kms_key and not self.kms_key.startswith("arn:") else None


def image_tag_mutability(mutability: str, exclusions: Sequence[str]) -> str:
    """The ECR tag mutability value, with exclusions folded in (`IMMUTABLE_WITH_EXCLUSION`)."""
    return f"{mutability}_WITH_EXCLUSION" if exclusions else mutability


# The rules of the settings, each one function the config and the components ask (a message, or None when accepted).
def mutability_problem(value: Any) -> str | None:
    """Why `value` is no tag mutability setting (exceptions are exclusions, not `*_WITH_EXCLUSION`), or None."""
    return None if value in MUTABILITY else "must be IMMUTABLE or MUTABLE (add tagMutabilityExclusions for exceptions)"


def exclusion_problem(value: str) -> str | None:
    """Why ECR would refuse `value` as a tag mutability exclusion filter (a wildcard with at most 2 `*`), or None."""
    problem = shape("ecr", "ImageTagMutabilityExclusionFilterValue").problem(value) or (
        "may hold at most 2 '*'" if value.count("*") > 2 else None)
    return f"is not a valid tag filter: {problem}" if problem else None


def kms_encryption_problem(encryption: str) -> str | None:
    """Why a KMS key may not be set with `encryption` (only KMS and KMS_DSSE take one), or None."""
    return None if encryption.startswith("KMS") else f"is set but encryption is {encryption}; set encryption: KMS"


def kms_arn_problem(value: str, region: str | None) -> str | None:
    """Why `value` cannot be the KMS key of a repository (or template) in `region`: a key or alias ARN of the region's
    partition and of the region itself (None: the region is unknown, the form alone is checked), or None. The stack
    config and the components share this rule."""
    match = _KMS_ARN.fullmatch(value)
    if not match:
        return "must be a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>)"
    if region is None:
        return None
    partition = partition_for_region(region)
    if match.group(1) != partition:
        return f"is in partition {match.group(1)}, but a repository in {region} is in partition {partition}"
    if match.group(2) != region:
        return f"is in {match.group(2)}, but a repository in {region} needs a key in its own region"
    return None


def encryption_problem(encryption: str, region: str | None) -> str | None:
    """Why `encryption` is not available in `region` (None: unknown, nothing to say): the ECR user guide ("Encryption
    at rest") documents DSSE-KMS as available only in the AWS GovCloud (US) Regions."""
    if encryption == DSSE and region is not None and partition_for_region(region) != DSSE_PARTITION:
        return (f'is available only in the AWS GovCloud (US) Regions (DSSE-KMS, the ECR user guide "Encryption at rest"), '
                f"not in {region}; use KMS")
    return None


def _kms_key(value: str, info: ValidationInfo) -> str:
    region = context(info, "region", "us-east-1")
    declared = context(info, "kms_keys", frozenset())
    registry = context(info, "registry")
    # A key the stack creates (`ecr-access:kmsKeys`), by its name or its alias ARN: kept as its name, so the key's
    # policy covers the repository and the repository waits for the key.
    if registry is not None and (name := stack_key_name(value, declared, registry.in_region(region))):
        return name
    if not value.startswith("arn:"):
        if value in declared:
            return value
        raise fail(f"must be a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>) or the name of a key of "
                   f"ecr-access:kmsKeys ({declared_text(declared)})")
    problem = kms_arn_problem(value, region)
    if problem:
        raise fail(problem)
    return value


def _encryption(value: str, info: ValidationInfo) -> str:
    problem = encryption_problem(value, context(info, "region", None))
    if problem:
        raise fail(problem)
    return value


VALID_REPOSITORY_NAME = "a valid ECR repository name (lowercase letters and digits, separated by . _ - or /)"
REPOSITORY_NAME = f"is not {VALID_REPOSITORY_NAME}"
RepositoryName = shaped("ecr", "RepositoryName", VALID_REPOSITORY_NAME)
Mutability = Annotated[Str, refused_when(mutability_problem), Field(json_schema_extra={"enum": list(MUTABILITY)})]
ExclusionFilter = Annotated[Str, refused_when(exclusion_problem)]
KmsKeyArn = Annotated[Str, AfterValidator(_kms_key)]
Encryption = Annotated[shaped("ecr", "EncryptionType"), AfterValidator(_encryption)]


class TemplateSettingsConfig(ConfigModel):
    """The settings a creation template shares with repositories (templates have no scan-on-push setting)."""

    tag_mutability: Maybe(Mutability) = field(
        "`IMMUTABLE` or `MUTABLE` (`MUTABLE` only on dev stacks, `dev` and `dev-*`). Default `IMMUTABLE`.", None)
    tag_mutability_exclusions: Maybe(OneOrMany(ExclusionFilter, MAX_EXCLUSION_FILTERS), "a list") = field(
        "Up to 5 tag filters (letters, digits, `._-`, at most 2 `*`) exempt from the mutability setting; makes it "
        "`IMMUTABLE_WITH_EXCLUSION` (or `MUTABLE_WITH_EXCLUSION`). Default none.", None)
    encryption: Maybe(Encryption) = field(
        "`AES256`, `KMS` or `KMS_DSSE` (`KMS_DSSE` only in the AWS GovCloud (US) Regions, where AWS offers it). Changing "
        "it replaces the repository. Default `AES256`.", None)
    kms_key: Maybe(KmsKeyArn) = field(
        "KMS key or alias ARN in the repository's region and the stack's partition, or the name (or alias ARN) of a key "
        "of `ecr-access:kmsKeys` (which the stack creates; named in `repositoryDefaults`, a creation template that would "
        "inherit it is refused); only with `KMS`/`KMS_DSSE`. Default: the AWS managed key.", None)
    lifecycle: Maybe(LifecycleConfig, "a map") = field(
        "The lifecycle policy: a `preset`, `rules`, and the shorthands `keepTagged` and `expireUntaggedAfterDays` "
        "(validated, 100-30,720 characters; docs/guides/lifecycle.md).", None)
    tags: Maybe(Tags, "a map of tag keys to values") = field(
        "Resource tags as AWS takes them: keys 1-128 and values 0-256 characters, letters and digits of any script, "
        "spaces and `_ . : / = + - @`, keys not starting with `aws:`; at most 50 with the inherited ones. Merged over the "
        "tags it inherits, `ecr-access:tags` and then the defaults' (the more specific wins).", None)

    def over(self, base: RepositorySettings, path: str, problems: Problems, scan_on_push: bool | None = None,
             region: str | None = None) -> RepositorySettings:
        """These settings on top of `base` (tags merge, the rest override); a problem across keys is recorded at `path`.

        `region`: where the entry's resource lies, when known (an inherited KMS key must be of that region).
        """
        encryption = self.encryption or base.encryption
        kms_key = self.kms_key if self.kms_key is not None else (base.kms_key if self.encryption is None else None)
        if kms_key and (problem := kms_encryption_problem(encryption)):
            problems.add(f"{path}.kmsKey", problem, kms_key)
        elif kms_key and self.kms_key is None and region is not None:
            match = _KMS_ARN.fullmatch(kms_key)
            if match and match.group(2) != region:
                problems.add(f"{path}.kmsKey", f"is inherited from ecr-access:repositoryDefaults, a key in {match.group(2)}, but "
                             f"this entry is in {region}: give it a kmsKey of {region}", kms_key)
        tags = merged_tags(base.tags, self.tags or {})
        keys = SettingsConfig.model_fields
        if len(tags) > MAX_TAGS and len(base.tags) <= MAX_TAGS:  # (inherited ones over the limit are reported where set)
            problems.add(f"{path}.tags", f"has {len(tags)} tags with the ones it inherits (ecr-access:tags, "
                         f"ecr-access:repositoryDefaults.tags); AWS allows {MAX_TAGS}")
        return RepositorySettings(
            tag_mutability=self.tag_mutability or base.tag_mutability,
            tag_mutability_exclusions=self.tag_mutability_exclusions if self.tag_mutability_exclusions is not None
            else base.tag_mutability_exclusions,
            scan_on_push=base.scan_on_push if scan_on_push is None else scan_on_push,
            encryption=encryption,
            kms_key=kms_key,
            lifecycle=self.lifecycle.policy if self.lifecycle is not None else base.lifecycle,
            tags=MappingProxyType(tags),
            written=frozenset(keys[name].alias or name for name in self.model_fields_set if name in keys),
        )


class SettingsConfig(TemplateSettingsConfig):
    """`ecr-access:repositoryDefaults`: settings every repository inherits; a repository's own keys override them."""

    scan_on_push: Maybe(Bool, "true or false") = field(
        "Basic scan of every pushed image (`false` only on dev stacks). Not set on the repository when the stack "
        "declares `ecr-access:scanning`. Default `true`.", None)

    def settings(self, base: RepositorySettings, path: str, problems: Problems, region: str | None = None) -> RepositorySettings:
        """These settings on top of `base` (`region`: where the repository lies, when known)."""
        return self.over(base, path, problems, self.scan_on_push, region)
