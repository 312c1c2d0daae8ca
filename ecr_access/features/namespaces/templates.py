"""Repository creation templates, shared by pull-through caches and team namespaces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import model_validator

from ecr_access.config.base import NO_VALUE, Maybe, Str, fail, field
from ecr_access.config.constraints import shape
from ecr_access.config.errors import Problems
from ecr_access.config.values import OwnRoleArn
from ecr_access.features.repositories.settings import Encryption, KmsKeyArn, RepositorySettings, TemplateSettingsConfig
from ecr_access.iam.arns import Registry

# Where a stack config template's settings may come from besides its own keys (its customRoleArn message says so).
INHERITED = " (tags may come from ecr-access:tags and ecr-access:repositoryDefaults, KMS keys from the defaults)"


def adds_tags(tags: Mapping[str, Any]) -> bool:
    """True when a template with these tags tags the repositories it creates (their creators then need ecr:TagResource)."""
    return bool(tags)


# The rules of a creation template, each one function the config and the components ask (a message, or None).
def template_kms_key_problem(kms_key: str) -> str | None:
    """Why ECR would refuse `kms_key` in a creation template (a key ARN, not an alias), or None."""
    problem = shape("ecr", "KmsKeyForRepositoryCreationTemplate").problem(kms_key)
    return f"a creation template needs a KMS key ARN (not an alias): {problem}" if problem else None


def template_description_problem(description: str) -> str | None:
    """Why ECR would refuse `description` as a template's description, or None."""
    return shape("ecr", "RepositoryTemplateDescription").problem(description)


def template_role_problem(tags: Mapping[str, Any], encryption: str, custom_role_arn: Any, inherited: str = "") -> str | None:
    """Why a template needs its `customRoleArn` (it adds tags or uses KMS, which ECR applies only through a role), or
    None; `inherited` says where the settings may come from besides the template's own."""
    needs = [why for why, on in (("adds tags", adds_tags(tags)), ("uses KMS encryption", encryption.startswith("KMS"))) if on]
    if not needs or custom_role_arn is not None:
        return None
    return f"is required: the template {' and '.join(needs)}{inherited}, which ECR applies only through a role of this account"


@dataclass(frozen=True)
class CreationTemplate:
    """The settings repositories created under a prefix get, and the role ECR applies tags and KMS keys with."""

    settings: RepositorySettings
    description: str
    custom_role_arn: str | None = None

    @property
    def adds_tags(self) -> bool:
        """True when the template tags the repositories it creates (their creators then need ecr:TagResource)."""
        return adds_tags(self.settings.tags)


class TemplateConfig(TemplateSettingsConfig):
    """The settings repositories created under a prefix get (over `ecr-access:repositoryDefaults`), and ECR's role."""

    # The settings shared with repositories, as they apply to a template: only what ECR creates afterwards, and a key ARN.
    encryption: Maybe(Encryption) = field(
        "`AES256`, `KMS` or `KMS_DSSE` (`KMS_DSSE` only in the AWS GovCloud (US) Regions) of the repositories ECR creates "
        "from the template; changing it changes the template, and only repositories created afterwards. Default: "
        "`ecr-access:repositoryDefaults` (its `encryption` and `kmsKey`), else `AES256`.", None)
    kms_key: Maybe(KmsKeyArn) = field(
        "KMS key ARN (`arn:<partition>:kms:<region>:<account>:key/<id>`, not an alias) in the template's region and the "
        "stack's partition; only with `KMS`/`KMS_DSSE`. A key of `ecr-access:kmsKeys` is refused: it encrypts declared "
        "repositories only. Default: the defaults' key when `encryption` is not set here, else the AWS managed key.", None)
    custom_role_arn: Maybe(OwnRoleArn) = field(
        "A role of this account ECR applies the template with; required when the template adds tags or uses KMS.", None)
    description: Maybe(Str) = field("The template's description. Default: says what the template is for.", None)

    @model_validator(mode="before")
    @classmethod
    def _no_scan_on_push(cls, data: Any) -> Any:
        if isinstance(data, dict) and "scanOnPush" in data:
            raise fail("creation templates have no scan-on-push setting; scanning is set by the registry scanning "
                       "configuration", at="scanOnPush", value=NO_VALUE)
        return data

    def template(self, defaults: RepositorySettings, registry: Registry, default_description: str, path: str,
                 problems: Problems) -> CreationTemplate | None:
        """The template over `defaults`; None with the problems recorded when ECR would refuse it."""
        found = len(problems.items)
        settings = self.over(defaults, path, problems, scan_on_push=defaults.scan_on_push, region=registry.region)
        # A key of ecr-access:kmsKeys inherited from the defaults is refused once, there (features/keys/defaults.py).
        inherited_key = settings.key_name is not None and self.kms_key is None
        if settings.key_name and not inherited_key:
            problems.add(f"{path}.kmsKey", "names a key of ecr-access:kmsKeys, which encrypts declared repositories only; a "
                         "creation template needs a KMS key ARN (it may come from ecr-access:repositoryDefaults)", settings.kms_key)
        elif settings.kms_key and not inherited_key and (problem := template_kms_key_problem(settings.kms_key)):
            problems.add(f"{path}.kmsKey", problem, settings.kms_key)
        description = self.description or default_description
        if problem := template_description_problem(description):
            problems.add(f"{path}.description", problem, description)
        encryption = "AES256" if inherited_key else settings.encryption  # an inherited stack key is reported once, above
        if problem := template_role_problem(settings.tags, encryption, self.custom_role_arn, INHERITED):
            problems.add(f"{path}.customRoleArn", problem)
        if len(problems.items) > found or inherited_key:
            return None
        return CreationTemplate(settings=settings, description=description, custom_role_arn=self.custom_role_arn)
