"""Which repositories a findings rule can hear of: only those something scans.

Without `ecr-access:scanning` a repository is scanned on push when its own `scanOnPush` is true. With it, the registry's
configuration replaces the repositories' own setting: a repository is scanned when a rule of it matches its name (a
`MANUAL` rule of BASIC scanning counts: it says images are scanned by hand). A findings rule naming a repository nothing
scans could never fire, and is refused.

Namespaces are judged conservatively: only with `ecr-access:scanning` (without it, repositories made elsewhere under a
namespace may scan on push), and only when no rule's filter can match any name under the namespace.
"""

from __future__ import annotations

from collections.abc import Iterable

from ecr_access.features.scanning import ScanningSpec
from ecr_access.iam.evaluate import wildcard_match

KEY = "ecr-access:scanning"
_REPLACES = "and that configuration replaces the repositories' own scanOnPush, so no findings of it would come"
_REMEDY = "name it only in rules without findings"


def filter_matches(pattern: str, name: str) -> bool:
    """True when a scanning filter (WILDCARD: `*` stands for any characters) matches the repository `name`."""
    return wildcard_match(pattern, name)  # ECR's filters hold no `?`


def filter_may_match_under(pattern: str, namespace: str) -> bool:
    """True when the filter matches some repository name under `namespace/` (and so may scan one)."""
    prefix = f"{namespace}/"
    if "*" not in pattern:
        return pattern.startswith(prefix) and len(pattern) > len(prefix)
    literal = pattern.split("*", 1)[0]
    return literal.startswith(prefix) or prefix.startswith(literal)


def _filters(scanning: ScanningSpec) -> Iterable[str]:
    return (f for rule in scanning.rules for f in rule.filters)


def repository_problem(name: str, scan_on_push: bool, scanning: ScanningSpec | None, scan_type: str) -> str | None:
    """Why findings of the declared repository `name` would never come (None: something scans it, or the stack cannot
    tell: ENHANCED findings on a registry whose scanning the stack does not set)."""
    if scanning is None:
        if scan_type != "BASIC" or scan_on_push:
            return None
        return (f"is never scanned: its scanOnPush is false and {KEY} is not set, so no findings of it would come; set "
                f"scanOnPush: true on it (or have {KEY} scan it), or {_REMEDY}")
    if any(filter_matches(f, name) for f in _filters(scanning)):
        return None
    return (f"is never scanned: no rule of {KEY} ({scanning.scan_type}) matches it, {_REPLACES}; add a filter matching it "
            f"to a scanning rule, or {_REMEDY}")


def namespace_problem(namespace: str, scanning: ScanningSpec | None) -> str | None:
    """Why findings of repositories under `namespace` would never come (None: some may be scanned, or cannot tell)."""
    if scanning is None or any(filter_may_match_under(f, namespace) for f in _filters(scanning)):
        return None
    return (f"is never scanned: no rule of {KEY} ({scanning.scan_type}) matches a repository under {namespace}/, "
            f"{_REPLACES}; add a filter matching them ({namespace}/*) to a scanning rule, or {_REMEDY}")
