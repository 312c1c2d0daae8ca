"""`ecr-access:tags` and `ecr-access:requiredTagKeys`: tags on every taggable resource of the stack, and the tag keys
every repository must carry (those the stack declares, and those its creation templates create).

Where each taggable resource gets its tags, and in what order (the more specific wins):

| Resource | Tags, each layer over the one before |
|---|---|
| repositories (`aws.ecr.Repository`) | `ecr-access:tags`, `repositoryDefaults.tags`, the repository's `tags` |
| creation templates (`resourceTags` of the repositories ECR creates) | the same, with the template's `tags` last |
| users and roles, and their managed policies | `ecr-access:tags`, the principal's `tags` (keys compared ignoring case) |
| groups' managed policies (IAM groups take no tags) | `ecr-access:tags` |
| KMS keys (`kmsKeys`), notification topics and their EventBridge rules (`notifications`) | `ecr-access:tags`, the entry's `tags` |

Repositories and templates take the stack's tags as the base of `repositoryDefaults` (`repository_base`); principals
in `tag_principals`; keys and notification topics in `tag_entries`. Both merge with `merged_tags`, and specs carry the merged tags: the components, the plan and the
reports see what AWS will hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from types import MappingProxyType
from typing import Annotated, Any, Protocol, TypeVar

from pydantic import AfterValidator, Field

from ecr_access.config.base import refusals
from ecr_access.config.errors import Problems
from ecr_access.config.values import MAX_TAGS, TAG_KEY_RULE, TAG_KEY_SCHEMA, is_tag_key, merged_tags
from ecr_access.features.principals import AccessConfig
from ecr_access.features.repositories.config import RepositorySpec
from ecr_access.features.repositories.settings import RepositorySettings

TAGS_KEY = "ecr-access:tags"
T = TypeVar("T", bound="Tagged")
REQUIRED_KEY = "ecr-access:requiredTagKeys"


@dataclass(frozen=True)
class StackTags:
    """The stack-wide tags and the tag keys every repository must carry."""

    tags: Mapping[str, str] = dataclass_field(default_factory=lambda: MappingProxyType({}))
    required_keys: tuple[str, ...] = ()


def _keys(value: list[Any]) -> tuple[str, ...]:
    problems: list[tuple[Any, str, Any]] = []
    seen: dict[str, int] = {}
    for i, key in enumerate(value):
        if not is_tag_key(key):
            problems.append(((i,), TAG_KEY_RULE, key))
        elif key in seen:
            problems.append(((i,), f"is listed twice (first at [{seen[key]}])", key))
        else:
            seen[key] = i
    if problems:
        raise refusals(problems)
    return tuple(value)


# The tag keys every repository must carry: each a tag key AWS accepts, listed once, at most 50 (a resource's limit).
RequiredTagKeys = Annotated[list[Annotated[str, Field(json_schema_extra=TAG_KEY_SCHEMA)]], Field(max_length=MAX_TAGS),
                            AfterValidator(_keys)]


def repository_base(stack: StackTags) -> RepositorySettings:
    """What `repositoryDefaults` (and through it every repository and creation template) is read over."""
    return RepositorySettings(tags=MappingProxyType(dict(stack.tags)))


def tag_principals(access: AccessConfig, stack: StackTags, problems: Problems) -> AccessConfig:
    """Every user, group and role with the stack's tags under its own (IAM ignores letter case in tag keys)."""
    if not stack.tags:
        return access
    return replace(
        access, users=tag_entries(access.users, stack, problems, iam=True),
        groups=tag_entries(access.groups, stack, problems, iam=True), roles=tag_entries(access.roles, stack, problems, iam=True),
    )


class Tagged(Protocol):
    """A spec of a stack config entry whose resources take tags (a KMS key, a notification topic)."""

    @property
    def path(self) -> str:
        """The entry's config path (where a problem with its tags is reported)."""
        ...

    @property
    def tags(self) -> Mapping[str, str]:
        """The entry's own tags."""
        ...


def tag_entries(specs: tuple[T, ...], stack: StackTags, problems: Problems, iam: bool = False) -> tuple[T, ...]:
    """Each entry with the stack's tags under its own (the entry's win; `iam`: keys compared ignoring case)."""
    if not stack.tags:
        return specs
    out = []
    for spec in specs:
        tags = merged_tags(stack.tags, spec.tags, iam=iam)
        if len(tags) > MAX_TAGS:
            problems.add(f"{spec.path}.tags", f"has {len(tags)} tags with those of {TAGS_KEY}; AWS allows {MAX_TAGS}")
        out.append(replace(spec, tags=MappingProxyType(tags)))  # type: ignore[type-var]
    return tuple(out)


def check_required_tags(repositories: Iterable[RepositorySpec], stack: StackTags, problems: Problems) -> None:
    """Each repository must carry every required key once its tags are merged (ECR tag keys are case-sensitive)."""
    for repo in repositories:
        _require(f"{repo.path}.tags", repo.settings.tags, stack, problems, "", "the repository's tags")


def check_template_tags(templates: Iterable[tuple[str, RepositorySettings]], stack: StackTags, problems: Problems) -> None:
    """Each creation template (config path of its keys, merged settings) must carry every required key: the
    repositories it creates (pull-through caches, team namespaces) carry its tags (`resourceTags`)."""
    for path, settings in templates:
        _require(f"{path}.tags", settings.tags, stack, problems,
                 ", and the repositories this template creates carry its tags", "the template's tags")


def _require(path: str, tags: Mapping[str, str], stack: StackTags, problems: Problems, why: str, own: str) -> None:
    missing = [key for key in stack.required_keys if key not in tags]
    if not missing:
        return
    message = (f"lacks the tag key{'s' if len(missing) > 1 else ''} {', '.join(missing)} that {REQUIRED_KEY} asks "
               f"every repository for{why}; set {'them' if len(missing) > 1 else 'it'} in {own}, in "
               f"ecr-access:repositoryDefaults.tags or in {TAGS_KEY}")
    cased = [f"{found} is not {key}" for key in missing for found in tags if found.lower() == key.lower()]
    if cased:
        message += f" (ECR tag keys are case-sensitive: {', '.join(cased)})"
    problems.add(path, message, dict(tags))
