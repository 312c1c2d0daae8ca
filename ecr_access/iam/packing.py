"""Split one principal's statements across as few managed policies as fit IAM's size and attachment quotas."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from ecr_access.iam.document import PolicyDocument, Statement
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.quotas import DocumentKind

DEFAULT_MAX_POLICIES = 10  # IAM's default managed policies per user, group or role
MAX_POLICIES_LIMIT = 20  # the most IAM allows with a raised quota


@dataclass
class _Bin:
    items: list[tuple[tuple[int, int], Statement]]
    used: int


def statement_size(st: Statement, kind: DocumentKind = DocumentKind.IDENTITY) -> int:
    """Characters one statement adds to a document, as the quota counts them (its separating comma included)."""
    return kind.quota.measure(json.dumps(st.render(), separators=(",", ":"), ensure_ascii=False)) + 1


def pack(
    statements: tuple[Statement, ...], *, label: str, max_policies: int = DEFAULT_MAX_POLICIES,
    kind: DocumentKind = DocumentKind.IDENTITY,
) -> tuple[PolicyDocument, ...]:
    """Deterministically pack statements into the fewest documents of `kind`, the first statement in the first one.

    Statements that fit nowhere and name several resources are split across documents (first-fit decreasing,
    then splitting resource lists to fill the gaps). PolicyError when a statement cannot fit a document at all,
    or when more than `max_policies` documents are needed (with the characters needed and the limit).
    """
    if not statements:
        return ()
    overhead = kind.quota.measure(PolicyDocument(()).to_json())
    capacity = kind.quota.limit - overhead + 1  # the last statement has no comma after it
    bins: list[_Bin] = []
    first, rest = statements[0], list(enumerate(statements))[1:]
    _place(bins, (0, 0), first, capacity, kind, label)
    # Whole statements biggest first; then the splittable ones, which can fill whatever space is left.
    rest.sort(key=lambda item: (len(item[1].resources) > 1, -statement_size(item[1], kind), item[0]))
    for index, st in rest:
        _place(bins, (index, 0), st, capacity, kind, label)
    docs = tuple(PolicyDocument(tuple(st for _, st in sorted(b.items, key=lambda i: i[0]))) for b in bins)
    if len(docs) > max_policies:
        needed = sum(kind.quota.measure(d.to_json()) for d in docs)
        raise PolicyError(
            f"{label}: the grants need {needed} characters of policy in {len(docs)} managed policies, but a principal "
            f"takes at most {max_policies} managed policies of {kind.quota.limit} characters "
            f"({max_policies * kind.quota.limit} characters); grant namespaces instead of many repositories, "
            f"move shared grants to a group, or raise ecr-access:maxManagedPoliciesPerPrincipal (at most {MAX_POLICIES_LIMIT}). "
            "(Policies hold less than their limits add up to: each repeats its document header, and a statement split "
            "across policies its actions.)"
        )
    return docs


def _place(bins: list[_Bin], order: tuple[int, int], st: Statement, capacity: int, kind: DocumentKind, label: str) -> None:
    size = statement_size(st, kind)
    for b in bins:
        if b.used + size <= capacity:
            b.items.append((order, st))
            b.used += size
            return
    if len(st.resources) < 2:
        if size > capacity:
            raise PolicyError(
                f"{label}: {st.label} alone is {size - 1} characters, more than fits a {kind.quota.limit}-character "
                f"{kind.title}"
            )
        bins.append(_Bin([(order, st)], size))
        return
    roomiest = min(bins, key=lambda b: b.used) if bins else None
    count = _fitting(st, capacity - roomiest.used, kind) if roomiest else 0
    if roomiest is None or not count:
        roomiest = _Bin([], 0)
        bins.append(roomiest)
        count = _fitting(st, capacity, kind)
        if not count:
            raise PolicyError(f"{label}: {st.label} does not fit a {kind.title} even with a single resource")
        if count == len(st.resources):
            roomiest.items.append((order, st))
            roomiest.used += statement_size(st, kind)
            return
    head = replace(st, resources=st.resources[:count])
    roomiest.items.append((order, head))
    roomiest.used += statement_size(head, kind)
    part = order[1] + 2
    tail = replace(st, sid=f"{_base_sid(st.sid, order)}Part{part}" if st.sid else None, resources=st.resources[count:])
    _place(bins, (order[0], order[1] + 1), tail, capacity, kind, label)


def _base_sid(sid: str, order: tuple[int, int]) -> str:
    suffix = f"Part{order[1] + 1}"
    return sid[: -len(suffix)] if order[1] and sid.endswith(suffix) else sid


def _fitting(st: Statement, room: int, kind: DocumentKind) -> int:
    """The most leading resources of `st` whose statement fits in `room` characters (binary search)."""
    low, high = 0, len(st.resources)
    while low < high:
        mid = (low + high + 1) // 2
        if statement_size(replace(st, resources=st.resources[:mid]), kind) <= room:
            low = mid
        else:
            high = mid - 1
    return low
