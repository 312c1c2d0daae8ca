"""`python -m ecr_access.report PLAN.json [--format table|markdown|json]` or `python -m ecr_access.report --stack dev`: the access report."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ecr_access.plan.cli import prog, run_cli
from ecr_access.report.access import compute
from ecr_access.report.render import RENDERERS


def load_plan(path: str | None, stack: str | None) -> dict[str, Any]:
    """A plan JSON object: read from a file (`-` for stdin), or rendered offline for a stack."""
    if stack is not None:
        from ecr_access.plan.render import to_json_object  # imported here: only this path needs Pulumi
        from ecr_access.plan.runner import run_stack

        return json.loads(json.dumps(to_json_object(run_stack(stack))))
    if path == "-":
        return json.load(sys.stdin)
    with open(str(path), encoding="utf-8") as handle:
        return json.load(handle)


def main(argv: list[str] | None = None) -> int:
    """Print the access report; exit 1 when the plan cannot be read or rendered."""
    parser = argparse.ArgumentParser(prog=prog("ecr_access.report"), description=__doc__)
    parser.add_argument("plan", nargs="?", help="plan JSON file from `python -m ecr_access.plan STACK --format json` (- for stdin)")
    parser.add_argument("--stack", help="render this stack's offline plan in-process instead of reading a file")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="table")
    args = parser.parse_args(argv)
    if (args.plan is None) == (args.stack is None):
        parser.error("give either a plan file or --stack")
    try:
        plan = load_plan(args.plan, args.stack)
    except Exception as err:
        print(f"error: cannot read plan: {err}", file=sys.stderr)
        return 1
    print(RENDERERS[args.format](compute(plan)))
    return 0


def cli() -> None:
    """The console script: `main` with a quiet end when stdout's reader stops early."""
    run_cli(main)


if __name__ == "__main__":
    cli()
