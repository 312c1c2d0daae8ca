"""Repository settings shared by repositories and creation templates, and how their arguments are checked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic.alias_generators import to_snake

from ecr_access.components.checks import ArgsCheck
from ecr_access.config.base import NO_VALUE
from ecr_access.config.errors import too_many_items
from ecr_access.features.namespaces.templates import (
    adds_tags,
    template_description_problem,
    template_kms_key_problem,
    template_role_problem,
)
from ecr_access.features.repositories.lifecycle_policy import LifecyclePolicy, Rule
from ecr_access.features.repositories.settings import (
    MAX_EXCLUSION_FILTERS,
    encryption_problem,
    exclusion_problem,
    image_tag_mutability,
    kms_arn_problem,
    kms_encryption_problem,
    mutability_problem,
)
from ecr_access.iam.validate import RenderedPolicy


@dataclass(frozen=True)
class RepositoryTemplate:
    """The settings a creation template gives the repositories ECR creates under a prefix (namespace or cache).

    Args:
        tag_mutability: IMMUTABLE (default) or MUTABLE.
        tag_mutability_exclusions: tag filters (wildcards, at most 2 `*`) exempt from the mutability setting.
        encryption: AES256 (default), KMS or KMS_DSSE.
        kms_key: the KMS key ARN (not an alias) with KMS encryption.
        lifecycle: the lifecycle policy of the created repositories: a LifecyclePolicy (`LifecyclePolicy.from_preset(...)`
            too) or a list of its rules (LifecycleRule, KeepTagged, ExpireUntagged).
        tags: resource tags of the created repositories (ECR applies them through `custom_role_arn`).
        description: the template's description.
        custom_role_arn: the role of this account ECR applies tags and KMS keys with (required with tags or KMS).
    """

    tag_mutability: str = "IMMUTABLE"
    tag_mutability_exclusions: Sequence[str] = ()
    encryption: str = "AES256"
    kms_key: str | None = None
    lifecycle: LifecyclePolicy | Sequence[Rule] | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    description: str | None = None
    custom_role_arn: str | None = None

    @property
    def image_tag_mutability(self) -> str:
        """The ECR tag mutability value, exclusions folded in (`IMMUTABLE_WITH_EXCLUSION`)."""
        return image_tag_mutability(self.tag_mutability, self.tag_mutability_exclusions)

    @property
    def adds_tags(self) -> bool:
        """True when the template tags the repositories it creates (their creators then need ecr:TagResource)."""
        return adds_tags(self.tags)


def check_settings(check: ArgsCheck, prefix: str, settings: Any, region: str | None, label: str) -> RenderedPolicy | None:
    """Check the repository settings of `settings` (at `prefix`); returns its rendered lifecycle policy, if any."""
    at = f"{prefix}." if prefix else ""
    if problem := mutability_problem(settings.tag_mutability):
        check.add(f"{at}tag_mutability", problem, settings.tag_mutability)
    exclusions = list(settings.tag_mutability_exclusions)
    if MAX_EXCLUSION_FILTERS is not None and len(exclusions) > MAX_EXCLUSION_FILTERS:
        check.add(f"{at}tag_mutability_exclusions", too_many_items(len(exclusions), MAX_EXCLUSION_FILTERS), exclusions)
    for i, value in enumerate(exclusions):
        if problem := exclusion_problem(value):
            check.add(f"{at}tag_mutability_exclusions[{i}]", problem, value)
    check.shaped(f"{at}encryption", settings.encryption, "ecr", "EncryptionType")
    if isinstance(settings.encryption, str) and (problem := encryption_problem(settings.encryption, region)):
        check.add(f"{at}encryption", problem, settings.encryption)
    check_kms_key(check, f"{at}kms_key", settings.encryption, settings.kms_key, region)
    check.tags(f"{at}tags", settings.tags)
    return None if settings.lifecycle is None else check_lifecycle(check, f"{at}lifecycle", settings.lifecycle, label)


def check_kms_key(check: ArgsCheck, field: str, encryption: str, kms_key: Any, region: str | None) -> None:
    """A KMS key only with KMS encryption, as a key or alias ARN (of `region` when it is known), or a key the program
    creates (a RepositoryKey or an Output, checked by its owner)."""
    if kms_key is None:
        return
    if problem := kms_encryption_problem(str(encryption)):
        check.add(field, problem, kms_key if isinstance(kms_key, str) else getattr(kms_key, "alias_name", repr(kms_key)))
    elif isinstance(kms_key, str) and (problem := kms_arn_problem(kms_key, region)):
        check.add(field, problem, kms_key)


def check_lifecycle(check: ArgsCheck, at: str, lifecycle: Any, label: str) -> RenderedPolicy | None:
    """Check a lifecycle argument (a LifecyclePolicy, or a list of its rules) at `at`; its rendered policy when it is
    accepted. Each problem is at its rule's argument path (`lifecycle.rules[1].select.tag_prefixes[0]`)."""
    policy = LifecyclePolicy(tuple(lifecycle)) if isinstance(lifecycle, (list, tuple)) else lifecycle
    if not isinstance(policy, LifecyclePolicy):
        check.add(at, "must be a LifecyclePolicy or a list of LifecycleRule, KeepTagged and ExpireUntagged rules", repr(lifecycle))
        return None
    problems = policy.problems()
    for where, message, value in problems:
        check.add(f"{at}.{to_snake(where)}" if where else at, message, *(() if value is NO_VALUE else (value,)))
    return None if problems else policy.rendered(label)


def role_arn(role: Any) -> str | None:
    """A role given as an ARN or as a component that knows its ARN (RepoAccessRole.principal_arn)."""
    return role if role is None or isinstance(role, str) else role.principal_arn


def role_dependencies(*roles: Any) -> tuple[Any, ...]:
    """The roles given as components: what the resources naming them must wait for."""
    return tuple(r for r in roles if r is not None and not isinstance(r, str))


def check_template(check: ArgsCheck, prefix: str, template: Any, region: str | None, label: str) -> RenderedPolicy | None:
    """Check a RepositoryTemplate at `prefix`; returns its rendered lifecycle policy, if any."""
    if not isinstance(template, RepositoryTemplate):
        check.add(prefix, "must be a RepositoryTemplate", repr(template))
        return None
    lifecycle = check_settings(check, prefix, template, region, label)
    if template.kms_key is not None and not isinstance(template.kms_key, str):
        check.add(f"{prefix}.kms_key", "a creation template needs a KMS key ARN (a string)", repr(template.kms_key))
    elif template.kms_key and (problem := template_kms_key_problem(template.kms_key)):
        check.add(f"{prefix}.kms_key", problem, template.kms_key)
    if template.description is not None and (problem := template_description_problem(template.description)):
        check.add(f"{prefix}.description", problem, template.description)
    if problem := template_role_problem(template.tags, template.encryption, template.custom_role_arn):
        check.add(f"{prefix}.custom_role_arn", problem)
    return lifecycle
