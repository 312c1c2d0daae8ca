"""Adoption: an entry whose resource exists already is imported (Pulumi's `import` option) instead of created.

An entry says so with `adopt: true`, or names the import ID with `importId`, which must be the ID the resource is
imported by (a repository's, user's, group's or role's name; the registry ID for registry-wide settings).
"""

from __future__ import annotations

from typing import Any


def adoption_problems(adopt: bool | None, import_id: str | None, expected: str, what: str, why: str) -> list[tuple[str, str, Any]]:
    """The refusals of an entry's `adopt` and `importId` (`expected`: the import ID, `what` it is, `why` it must be)."""
    problems: list[tuple[str, str, Any]] = []
    if import_id is not None and import_id != expected:
        problems.append(("importId", f"must be the {what} {expected!r}: {why}", import_id))
    if adopt is False and import_id is not None:
        problems.append(("adopt", "is false but importId is set; remove one of them", False))
    return problems


def import_id(adopt: bool | None, given: str | None, expected: str) -> str | None:
    """The ID to import by (None: create the resource)."""
    return given if given is not None else (expected if adopt else None)
