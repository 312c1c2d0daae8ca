"""EcrRepository: one ECR repository with its lifecycle policy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pulumi
import pulumi_aws as aws
from pydantic.alias_generators import to_snake

from ecr_access.components.checks import ArgsCheck
from ecr_access.components.registry import provider_region
from ecr_access.components.repository_key import RepositoryKey
from ecr_access.components.settings import check_settings
from ecr_access.features.repositories.config import force_delete_problem, rename_problems
from ecr_access.features.repositories.lifecycle_policy import LifecyclePolicy, Rule
from ecr_access.features.repositories.settings import VALID_REPOSITORY_NAME, image_tag_mutability
from ecr_access.iam.document import Condition
from ecr_access.iam.grants import Grant
from ecr_access.iam.levels import Level

TYPE = "ecr-access:ecr:EcrRepository"
REPOSITORY = "aws:ecr/repository:Repository"
# Type tokens this component was registered under before. Renaming the component (or its module) changes every
# repository's URN: add the old token here, and the repositories keep their URNs (tests/test_urn_snapshot.py).
PREVIOUS_TYPES: tuple[str, ...] = ()


def aliases(renamed_from: str | None) -> list[pulumi.Alias]:
    """The component's aliases: its earlier type tokens and, for a renamed repository, its old name (children inherit)."""
    out = [pulumi.Alias(type_=t) for t in PREVIOUS_TYPES]
    if renamed_from is not None:
        out += [pulumi.Alias(name=renamed_from)] + [pulumi.Alias(name=renamed_from, type_=t) for t in PREVIOUS_TYPES]
    return out


@dataclass(frozen=True)
class EcrRepositoryArgs:
    """An ECR repository's settings; the defaults are the safe ones (immutable tags, scan on push, protected).

    Args:
        name: the repository name (default: the component's resource name).
        tag_mutability: IMMUTABLE (default) or MUTABLE.
        tag_mutability_exclusions: tag filters (wildcards, at most 2 `*`) exempt from the mutability setting.
        scan_on_push: basic scanning of every pushed image (ignored when `registry_scanning` is set).
        registry_scanning: the registry's scanning configuration applies instead of the repository's own.
        encryption: AES256 (default), KMS or KMS_DSSE; `kms_key` is the key (an ARN, or a RepositoryKey the repository
            then waits for) with KMS.
        lifecycle: a typed lifecycle policy: a LifecyclePolicy (`LifecyclePolicy.from_preset("production", ...)` too) or
            a list of its rules (LifecycleRule, KeepTagged, ExpireUntagged), numbered in the order given.
        tags: resource tags.
        force_delete: delete the images with the repository (refused on a protected repository).
        protect: Pulumi refuses to delete the repository (its images) while set.
        retain_on_delete: keep the repository in AWS when the program stops managing it.
        adopt: the repository exists already: import it by name instead of creating it; it is then always retained on
            delete (dropping it from the program never deletes what the program did not create).
        renamed_from: the repository's former name (an alias keeps its URN; AWS gets a new, empty repository).
        allow_replace: confirms `renamed_from` on a protected repository.
        region: the region to create the repository in (default: the provider's); its lifecycle policy, a RepoPolicy
            on it and the grants it gives follow it.
    """

    name: str | None = None
    tag_mutability: str = "IMMUTABLE"
    tag_mutability_exclusions: Sequence[str] = ()
    scan_on_push: bool = True
    registry_scanning: bool = False
    encryption: str = "AES256"
    kms_key: str | RepositoryKey | pulumi.Output[str] | None = None
    lifecycle: LifecyclePolicy | Sequence[Rule] | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    force_delete: bool = False
    protect: bool = True
    retain_on_delete: bool = False
    adopt: bool = False
    renamed_from: str | None = None
    allow_replace: bool = False
    region: str | None = None


def _check(name: str, args: EcrRepositoryArgs, region: str | None):
    # `region`: where the repository lands (its own, else the default provider's), None when a provider decides.
    check = ArgsCheck("EcrRepositoryArgs")
    check.shaped("name", name, "ecr", "RepositoryName", VALID_REPOSITORY_NAME)
    lifecycle = check_settings(check, "", args, region, name)
    if args.kms_key is not None and not isinstance(args.kms_key, (str, RepositoryKey, pulumi.Output)):
        check.add("kms_key", "must be a KMS key ARN or a RepositoryKey", repr(args.kms_key))
    if problem := force_delete_problem(args.force_delete, args.protect):
        check.add("force_delete", problem, True)
    if args.renamed_from is not None:
        check.shaped("renamed_from", args.renamed_from, "ecr", "RepositoryName", VALID_REPOSITORY_NAME)
    for key, message, value in rename_problems(name, args.renamed_from, args.allow_replace, args.protect):
        check.add(to_snake(key), message, value)
    if args.region is not None:
        check.region("region", args.region)
    check.raise_if_any()
    return lifecycle


