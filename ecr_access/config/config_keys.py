"""Which config keys the stack reads, and which keys look like a misspelling of one (so they are refused, not ignored).

The stack reads its own namespace (`ecr-access:<key>`) and `aws:region`. Any other key belongs to someone else (the AWS
provider, another project) and is never decoded, with one exception: a key that looks like a misspelling of one the
stack reads (`aws:regoin`, `ecr_access:users`, `ecraccess:users`) is read only to be refused with a did-you-mean, since
otherwise what the user meant would silently be missing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from ecr_access.config.errors import Problem
from ecr_access.config.key_schemas import KNOWN_KEYS, NAMESPACE

# The top-level keys of a stack file (the CLI's ProjectStack): anything else is a typo whose content would be ignored.
STACK_FILE_KEYS = ("config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment")
REGION = "aws:region"
_CLOSE = 0.8  # how alike a key must be to a key the stack reads to count as its misspelling


def _alike(written: str, meant: str) -> bool:
    plain = re.sub(r"[^a-z0-9]", "", written.lower())
    return plain == re.sub(r"[^a-z0-9]", "", meant.lower()) or bool(
        difflib.get_close_matches(written.lower(), [meant.lower()], n=1, cutoff=_CLOSE))


def _suggest(name: str) -> str:
    close = difflib.get_close_matches(name, KNOWN_KEYS, n=1)
    return close[0] if close else name


def misspelling_of(key: str) -> str | None:
    """The key the stack reads that `key` looks like a misspelling of (None for keys the stack reads, and for other
    keys that are simply someone else's)."""
    namespace, sep, name = key.partition(":")
    if not sep:
        return None
    if namespace == NAMESPACE:
        return None if name in KNOWN_KEYS else f"{NAMESPACE}:{_suggest(name)}"
    if _alike(namespace, NAMESPACE):
        return f"{NAMESPACE}:{_suggest(name)}"
    if namespace == "aws" and key != REGION and _alike(name, REGION.partition(":")[2]):
        return REGION
    return None


def reads(key: str) -> bool:
    """True for the keys the program reads: its own namespace, the region, and keys that look like a misspelling of
    one (read only to be refused). Any other key (provider credentials, other projects' settings: secrets among them)
    is never decoded, so its value cannot fail the stack."""
    return key.partition(":")[0] == NAMESPACE or key == REGION or misspelling_of(key) is not None


def needs_value(key: str) -> bool:
    """True for the keys whose value the stack uses: a known `ecr-access:` key, or the region."""
    return key == REGION or (key.partition(":")[0] == NAMESPACE and misspelling_of(key) is None)


def key_problems(keys: Iterable[str]) -> list[Problem]:
    """One problem per key the stack would ignore although it looks meant for the stack."""
    out = []
    for key in keys:
        meant = misspelling_of(key)
        if meant is None:
            continue
        if key.partition(":")[0] == NAMESPACE and meant == key:
            out.append(Problem(key, f"unknown config key; known keys: {', '.join(KNOWN_KEYS)}"))
        elif key.partition(":")[0] in (NAMESPACE, "aws"):
            out.append(Problem(key, f"unknown config key; did you mean {meant}?"))
        else:
            out.append(Problem(key, f"is not in the {NAMESPACE} namespace, so the stack would ignore it; did you mean {meant}?"))
    return out
