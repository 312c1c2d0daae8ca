"""`ecr-access:kmsKeys[]`: customer managed KMS keys the stack creates for its repositories (`kmsKey: <name>`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from types import MappingProxyType
from typing import Annotated, Any

from ecr_access.config.base import ConfigModel, Maybe, Range, Str, field, refused_when
from ecr_access.config.constraints import shaped
from ecr_access.config.errors import Problems
from ecr_access.config.sections import entry_name, items, unique_entries
from ecr_access.config.values import Tags
from ecr_access.features.keys.names import (
    ALIAS_PREFIX,
    DEFAULT_DELETION_WINDOW,
    DELETION_WINDOW,
    KEY_DESCRIPTION,
    KEYS_KEY,
    key_name_problem,
)

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


def read_keys(values: Mapping[str, Any], stack: str, defaults: tuple[bool, bool], problems: Problems,
              context: dict[str, Any]) -> tuple[KeySpec, ...]:
    """Each valid `ecr-access:kmsKeys` entry as a KeySpec (`defaults`: the stack's protect and retainOnDelete); problems
    (duplicate names among them) are recorded."""
    if KEYS_KEY not in values:
        return ()
    entries = unique_entries(values[KEYS_KEY], KEYS_KEY, KmsKeyConfig, problems, context, key=lambda e: e.name,
                             field="name", taken="is declared twice")
    return tuple(entry.spec(path, stack, *defaults) for path, entry in entries)
