"""Policy-quota figures from the pure compiler (no Pulumi): fill of managed policies, limits of named grants."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bench.synthetic import ACCOUNT, REGION, repo_name, stack_config
from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import load_stack_config
from ecr_access.features.principals import PrincipalSpec
from ecr_access.features.principals.compile import compile_principal
from ecr_access.iam.arns import Registry
from ecr_access.iam.document import PolicyDocument
from ecr_access.iam.grants import Grant, Placement, Target
from ecr_access.iam.levels import Level
from ecr_access.iam.packing import DEFAULT_MAX_POLICIES
from ecr_access.iam.quotas import DocumentKind
from ecr_access.stack.compile import CompiledStack, compile_stack
from ecr_access.stack.config_source import decode_config

REGISTRY = Registry(partition="aws", region=REGION, account=ACCOUNT)
LIMIT = DocumentKind.IDENTITY.quota.limit
# What a document costs before its first statement, and what the packer can put in one (see ecr_access/iam/packing.py).
CAPACITY = LIMIT - DocumentKind.IDENTITY.quota.measure(PolicyDocument(()).to_json())


def compile_size(size: int) -> CompiledStack:
    """The synthetic stack of `size`, compiled (every document rendered and validated)."""
    values = decode_config(stack_config(size))
    return compile_stack(load_stack_config(values, project="ecr-access", stack="dev"))


def summary(values: list[float]) -> tuple[float, float, float]:
    """(min, average, max) of `values`; zeros when empty."""
    return (min(values), sum(values) / len(values), max(values)) if values else (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Fill:
    """How full the managed policies of a compiled stack are."""

    principals_with_policies: int
    chars_per_principal: tuple[float, float, float]
    chars_per_policy: tuple[float, float, float]
    policies_per_principal: tuple[float, float, float]
    max_policies: int
    packed_principals: int  # principals needing more than one managed policy
    packed_fill: float  # average size / limit over every policy of those principals
    packed_fill_but_last: float  # the same, leaving out each principal's last (remainder) policy
    packed_minimal: int  # packed principals using no more policies than their characters strictly need


def fill(compiled: CompiledStack) -> Fill:
    """The fill figures of every principal's managed policies."""
    owners = [p for p in compiled.principals if p.policies]
    sizes = [[policy.document.size for policy in p.policies] for p in owners]
    packed = [s for s in sizes if len(s) > 1]
    all_packed = [x / LIMIT for s in packed for x in s]
    but_last = [x / LIMIT for s in packed for x in sorted(s, reverse=True)[:-1]]
    # Fewest documents the characters need: statement characters over the room one document has for them.
    minimal = sum(1 for s in packed if len(s) <= math.ceil(sum(x - (LIMIT - CAPACITY) for x in s) / CAPACITY))
    return Fill(
        principals_with_policies=len(owners),
        chars_per_principal=summary([sum(s) for s in sizes]),
        chars_per_policy=summary([x for s in sizes for x in s]),
        policies_per_principal=summary([len(s) for s in sizes]),
        max_policies=compiled.config.access.max_policies,
        packed_principals=len(packed),
        packed_fill=sum(all_packed) / len(all_packed) if all_packed else 0.0,
        packed_fill_but_last=sum(but_last) / len(but_last) if but_last else 0.0,
        packed_minimal=minimal,
    )


def named_grant(count: int, max_policies: int = DEFAULT_MAX_POLICIES) -> tuple[int, str]:
    """Compile one user granted pull on `count` named repositories: (managed policies used, or 0) and the error."""
    grant = Grant(Target(repositories=tuple(repo_name(i) for i in range(count))), levels=frozenset({Level.PULL}))
    spec = PrincipalSpec(kind="user", name="bench-user", path="ecr-access:users[0]", grants=(grant.placed(Placement.IDENTITY, "ecr-access:users[0].grants[0]"),))
    try:
        return len(compile_principal(spec, REGISTRY, max_policies).policies), ""
    except ConfigError as err:
        return 0, str(err)


def largest_named_grant(max_policies: int = DEFAULT_MAX_POLICIES) -> tuple[int, str]:
    """The most individually named repositories one principal can be granted, and the error one more gives."""
    low, high = 1, 64
    while named_grant(high, max_policies)[0]:
        low, high = high, high * 2
    while high - low > 1:  # named_grant(low) fits, named_grant(high) fails
        mid = (low + high) // 2
        if named_grant(mid, max_policies)[0]:
            low = mid
        else:
            high = mid
    return low, named_grant(high, max_policies)[1]


def namespace_grant_size(repositories: int) -> tuple[int, int]:
    """Characters of one principal's policies when `repositories` repositories of one namespace are granted by namespace
    vs one by one (0 when the named grant no longer fits even 20 policies)."""
    names = tuple(f"team-000/svc-{i:05d}" for i in range(repositories))

    def size(target: Target) -> int:
        grant = Grant(target, levels=frozenset({Level.PULL}))
        spec = PrincipalSpec(kind="user", name="bench-user", path="ecr-access:users[0]",
                             grants=(grant.placed(Placement.IDENTITY, "ecr-access:users[0].grants[0]"),))
        try:
            return sum(p.document.size for p in compile_principal(spec, REGISTRY, 20).policies)
        except ConfigError:
            return 0

    return size(Target(namespaces=("team-000",))), size(Target(repositories=names))