class EcrRepository(pulumi.ComponentResource):
    """An ECR repository with safe defaults (immutable tags, scan on push) and its lifecycle policy.

    Its arguments are checked before anything is registered. `grant(...)` (and `grant_pull()`, `grant_push()`) give
    the Grants principals take in their args, as the CDK's `repository.grantPull(role)` does from the other side.
    """

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (docs/benchmark.md).
    if TYPE_CHECKING:
        name: pulumi.Output[str]
        arn: pulumi.Output[str]
        repository_url: pulumi.Output[str]
        registry_id: pulumi.Output[str]
        region: pulumi.Output[str]

    def __init__(self, name: str, args: EcrRepositoryArgs | None = None, opts: pulumi.ResourceOptions | None = None):
        args = args or EcrRepositoryArgs()
        repository_name = args.name or name
        lifecycle = _check(repository_name, args, provider_region(args.region, opts, REPOSITORY))
        own = pulumi.ResourceOptions(aliases=aliases(args.renamed_from) or None)
        super().__init__(TYPE, name, None, pulumi.ResourceOptions.merge(own, opts))
        #: The repository's name, known when the program runs (for grants and ARNs).
        self.repository_name = repository_name
        #: The region it was given (None: the provider's), known when the program runs (grants on it are scoped there).
        self.repository_region = args.region
        replaces = args.renamed_from is not None
        exclusions = [
            aws.ecr.RepositoryImageTagMutabilityExclusionFilterArgs(filter=f, filter_type="WILDCARD")
            for f in args.tag_mutability_exclusions
        ]
        # A key the program creates: the repository takes its ARN (known once the key exists) and waits for it.
        key: RepositoryKey | None = None
        kms_key: str | pulumi.Output[str] | None
        if isinstance(args.kms_key, RepositoryKey):
            key, kms_key = args.kms_key, args.kms_key.arn
        else:
            kms_key = args.kms_key
        self.repository = aws.ecr.Repository(
            name,
            name=repository_name,
            image_tag_mutability=image_tag_mutability(args.tag_mutability, args.tag_mutability_exclusions),
            image_tag_mutability_exclusion_filters=exclusions or None,
            image_scanning_configuration=None if args.registry_scanning
            else aws.ecr.RepositoryImageScanningConfigurationArgs(scan_on_push=args.scan_on_push),
            encryption_configurations=[
                aws.ecr.RepositoryEncryptionConfigurationArgs(encryption_type=args.encryption, kms_key=kms_key)
            ],
            force_delete=args.force_delete,
            tags=dict(args.tags) or None,
            region=args.region,
            # The repository holds the images: it alone carries `protect` (off only for a confirmed rename, which
            # the engine would refuse) and `retainOnDelete` (always on during a rename). An adopted one is imported, and
            # retained.
            opts=pulumi.ResourceOptions(
                parent=self,
                protect=args.protect and not (replaces and args.allow_replace),
                retain_on_delete=args.retain_on_delete or replaces or args.adopt,
                import_=repository_name if args.adopt else None,
                depends_on=[key] if key is not None else None,
            ),
        )
        self.lifecycle_policy = None
        if lifecycle is not None:
            self.lifecycle_policy = aws.ecr.LifecyclePolicy(
                f"{name}-lifecycle",
                repository=self.repository.name,
                policy=lifecycle.json,
                region=args.region,
                # Not imported with an adopted repository: an import fails unless the existing policy equals this one
                # exactly, while creating it simply replaces what is there (PutLifecyclePolicy).
                opts=pulumi.ResourceOptions(parent=self),
            )
        self.name = self.repository.name
        self.arn = self.repository.arn
        self.repository_url = self.repository.repository_url
        self.registry_id = self.repository.registry_id
        self.region = self.repository.region
        self.register_outputs(
            {"name": self.name, "arn": self.arn, "repository_url": self.repository_url, "registry_id": self.registry_id,
             "region": self.region}
        )

    def grant(self, *levels: Level | str, actions: Iterable[str] = (), conditions: Iterable[Condition] = ()) -> Grant:
        """An identity grant of `levels` (and extra actions) on this repository, for a user's, group's or role's args."""
        return Grant.on(self, levels=levels, actions=actions, conditions=conditions)

    def grant_pull(self) -> Grant:
        """Pull images from this repository."""
        return self.grant(Level.PULL)

    def grant_push(self) -> Grant:
        """Push (and pull) images to this repository."""
        return self.grant(Level.PUSH)
