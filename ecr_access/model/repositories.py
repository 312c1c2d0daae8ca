"""Repository entries of stack config: settings shared with defaults, and the repositories themselves."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

from ecr_access.model.constraints import list_max, shape, shaped
from ecr_access.model.errors import ConfigError, Problems
from ecr_access.model.reader import MapNode, Node
from ecr_access.policies.arns import partition_for_region
from ecr_access.policies.errors import PolicyError
from ecr_access.policies.lifecycle import ExpireUntagged, KeepTagged, LifecyclePolicy

if TYPE_CHECKING:  # model.repository_policy imports model.grants, which imports this module
    from ecr_access.model.repository_policy import RepositoryPolicySpec

SETTINGS_KEYS = (
    "tagMutability", "tagMutabilityExclusions", "scanOnPush", "encryption", "kmsKey", "lifecycle", "tags",
)
# `repositoryPolicy` is read by model.repository_policy (model.stack attaches it), not here.
REPOSITORY_KEYS = ("name", "forceDelete", "protect", "repositoryPolicy", "adopt", "importId") + SETTINGS_KEYS
# Safety keys (README.md, "Safety"): keep the images of a repository the stack stops managing, rename with an alias.
SAFETY_KEYS = ("retainOnDelete", "renamedFrom", "allowReplace")
REPOSITORY_KEYS += SAFETY_KEYS
_KMS_ARN = re.compile(r"arn:(aws[a-z-]*):kms:([a-z0-9-]+):([0-9]{12}):(key|alias)/[A-Za-z0-9/_+=.@-]+")
_MAX_TAGS = 50
_TAG_CHARACTERS = "letters, digits, spaces and _ . : / = + - @"


@dataclass(frozen=True)
class RepositorySettings:
    """The settings a repository inherits from `repositoryDefaults` and may override."""

    tag_mutability: str = "IMMUTABLE"
    tag_mutability_exclusions: tuple[str, ...] = ()
    scan_on_push: bool = True
    encryption: str = "AES256"
    kms_key: str | None = None
    lifecycle: LifecyclePolicy | None = None
    tags: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def image_tag_mutability(self) -> str:
        """The ECR tag mutability value, with exclusions folded in (`IMMUTABLE_WITH_EXCLUSION`)."""
        return f"{self.tag_mutability}_WITH_EXCLUSION" if self.tag_mutability_exclusions else self.tag_mutability


@dataclass(frozen=True)
class RepositorySpec:
    """One declared repository, validated; `path` is where it sits in stack config."""

    name: str
    path: str
    settings: RepositorySettings
    force_delete: bool = False
    protect: bool = True
    policy: RepositoryPolicySpec | None = None
    # Set when the repository already exists: Pulumi imports it (ECR's import ID is the repository name).
    import_id: str | None = None
    retain_on_delete: bool = False
    renamed_from: str | None = None
    allow_replace: bool = False

    @property
    def replaces(self) -> bool:
        """True when deploying this entry replaces a repository in AWS (its name changed from `renamed_from`)."""
        return self.renamed_from is not None

    @property
    def resource_protect(self) -> bool:
        """`protect` of the aws.ecr.Repository: off only for a confirmed rename, which the engine would refuse."""
        return self.protect and not (self.replaces and self.allow_replace)

    @property
    def resource_retain_on_delete(self) -> bool:
        """`retainOnDelete` of the aws.ecr.Repository: always on during a rename, so the old images stay in AWS."""
        return self.retain_on_delete or self.replaces


def read_settings(node: MapNode, base: RepositorySettings, region: str) -> RepositorySettings:
    """Read the settings keys present in `node` on top of `base` (tags merge, the rest override)."""
    mutability = node.get("tagMutability", _mutability, base.tag_mutability)
    exclusions = node.get("tagMutabilityExclusions", _exclusions, base.tag_mutability_exclusions)
    encryption = node.get("encryption", _encryption, base.encryption)
    kms_key = node.get("kmsKey", lambda n: _kms_key(n, region), base.kms_key if "encryption" not in node.value else None)
    if kms_key and not encryption.startswith("KMS") and node.ok("encryption"):
        node.problem(f"{node.path}.kmsKey", f"is set but encryption is {encryption}; set encryption: KMS", kms_key)
    tags = dict(base.tags)
    tags.update(node.get("tags", read_tags, {}))
    if len(tags) > _MAX_TAGS:
        node.problem(f"{node.path}.tags", f"has {len(tags)} tags with the defaults; AWS allows {_MAX_TAGS}")
    return RepositorySettings(
        tag_mutability=mutability,
        tag_mutability_exclusions=exclusions,
        scan_on_push=node.get("scanOnPush", Node.as_bool, base.scan_on_push),
        encryption=encryption,
        kms_key=kms_key,
        lifecycle=node.get("lifecycle", _lifecycle, base.lifecycle),
        tags=MappingProxyType(tags),
    )


def read_repository(
    node: Node, defaults: RepositorySettings, region: str, protect: bool, retain_on_delete: bool = False
) -> RepositorySpec:
    """Read one `repositories[i]` entry (`retain_on_delete` is the stack's `ecr-access:retainOnDelete`); every problem in it is reported."""
    with node.entry(REPOSITORY_KEYS) as entry:
        name = entry.req("name", repository_name)
        spec = RepositorySpec(
            name=name,
            path=node.path,
            settings=read_settings(entry, defaults, region),
            force_delete=entry.get("forceDelete", Node.as_bool, False),
            protect=entry.get("protect", Node.as_bool, protect),
            import_id=_import_id(entry, name),
            retain_on_delete=entry.get("retainOnDelete", Node.as_bool, retain_on_delete),
            renamed_from=entry.get("renamedFrom", repository_name, None),
            allow_replace=entry.get("allowReplace", Node.as_bool, False),
        )
        if spec.force_delete and spec.protect and entry.ok("protect"):
            entry.problem(f"{node.path}.forceDelete", "cannot be true on a protected repository (it would delete its images)", True)
        if entry.ok("name", "protect", "allowReplace"):
            _check_rename(spec)
    return spec


def _import_id(entry: MapNode, name: str | None) -> str | None:
    adopt = entry.get("adopt", Node.as_bool, False)
    if not entry.has("importId"):
        return name if adopt else None
    value = entry.get("importId", Node.as_str, None)
    if value is not None and name is not None and value != name:
        # aws.ecr.Repository (and its lifecycle and repository policies) import by the repository name alone.
        entry.problem(f"{entry.path}.importId", f"must be the repository name {name!r}: ECR imports a repository by its name", value)
    if entry.has("adopt") and not adopt and entry.ok("adopt"):
        entry.problem(f"{entry.path}.adopt", "is false but importId is set; remove one of them", False)
    return value


def _check_rename(spec: RepositorySpec) -> None:
    # A new name is a new repository in AWS: refuse it on protected repositories unless the entry says it is meant.
    if spec.renamed_from == spec.name:
        raise ConfigError.at(f"{spec.path}.renamedFrom", "is the repository's own name; remove renamedFrom", spec.renamed_from)
    if spec.renamed_from is not None and spec.protect and not spec.allow_replace:
        raise ConfigError.at(
            f"{spec.path}.renamedFrom",
            f"renaming to {spec.name!r} replaces the repository in AWS (a new, empty repository; the old one and its "
            "images are kept, not deleted); this repository is protected: set allowReplace: true on the entry to confirm",
            spec.renamed_from,
        )
    if spec.allow_replace and spec.renamed_from is None:
        raise ConfigError.at(f"{spec.path}.allowReplace", "allows nothing without renamedFrom; remove it", True)


def repository_name(node: Node) -> str:
    """A repository name as ECR accepts it (botocore `RepositoryName`)."""
    return shaped(node, "ecr", "RepositoryName", "a valid ECR repository name (lowercase letters and digits, separated by . _ - or /)")


def _mutability(node: Node) -> str:
    value = node.as_str()
    if value not in ("IMMUTABLE", "MUTABLE"):
        raise node.fail("must be IMMUTABLE or MUTABLE (add tagMutabilityExclusions for exceptions)")
    return value


def _exclusions(node: Node) -> tuple[str, ...]:
    values = node.as_str_list(max_items=list_max("ecr", "ImageTagMutabilityExclusionFilters"))
    filter_shape = shape("ecr", "ImageTagMutabilityExclusionFilterValue")
    for i, value in enumerate(values):
        problem = filter_shape.problem(value) or ("may hold at most 2 '*'" if value.count("*") > 2 else None)
        if problem:
            raise ConfigError.at(f"{node.path}[{i}]", f"is not a valid tag filter: {problem}", value)
    return tuple(values)


def _encryption(node: Node) -> str:
    return shaped(node, "ecr", "EncryptionType")


def _kms_key(node: Node, region: str) -> str:
    value = node.as_str()
    match = _KMS_ARN.fullmatch(value)
    if not match:
        raise node.fail("must be a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>)")
    partition = partition_for_region(region)
    if match.group(1) != partition:
        raise node.fail(f"is in partition {match.group(1)}, but a repository in {region} is in partition {partition}")
    if match.group(2) != region:
        raise node.fail(f"is in {match.group(2)}, but a repository in {region} needs a key in its own region")
    return value


def read_tags(node: Node, iam: bool = False) -> dict[str, str]:
    """A map of resource tags as AWS accepts them: at most 50; keys 1-128 and values 0-256 letters, digits, spaces and
    `_.:/=+-@` (AWS's tag pattern, botocore `iam` `tagKeyType`/`tagValueType`; ECR tags follow the same rules); keys not aws:.

    ECR tag keys are case-sensitive (`Team` and `team` are two tags); IAM's (`iam`: users, groups, roles) are not: keys
    differing only in letter case are refused there."""
    if not isinstance(node.value, dict):
        raise node.fail("must be a map of tag keys to values")
    if len(node.value) > _MAX_TAGS:
        raise node.fail(f"has {len(node.value)} tags; AWS allows {_MAX_TAGS}")
    problems = Problems()
    out: dict[str, str] = {}
    folded: dict[str, str] = {}
    for key, value in node.value.items():
        at = f"{node.path}.{key}"
        if not isinstance(key, str) or shape("iam", "tagKeyType").problem(key) or key.lower().startswith("aws:"):
            problems.add(at, f"tag keys are 1-128 {_TAG_CHARACTERS} and may not start with aws:", key)
        elif iam and key.lower() in folded:
            problems.add(at, f"differs from tag key {folded[key.lower()]} only in letter case; IAM tag keys ignore case, "
                         "so it would be the same tag: keep one", key)
        elif not isinstance(value, str) or shape("iam", "tagValueType").problem(value):
            problems.add(at, f"tag values are strings of 0-256 {_TAG_CHARACTERS}", value)
        else:
            out[key] = value
            folded.setdefault(key.lower(), key)
    problems.raise_if_any()
    return out


def _lifecycle(node: Node) -> LifecyclePolicy:
    # Each rule is checked where it is written (`keepTagged[0]`), once: a policy in repositoryDefaults is read once.
    with node.entry(("keepTagged", "expireUntaggedAfterDays")) as entry:
        rules: list = list(entry.items("keepTagged", _keep_tagged))
        if entry.has("expireUntaggedAfterDays"):
            days = entry.get("expireUntaggedAfterDays", lambda n: n.as_int(1, 3650), None)
            rules += [ExpireUntagged(days)] if days is not None else []
        if not rules and entry.ok("keepTagged", "expireUntaggedAfterDays"):
            entry.problem(node.path, "needs keepTagged or expireUntaggedAfterDays", node.value)
    policy = LifecyclePolicy(tuple(rules))
    try:
        policy.rendered("")
    except PolicyError as err:
        raise node.fail(err.reason) from None
    return policy


def _keep_tagged(node: Node) -> KeepTagged:
    with node.entry(("count", "prefixes", "patterns")) as keep:
        rule = KeepTagged(
            count=keep.req("count", lambda n: n.as_int(1, 10000), 1),
            prefixes=keep.get("prefixes", Node.as_str_list, ()),
            patterns=keep.get("patterns", Node.as_str_list, ()),
        )
        if keep.ok("prefixes", "patterns"):
            try:
                rule.check()
            except PolicyError as err:
                keep.problem(node.path, str(err), node.value)
    return rule
