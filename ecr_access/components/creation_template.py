"""Register one repository creation template (shared by pull-through caches and team namespaces)."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from ecr_access.components.settings import RepositoryTemplate, role_arn
from ecr_access.iam.validate import RenderedPolicy


def register_creation_template(
    resource_name: str,
    prefix: str,
    applied_for: tuple[str, ...],
    template: RepositoryTemplate,
    description: str,
    lifecycle_policy: RenderedPolicy | None,
    parent: pulumi.Resource,
    depends_on: tuple[pulumi.Resource, ...] = (),
    region: str | None = None,
) -> aws.ecr.RepositoryCreationTemplate:
    """An `aws.ecr.RepositoryCreationTemplate` for `prefix` with the template's settings, under `parent`.

    `depends_on` holds the stack's own role named by `custom_role_arn`, which must exist first; `region` is where the
    template is set (None: the provider's region).
    """
    exclusions = [
        aws.ecr.RepositoryCreationTemplateImageTagMutabilityExclusionFilterArgs(filter=f, filter_type="WILDCARD")
        for f in template.tag_mutability_exclusions
    ]
    return aws.ecr.RepositoryCreationTemplate(
        resource_name,
        prefix=prefix,
        applied_fors=list(applied_for),
        description=description,
        image_tag_mutability=template.image_tag_mutability,
        image_tag_mutability_exclusion_filters=exclusions or None,
        encryption_configurations=[
            aws.ecr.RepositoryCreationTemplateEncryptionConfigurationArgs(encryption_type=template.encryption, kms_key=template.kms_key)
        ],
        lifecycle_policy=lifecycle_policy.json if lifecycle_policy is not None else None,
        resource_tags=dict(template.tags) or None,
        custom_role_arn=role_arn(template.custom_role_arn),
        region=region,
        opts=pulumi.ResourceOptions(parent=parent, depends_on=list(depends_on)),
    )
