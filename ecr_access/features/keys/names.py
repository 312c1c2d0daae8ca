"""What names a repository key and bounds its settings: its alias, the deletion window, the description's shape; and
how other sections name a key of `ecr-access:kmsKeys`.

Kept apart from the config section (config.py), so the RepositoryKey component, which every program using
EcrRepository imports, and the sections that may name a key do not load the section's models.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ecr_access.config.constraints import shape
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
