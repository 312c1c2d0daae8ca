"""Reading the principal sections entry by entry, and the checks across them (duplicates, groups, access given)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ecr_access.config.base import Range
from ecr_access.config.errors import Problems
from ecr_access.config.sections import entry_name, items
from ecr_access.config.validation import validate
from ecr_access.features.principals.config import NAME_TYPES, SCHEMAS, AccessConfig, PrincipalSpec
from ecr_access.iam.packing import DEFAULT_MAX_POLICIES, MAX_POLICIES_LIMIT

MAX_POLICIES_KEY = "ecr-access:maxManagedPoliciesPerPrincipal"
# How many managed policies a principal's grants may be packed into (IAM's default quota is 10, raised at most 20).
MAX_POLICIES = (1, MAX_POLICIES_LIMIT)
MaxPolicies = Range(*MAX_POLICIES)


def read_access(values: Mapping[str, Any], problems: Problems, context: dict[str, Any]) -> AccessConfig:
    """Read the principal sections and the policy-count setting, collecting every problem into `problems`."""
    max_policies = DEFAULT_MAX_POLICIES
    if MAX_POLICIES_KEY in values:
        value = values[MAX_POLICIES_KEY]  # the CLI passes numbers as strings
        value = int(value) if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value) else value
        max_policies = validate(MaxPolicies, value, MAX_POLICIES_KEY, problems) or max_policies
    sections: dict[str, list[PrincipalSpec]] = {"group": [], "user": [], "role": []}
    names: dict[str, set[str]] = {kind: set() for kind in sections}
    for kind in sections:
        key = f"ecr-access:{kind}s"
        if key not in values:
            continue
        seen: dict[str, str] = {}
        for path, raw in items(values[key], key, problems):
            # A bad entry still declares its name (when that is valid): what names it is not also reported.
            name = entry_name(raw, NAME_TYPES[kind])
            if name is not None and name.lower() in seen:
                problems.add(f"{path}.name", f"is declared twice (first at {seen[name.lower()]}); IAM names ignore case", name)
                continue
            if name is not None:
                seen[name.lower()] = path
                names[kind].add(name)
            entry = validate(SCHEMAS[kind], raw, path, problems, context)
            if entry is not None:
                sections[kind].append(entry.spec(path))
    for user in sections["user"]:
        for i, group in enumerate(user.groups):
            if group not in names["group"]:
                problems.add(f"{user.path}.groups[{i}]", "is not declared in ecr-access:groups", group)
    return AccessConfig(
        users=tuple(sections["user"]), groups=tuple(sections["group"]), roles=tuple(sections["role"]), max_policies=max_policies,
        declared=frozenset((kind, name) for kind, found in names.items() for name in found),
    )


def check_access_given(access: AccessConfig, problems: Problems) -> None:
    """Every user and group must get some access (grants, console, groups, or a namespace's grants); roles may not."""
    for spec in access.users + access.groups:
        if not (spec.grants or spec.console or spec.view_own_permissions or spec.groups):
            problems.add(
                f"{spec.path}.grants",
                f"is empty: this {spec.kind} would get no access (add grants, groups for a user, or name it in a namespace's grants)",
            )
