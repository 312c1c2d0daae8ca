"""Repository creation template settings, shared by pull-through caches and team namespaces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecr_access.model.constraints import shape
from ecr_access.model.errors import ConfigError
from ecr_access.model.external_principals import own_role_arn
from ecr_access.model.reader import MapNode, Node
from ecr_access.model.repositories import SETTINGS_KEYS, RepositorySettings, read_settings
from ecr_access.policies.arns import Registry

# Creation templates carry no scan-on-push setting (scanning is the registry's scanning configuration).
TEMPLATE_KEYS = tuple(k for k in SETTINGS_KEYS if k != "scanOnPush") + ("customRoleArn", "description")


@dataclass(frozen=True)
class CreationTemplate:
    """The settings repositories created under a prefix get, and the role ECR applies tags and KMS keys with."""

    settings: RepositorySettings
    description: str
    custom_role_arn: str | None = None

    @property
    def adds_tags(self) -> bool:
        """True when the template tags the repositories it creates (their creators then need ecr:TagResource)."""
        return bool(self.settings.tags)


def refuse_scan_on_push(raw: Any, path: str) -> None:
    """Refuse `scanOnPush` in a template: ECR templates have no such setting."""
    if isinstance(raw, dict) and "scanOnPush" in raw:
        raise ConfigError.at(
            f"{path}.scanOnPush", "creation templates have no scan-on-push setting; scanning is set by the registry scanning configuration"
        )


def read_template(node: MapNode, defaults: RepositorySettings, registry: Registry, default_description: str) -> CreationTemplate:
    """Read the template keys of `node` (already checked against its allowed keys) on top of `defaults`."""
    path = node.path
    settings = read_settings(node, defaults, registry.region)
    if settings.kms_key:
        problem = shape("ecr", "KmsKeyForRepositoryCreationTemplate").problem(settings.kms_key)
        if problem:
            raise ConfigError.at(f"{path}.kmsKey", f"a creation template needs a KMS key ARN (not an alias): {problem}", settings.kms_key)
    description = node.get("description", Node.as_str, default_description)
    problem = shape("ecr", "RepositoryTemplateDescription").problem(description)
    if problem:
        raise ConfigError.at(f"{path}.description", problem, description)
    role = node.get("customRoleArn", lambda n: own_role_arn(n, registry), None)
    needs = [why for why, on in (("adds tags", bool(settings.tags)), ("uses KMS encryption", settings.encryption.startswith("KMS"))) if on]
    if needs and role is None:
        raise ConfigError.at(
            f"{path}.customRoleArn",
            f"is required: the template {' and '.join(needs)} (tags and KMS keys may come from ecr-access:repositoryDefaults), "
            "which ECR applies only through a role of this account",
        )
    return CreationTemplate(settings=settings, description=description, custom_role_arn=role)
