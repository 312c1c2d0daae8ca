"""`python -m ecr_access.diff BASE.json HEAD.json [--format text|markdown|json]`: what a change does to resources and access.

Access includes who may assume each role (its trust policy) and the conditions, with their values, each action is
allowed under: a condition removed or changed counts as access gained. Resource options count too: protect or
retainOnDelete turned off is a warning, listed first.

Exit status (so CI can ask for an extra approval):
  0   no change
  10  resources or access change, but no principal gains anything (removals, updates, option changes, access lost)
  20  new access granted (some principal gains a level or an action on some target, a new trust, or a grant whose
      condition was removed or changed)
  1   error (a plan cannot be read); 2 is argparse's usage error
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from ecr_access.plan.cli import prog, run_cli
from ecr_access.report.access import compute
from ecr_access.report.changes import AccessChange, ResourceChange, access_changes, resource_changes
from ecr_access.report.render import short_actions

NO_CHANGE, CHANGED, ACCESS_GRANTED, ERROR = 0, 10, 20, 1


def exit_code(resources: list[ResourceChange], access: list[AccessChange]) -> int:
    """0 no change, 10 changes without new access, 20 new access granted."""
    if any(c.change == "gained" for c in access):
        return ACCESS_GRANTED
    return CHANGED if resources or access else NO_CHANGE


def _granted(c: AccessChange) -> str:
    """The levels/actions with their conditions; for a condition change, also the other side's conditions."""
    mine, other = (c.conditions, c.previous) if c.change == "gained" else (c.previous, c.conditions)
    text = short_actions(c.granted) + (f" if {mine}" if mine else "")
    if any(r.startswith("condition ") for r in c.reasons):
        text += f" ({'before' if c.change == 'gained' else 'now'}: {f'if {other}' if other else 'unconditional'})"
    return text


def _access_line(c: AccessChange) -> str:
    sign = "+" if c.change == "gained" else "-"
    why = f"  [{', '.join(c.reasons)}]" if c.reasons else ""
    return f"{sign} {c.label} on {c.target}: {_granted(c)}{why}"


def _resource_line(c: ResourceChange) -> str:
    detail = f" ({c.detail})" if c.detail else ""
    warn = f" WARNING: {', '.join(c.warnings)}" if c.warnings else ""
    return f"{c.change:8} {c.type} {c.name}{detail}{warn}"


def to_text(resources: list[ResourceChange], access: list[AccessChange]) -> str:
    """Plain-text summary for a terminal."""
    if not resources and not access:
        return "No change."
    lines = [f"Resources: {len(resources)} change(s)"]
    lines += [f"  {_resource_line(c)}" for c in resources]
    lines.append(f"Access: {sum(c.change == 'gained' for c in access)} gained, {sum(c.change == 'lost' for c in access)} lost")
    lines += [f"  {_access_line(c)}" for c in access]
    return "\n".join(lines)


def to_markdown(resources: list[ResourceChange], access: list[AccessChange], stack: str = "") -> str:
    """Markdown for a pull-request comment: access first (what reviewers must approve), then resources."""
    title = f"### Access diff{f': `{stack}`' if stack else ''}"
    if not resources and not access:
        return f"{title}\n\nNo change to resources or access."
    gained = [c for c in access if c.change == "gained"]
    lines = [title, ""]
    if gained:
        lines += [f"**{len(gained)} new access grant(s): needs an access review.**", ""]
    for c in resources:
        if c.warnings:
            why = " (it can now be deleted or replaced)" if any(w.endswith("turned off") for w in c.warnings) else ""
            lines += [f"**Warning: `{c.type}` {c.name}: {', '.join(c.warnings)}**{why}", ""]
    if access:
        lines += ["| | Principal | Target | Levels / actions | Why it matters |", "|---|---|---|---|---|"]
        for a in access:
            sign = "➕" if a.change == "gained" else "➖"
            cells = [a.label, f"`{a.target}`", _granted(a), ", ".join(a.reasons)]
            lines.append(f"| {sign} | " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        lines.append("")
    if resources:
        lines += ["<details><summary>Resources: " + f"{len(resources)} change(s)</summary>", ""]
        lines += [f"- **{c.change}** `{c.type}` {c.name}" + (f" ({c.detail})" if c.detail else "")
                  + (f" **{', '.join(c.warnings)}**" if c.warnings else "") for c in resources]
        lines += ["", "</details>"]
    return "\n".join(lines)


def to_json(resources: list[ResourceChange], access: list[AccessChange]) -> str:
    """Machine-readable diff, with the exit code it implies."""
    return json.dumps({"exitCode": exit_code(resources, access), "resources": [asdict(c) for c in resources],
                       "access": [asdict(c) for c in access]}, indent=2)


def diff(base: dict[str, Any], head: dict[str, Any]) -> tuple[list[ResourceChange], list[AccessChange]]:
    """Resource and access changes from base plan to head plan."""
    return resource_changes(base, head), access_changes(compute(base), compute(head))


def main(argv: list[str] | None = None) -> int:
    """Print the diff of two plan files; the exit status says whether access was granted (see module doc)."""
    parser = argparse.ArgumentParser(prog=prog("ecr_access.diff"), description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="plan JSON of the base branch")
    parser.add_argument("head", help="plan JSON of the change")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    args = parser.parse_args(argv)
    try:
        plans = []
        for path in (args.base, args.head):
            with open(path, encoding="utf-8") as handle:
                plans.append(json.load(handle))
    except (OSError, ValueError) as err:
        print(f"error: cannot read plan: {err}", file=sys.stderr)
        return ERROR
    resources, access = diff(*plans)
    if args.format == "markdown":
        print(to_markdown(resources, access, str(plans[1].get("stack", ""))))
    else:
        print((to_json if args.format == "json" else to_text)(resources, access))
    return exit_code(resources, access)


if __name__ == "__main__":
    run_cli(main)
