"""`ecr-access:pullTimeUpdateExclusions`: IAM users and roles whose pulls leave an image's last recorded pull time as it
was (scanners, backup jobs), so lifecycle rules on pull time see only real use.

ECR's API (botocore `RegisterPullTimeUpdateExclusion`) takes one principal ARN per call: an IAM user or role of any
account (`PrincipalArn`: `arn:<partition>:iam::<12 digits>:(user|role)/<path/name>`, at most 200 characters), and a
registry keeps at most 100 (`PullTimeUpdateExclusionList`). An entry is such an ARN, or the name of a user or role the
stack declares (its ARN is computed, and the exclusion waits for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo

from ecr_access.config.base import Str, context, fail
from ecr_access.config.constraints import list_max, shape
from ecr_access.config.errors import Problems, other_partition
from ecr_access.config.sections import items
from ecr_access.config.validation import validate
from ecr_access.config.values import is_group_arn
from ecr_access.features.principals import AccessConfig
from ecr_access.iam.arns import Registry

EXCLUSIONS_KEY = "ecr-access:pullTimeUpdateExclusions"
MAX_EXCLUSIONS = list_max("ecr", "PullTimeUpdateExclusionList") or 100
GROUPS_REFUSED = "IAM groups cannot be excluded: ECR records pulls by user or role; exclude the group's users"


@dataclass(frozen=True)
class ExclusionSpec:
    """One principal whose pulls do not update pull times; `path` is where it sits in stack config."""

    path: str
    principal_arn: str


def principal_arn_problem(value: Any, partition: str) -> str | None:
    """Why ECR would refuse `value` as an excluded principal of a registry in `partition`, or None (one rule for the
    config and the component)."""
    if not isinstance(value, str) or not value.startswith("arn:"):
        return f"must be an IAM user or role ARN (arn:{partition}:iam::<account>:role/<name>)"
    if is_group_arn(value):
        return GROUPS_REFUSED
    if shape("ecr", "PrincipalArn").problem(value):
        return (f"is not an IAM user or role ARN ECR accepts: arn:{partition}:iam::<12-digit account>:user/<name> or "
                ":role/<name> (a path may come before the name), at most 200 characters")
    found = value.split(":")[1]
    return other_partition(found, partition) if found != partition else None


def too_many(count: int) -> str | None:
    """Why a registry cannot hold `count` exclusions, or None."""
    return f"has {count} principals; ECR keeps at most {MAX_EXCLUSIONS} per registry" if count > MAX_EXCLUSIONS else None


def _principal(value: str, info: ValidationInfo) -> str:
    if value.startswith("arn:"):
        problem = principal_arn_problem(value, context(info, "partition", "aws"))
        if problem:
            raise fail(problem)
    elif shape("iam", "userNameType").problem(value) and shape("iam", "roleNameType").problem(value):
        raise fail("must be an IAM user or role ARN, or the name of a user or role declared in ecr-access:users or "
                   "ecr-access:roles")
    return value


def _count(value: list[str]) -> list[str]:
    problem = too_many(len(value))
    if problem:
        raise fail(problem, value=len(value))
    return value


ExcludedPrincipal = Annotated[Str, AfterValidator(_principal)]
# The list as the schema takes it: each entry an ARN or a declared name, at most 100.
Exclusions = Annotated[list[ExcludedPrincipal], AfterValidator(_count), Field(json_schema_extra={"maxItems": MAX_EXCLUSIONS})]


def read_exclusions(raw: Any, access: AccessConfig, registry: Registry, problems: Problems,
                    context: dict[str, Any]) -> tuple[ExclusionSpec, ...]:
    """The entries as principal ARNs, each validated on its own (every problem at once): names resolved against the
    declared users and roles, each principal once."""
    out: list[ExclusionSpec] = []
    seen: dict[str, tuple[str, str]] = {}  # lower-cased ARN -> the first entry naming it: its path and what it wrote
    specs = {(p.kind, p.name): p for p in access.users + access.roles}
    entries = list(items(raw, EXCLUSIONS_KEY, problems))
    if too_many(len(entries)):
        problems.add(EXCLUSIONS_KEY, str(too_many(len(entries))), len(entries))
    for path, entry in entries:
        value = validate(ExcludedPrincipal, entry, path, problems, context)
        if value is None:
            continue
        arn = value if value.startswith("arn:") else _declared_arn(value, path, access, specs, registry, problems)
        if arn is None:
            continue
        if arn.lower() in seen:  # IAM names ignore letter case: Scanner and scanner are one role
            first, written = seen[arn.lower()]
            problems.add(path, f"names the same principal as {first} ({written})", value)
            continue
        # A name is shown with its ARN: an entry naming it by ARN is then seen to be the same principal.
        seen[arn.lower()] = (path, value if value == arn else f"{value}: {arn}")
        out.append(ExclusionSpec(path, arn))
    return tuple(out)


def _declared_arn(name: str, path: str, access: AccessConfig, specs: dict, registry: Registry, problems: Problems) -> str | None:
    kinds = [kind for kind in ("user", "role") if (kind, name) in access.declared]
    if len(kinds) == 2:
        problems.add(path, f"names both user {name} and role {name}; write the ARN of the one meant", name)
    elif not kinds:
        if ("group", name) in access.declared:
            problems.add(path, f"names group {name}: {GROUPS_REFUSED}", name)
        else:
            problems.add(path, "is not the name of a user or role declared in ecr-access:users or ecr-access:roles "
                         "(name a principal the stack does not declare by its ARN)", name)
    elif (spec := specs.get((kinds[0], name))) is not None:  # else: the entry has problems of its own, reported there
        return registry.iam_arn(spec.kind, spec.name, spec.iam_path)
    return None
