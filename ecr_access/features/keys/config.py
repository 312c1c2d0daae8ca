"""`ecr-access:kmsKeys[]`: customer managed KMS keys the stack creates for its repositories (`kmsKey: <name>`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from types import MappingProxyType
from typing import Annotated, Any

from ecr_access.config.base import ConfigModel, Maybe, Range, Str, field, refused_when
from ecr_access.config.constraints import shape, shaped
from ecr_access.config.errors import Problems
from ecr_access.config.sections import entry_name, items, unique_entries
from ecr_access.config.values import Tags
from ecr_access.iam.arns import Registry

KEYS_KEY = "ecr-access:kmsKeys"
ALIAS_PREFIX = "alias/"
# KMS waits 7-30 days before it deletes a key scheduled for deletion (botocore's shape allows more than KMS does).
DELETION_WINDOW = (7, 30)
DEFAULT_DELETION_WINDOW = 30
KEY_NAME_WORDS = "ASCII letters, digits and / _ - :"
# A key's description: the API shape and what the config and the component call it.
KEY_DESCRIPTION = ("kms", "DescriptionType", "a key description")


def key_name_problem(name: Any) -> str | None:
    """Why `name` cannot name a key (its alias is `alias/<name>`, botocore `AliasNameType`), or None."""
    if not isinstance(name, str) or not name:
        return "must be a key name (a non-empty string)"
    if name.startswith(ALIAS_PREFIX):
        return f"is the alias name without its {ALIAS_PREFIX} prefix; write {name[len(ALIAS_PREFIX):]!r}"
    if name.lower().startswith("aws/"):
        return "starts with aws/, which AWS keeps for its managed keys"
    alias = shape("kms", "AliasNameType")
    if alias.max is not None and len(ALIAS_PREFIX + name) > alias.max:
        return f"is {len(name)} characters; a key name may have at most {alias.max - len(ALIAS_PREFIX)} (alias/<name>: {alias.max})"
    if alias.problem(ALIAS_PREFIX + name):
        return f"may hold only {KEY_NAME_WORDS}"
    return None


KeyName = Annotated[Str, refused_when(key_name_problem)]


@dataclass(frozen=True)
class KeySpec:
    """One declared key, validated; `path` is where it sits in stack config. `protect` and `retain_on_delete` follow the
    repositories that use it (see `used_by`)."""

    name: str
    path: str
    description: str
    deletion_window_days: int = DEFAULT_DELETION_WINDOW
    tags: Mapping[str, str] = dataclass_field(default_factory=lambda: MappingProxyType({}))
    # The stack's defaults (`ecr-access:protect`, `ecr-access:retainOnDelete`); the repositories using it add theirs.
    protect: bool = True
    retain_on_delete: bool = False

    @property
    def alias(self) -> str:
        """The key's alias (`alias/<name>`)."""
        return ALIAS_PREFIX + self.name


class KmsKeyConfig(ConfigModel):
    """A customer managed KMS key for repositories, with rotation on and a key policy built from the stack's grants."""

    name: KeyName = field(
        "The key's name: its alias is `alias/<name>` (letters, digits and `/ _ - :`; not `aws/...`). Repositories and "
        "`repositoryDefaults` name it in `kmsKey`. Unique. Renaming creates a new key.")
    description: Maybe(shaped(*KEY_DESCRIPTION)) = field(
        "The key's description (up to 8,192 characters). Default: names the stack and the alias.", None)
    deletion_window_days: Maybe(Range(*DELETION_WINDOW), "a whole number") = field(
        "Days (7-30) KMS waits before it deletes the key once Pulumi deletes it. Default 30.", None)
    tags: Maybe(Tags, "a map of tag keys to values") = field(
        "Tags of the key, as AWS takes them (at most 50).", None)

    def spec(self, path: str, stack: str, protect: bool, retain: bool) -> KeySpec:
        """The key as the compiler takes it (`protect`, `retain`: the stack's defaults)."""
        return KeySpec(
            name=self.name, path=path,
            description=self.description or f"Encrypts ECR repositories of stack {stack} ({ALIAS_PREFIX}{self.name}; ecr-access)",
            deletion_window_days=self.deletion_window_days or DEFAULT_DELETION_WINDOW,
            tags=MappingProxyType(dict(self.tags or {})), protect=protect, retain_on_delete=retain,
        )


def declared_key_names(values: Mapping[str, Any]) -> frozenset[str]:
    """The names the entries of `ecr-access:kmsKeys` declare, bad entries included (what names them still resolves)."""
    if KEYS_KEY not in values:
        return frozenset()
    found = (entry_name(raw, KeyName) for _, raw in items(values[KEYS_KEY], KEYS_KEY, Problems()))
    return frozenset(name for name in found if name is not None)


def declared_text(declared: Iterable[str]) -> str:
    """The declared key names, for a message: `declared: a, b` or `none is declared`."""
    names = sorted(declared)
    return f"declared: {', '.join(names)}" if names else "none is declared"


def alias_arn(registry: Registry, name: str) -> str:
    """The ARN of the alias of the stack's key `name` (known before the key exists, unlike the key's own ARN)."""
    return f"arn:{registry.partition}:kms:{registry.region}:{registry.account}:{ALIAS_PREFIX}{name}"


def stack_key_name(value: str | None, declared: Iterable[str], registry: Registry) -> str | None:
    """The key of ecr-access:kmsKeys that `value` names (its name, or its alias ARN in the registry); None otherwise."""
    if value is None:
        return None
    return next((name for name in declared if value in (name, alias_arn(registry, name))), None)


def read_keys(values: Mapping[str, Any], stack: str, defaults: tuple[bool, bool], problems: Problems,
              context: dict[str, Any]) -> tuple[KeySpec, ...]:
    """Each valid `ecr-access:kmsKeys` entry as a KeySpec (`defaults`: the stack's protect and retainOnDelete); problems
    (duplicate names among them) are recorded."""
    if KEYS_KEY not in values:
        return ()
    entries = unique_entries(values[KEYS_KEY], KEYS_KEY, KmsKeyConfig, problems, context, key=lambda e: e.name,
                             field="name", taken="is declared twice")
    return tuple(entry.spec(path, stack, *defaults) for path, entry in entries)
