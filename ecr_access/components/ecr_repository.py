"""EcrRepository: one ECR repository with its lifecycle policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import pulumi
import pulumi_aws as aws

from ecr_access.compiler.repositories import CompiledRepository

TYPE = "ecr-access:ecr:EcrRepository"
# Type tokens this component was registered under before. Renaming the component (or its module) changes every
# repository's URN: add the old token here, and the repositories keep their URNs (tests/test_urn_snapshot.py).
PREVIOUS_TYPES: tuple[str, ...] = ()


def aliases(repository: CompiledRepository) -> list[pulumi.Alias]:
    """The component's aliases: its earlier type tokens and, for a renamed repository, its old name (children inherit)."""
    out = [pulumi.Alias(type_=t) for t in PREVIOUS_TYPES]
    old = repository.spec.renamed_from
    if old is not None:
        out += [pulumi.Alias(name=old)] + [pulumi.Alias(name=old, type_=t) for t in PREVIOUS_TYPES]
    return out


@dataclass(frozen=True)
class EcrRepositoryArgs:
    """What to register: a compiled repository (settings validated, lifecycle policy rendered).

    `registry_scanning`: the stack declares the registry's scanning configuration, which AWS applies instead of the
    repository's own (deprecated) imageScanningConfiguration; the repository then sets none.
    """

    repository: CompiledRepository
    registry_scanning: bool = False


class EcrRepository(pulumi.ComponentResource):
    """An ECR repository with safe defaults (immutable tags, scan on push) and its lifecycle policy."""

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (README.md, "Benchmark").
    if TYPE_CHECKING:
        name: pulumi.Output[str]
        arn: pulumi.Output[str]
        repository_url: pulumi.Output[str]
        registry_id: pulumi.Output[str]

    def __init__(self, name: str, args: EcrRepositoryArgs, opts: Optional[pulumi.ResourceOptions] = None):
        own = pulumi.ResourceOptions(aliases=aliases(args.repository) or None)
        super().__init__(TYPE, name, None, pulumi.ResourceOptions.merge(own, opts))
        spec = args.repository.spec
        s = spec.settings
        exclusions = [
            aws.ecr.RepositoryImageTagMutabilityExclusionFilterArgs(filter=f, filter_type="WILDCARD")
            for f in s.tag_mutability_exclusions
        ]
        self.repository = aws.ecr.Repository(
            name,
            name=spec.name,
            image_tag_mutability=s.image_tag_mutability,
            image_tag_mutability_exclusion_filters=exclusions or None,
            image_scanning_configuration=None if args.registry_scanning
            else aws.ecr.RepositoryImageScanningConfigurationArgs(scan_on_push=s.scan_on_push),
            encryption_configurations=[
                aws.ecr.RepositoryEncryptionConfigurationArgs(encryption_type=s.encryption, kms_key=s.kms_key)
            ],
            force_delete=spec.force_delete,
            tags=dict(s.tags) or None,
            # The repository holds the images: it alone carries `protect` (and `retainOnDelete`, kept on a rename).
            # An adopted one is imported, not created.
            opts=pulumi.ResourceOptions(
                parent=self,
                protect=spec.resource_protect,
                retain_on_delete=spec.resource_retain_on_delete,
                import_=spec.import_id,
            ),
        )
        self.lifecycle_policy = None
        if args.repository.lifecycle_policy is not None:
            self.lifecycle_policy = aws.ecr.LifecyclePolicy(
                f"{name}-lifecycle",
                repository=self.repository.name,
                policy=args.repository.lifecycle_policy.json,
                # Not imported with an adopted repository: an import fails unless the existing policy equals this one
                # exactly, while creating it simply replaces what is there (PutLifecyclePolicy).
                opts=pulumi.ResourceOptions(parent=self),
            )
        self.name = self.repository.name
        self.arn = self.repository.arn
        self.repository_url = self.repository.repository_url
        self.registry_id = self.repository.registry_id
        self.register_outputs(
            {"name": self.name, "arn": self.arn, "repository_url": self.repository_url, "registry_id": self.registry_id}
        )
