"""`python -m plan [STACK] [--format text|json]`: the offline plan of a stack."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pulumi

from model.errors import ConfigError
from plan.render import to_json_object, to_text
from plan.runner import read_stack_file, run_stack


def main(argv: list[str] | None = None) -> int:
    """Print the offline plan of a stack; exit 1 with the validation error on bad config."""
    parser = argparse.ArgumentParser(prog="python -m plan", description=__doc__)
    parser.add_argument("stack", nargs="?", default="dev", help="stack name: reads Pulumi.<stack>.yaml (default: dev)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--stack-file", type=Path, help="read config from this file instead of Pulumi.<stack>.yaml")
    args = parser.parse_args(argv)
    try:
        config = read_stack_file(args.stack_file) if args.stack_file else None
        result = run_stack(args.stack, config=config)
    except (ConfigError, pulumi.RunError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(to_json_object(result), indent=2))
    else:
        print(to_text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
