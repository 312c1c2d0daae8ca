"""What each stack allows: the per-stack decisions the program (at compile time) and the pack (at deploy) share.

Development stacks (`dev`, `dev-*`) are for trying things: there, tags may move, a repository may be deleted with its
images and images need not be scanned. Every other stack holds images people rely on: tags are immutable (with or
without exclusions), `forceDelete` is refused and every repository is scanned on push (or continuously), by its own
`scanOnPush` or by a registry scanning configuration that covers every repository.
"""

from __future__ import annotations

from collections.abc import Iterable

DEV_STACKS = ("dev",)
IMMUTABLE_TAG_MODES = ("IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION")
SCANNING_FREQUENCIES = ("SCAN_ON_PUSH", "CONTINUOUS_SCAN")  # frequencies that scan a new image without being asked
DEV_STACKS_TEXT = "dev stacks (dev, dev-*)"  # how messages name them


def is_dev(stack: str) -> bool:
    """True for development stacks (by name: `dev` or `dev-<anything>`)."""
    return any(stack == d or stack.startswith(f"{d}-") for d in DEV_STACKS)


def allows_mutable_tags(stack: str, image_tag_mutability: str | None) -> bool:
    """True when a repository or creation template may have this `imageTagMutability` (unset is MUTABLE) on `stack`."""
    return is_dev(stack) or (image_tag_mutability or "MUTABLE") in IMMUTABLE_TAG_MODES


def allows_force_delete(stack: str) -> bool:
    """True when a repository of `stack` may set forceDelete (delete its images with it)."""
    return is_dev(stack)


def requires_scanning(stack: str) -> bool:
    """True when every repository of `stack` must be scanned on push or continuously."""
    return not is_dev(stack)


def scans_every_repository(rules: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> bool:
    """True when registry scanning rules `(frequency, [(filterType, filter)])` scan every repository unasked.

    A registry scanning configuration supersedes the repositories' own scanOnPush: only a SCAN_ON_PUSH or
    CONTINUOUS_SCAN rule with the WILDCARD filter "*" leaves no repository out (narrower rules may sit beside it).
    """
    return any(frequency in SCANNING_FREQUENCIES and any(t == "WILDCARD" and f == "*" for t, f in filters)
               for frequency, filters in rules)

