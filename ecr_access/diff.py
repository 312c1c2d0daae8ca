"""`python -m ecr_access.diff BASE.json HEAD.json [--format text|markdown|json]`: what a change does to access.

The same command as the console script `ecr-access-diff`; see ecr_access.report.diff.
"""

from __future__ import annotations

from ecr_access.plan.cli import run_cli
from ecr_access.report.diff import main


def cli() -> None:
    """The console script: the plan diff, with a quiet end when stdout's reader stops early."""
    run_cli(main)


if __name__ == "__main__":
    cli()
