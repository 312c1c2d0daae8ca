"""Render an access matrix as a terminal table, as Markdown for a pull-request comment, or as JSON."""

from __future__ import annotations

import json

from ecr_access.iam.guardrails import registry_admin
from ecr_access.report.access import Access, Matrix

MAX_ACTIONS = 6  # the table and Markdown abbreviate long action lists; JSON has them all


def short_actions(actions: tuple[str, ...] | list[str]) -> str:
    """Actions without the `ecr:` prefix, abbreviated after MAX_ACTIONS; registry-wide admin actions (registry policy,
    replication, caches, templates, ...) are never abbreviated: they come first, every one, after `registry admin:`."""
    def short(action: str) -> str:
        return action.split(":", 1)[1] if action.startswith("ecr:") else action

    admin = [short(a) for a in actions if registry_admin.is_registry_admin(a)]
    names = [short(a) for a in actions if not registry_admin.is_registry_admin(a)]
    if len(names) > MAX_ACTIONS:
        names = names[:MAX_ACTIONS] + [f"+{len(names) - MAX_ACTIONS} more"]
    shown = ", ".join(names)
    if not admin:
        return shown
    return f"registry admin: {', '.join(admin)}" + (f"; {shown}" if shown else "")


def target_label(access: Access) -> str:
    """The target with, for a pattern, the declared repositories it covers."""
    if not access.pattern:
        return access.target
    covers = ", ".join(access.covers) if access.covers else "no declared repository"
    return f"{access.target} (covers: {covers})"


def _row(matrix: Matrix, access: Access) -> list[str]:
    levels = ", ".join(access.levels) or "-"
    if access.conditional:
        levels += " (if " + (", ".join(access.conditions) or "conditions") + ")"
    via = "; ".join(sorted({f"{v.document} [{v.sid}]" for v in access.via}))
    return [matrix.principal(access.principal).label, target_label(access), levels, short_actions(access.actions) or "-", via]


HEADER = ["Principal", "Target", "Levels", "Other actions", "Via"]


def to_table(matrix: Matrix) -> str:
    """A fixed-width table for the terminal."""
    rows = [HEADER] + [_row(matrix, a) for a in matrix.access]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = [f"Access report for stack {matrix.stack} (account {matrix.account}): "
             f"{len(matrix.principals)} principals, {len(matrix.repositories)} repositories"]
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    if len(rows) == 1:
        lines.append("(no principal holds access to any repository)")
    lines += _notes(matrix)
    return "\n".join(lines)


def _notes(matrix: Matrix) -> list[str]:
    notes = [f"note: {p.label}: {p.note}" for p in matrix.principals if p.note]
    notes += [f"unresolved attachment (document not in the plan): {u}" for u in matrix.unresolved]
    return notes


def _md(cell: str) -> str:
    return cell.replace("|", "\\|")


def to_markdown(matrix: Matrix) -> str:
    """A Markdown table (for a pull-request comment)."""
    lines = [f"### Access report: `{matrix.stack}`", ""]
    if not matrix.access:
        lines.append("_No principal holds access to any repository._")
    else:
        lines += ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        lines += ["| " + " | ".join(_md(c) for c in _row(matrix, a)) + " |" for a in matrix.access]
    notes = _notes(matrix)
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines)


def to_json(matrix: Matrix) -> str:
    """The full report as indented JSON."""
    return json.dumps(matrix.to_json(), indent=2)


RENDERERS = {"table": to_table, "markdown": to_markdown, "json": to_json}
