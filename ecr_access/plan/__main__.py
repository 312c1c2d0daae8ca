"""`python -m ecr_access.plan [STACK] [--format text|json] [--config KEY=VALUE ...]`: the offline plan of a stack.

Only the plan goes to stdout; errors go to stderr with exit status 1, or 3 when the plan needs the value of a secret
(`secure:`) it cannot decrypt and no `--config` gives it (CI skips such a stack's diff with a notice).
"""

from __future__ import annotations

from ecr_access.stack.collector import pause

if __name__ == "__main__":
    pause()  # no cyclic collection until the first registration: start-up makes little garbage (ecr_access/stack/collector.py)

import argparse
import json
import sys
from pathlib import Path

import pulumi

from ecr_access.config.errors import ConfigError
from ecr_access.plan.cli import prog, run_cli
from ecr_access.plan.overrides import PLAN_CONFIG, plan_config, qualified
from ecr_access.plan.render import to_json_object, to_text
from ecr_access.plan.runner import PROJECT_DIR, run_stack
from ecr_access.plan.stack_file import SecretsNeeded, StackFileError, project_name, read_stack_file

SECRETS_NEEDED = 3  # exit status: a secret the plan needs has no --config value


def _override(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def main(argv: list[str] | None = None) -> int:
    """Print the offline plan of a stack; exit 1 with the validation error on bad config."""
    parser = argparse.ArgumentParser(prog=prog("ecr_access.plan"), description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stack", nargs="?", default="dev", help="stack name: reads Pulumi.<stack>.yaml (default: dev)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--stack-file", type=Path, help="read config from this file instead of Pulumi.<stack>.yaml")
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, metavar="DIR",
                        help="plan the Pulumi project in DIR (its Pulumi.yaml, its program, its Pulumi.<stack>.yaml): "
                             "a program of your own that uses the ecr_access components (default: this project)")
    parser.add_argument(
        "--config", action="append", type=_override, default=[], metavar="KEY=VALUE",
        help="set a config value for this run, as `pulumi config set` would (repeatable; a key without a namespace "
             "is the project's): plans a stack whose secrets the documents need without decrypting them; the "
             f"environment variable {PLAN_CONFIG} gives such values too (KEY=VALUE or STACK/KEY=VALUE, space-separated)",
    )
    args = parser.parse_args(argv)
    try:
        project = project_name(args.project)
        overrides = {**plan_config(args.stack, project), **qualified(args.config, project)}
        stack_file = read_stack_file(args.stack_file or args.project / f"Pulumi.{args.stack}.yaml").with_overrides(overrides)
        result = run_stack(args.stack, config=stack_file.offline_config(args.stack), secret_keys=stack_file.secret_keys,
                           noted=stack_file.problems, project_dir=args.project)
    except StackFileError as err:
        for line in err.lines:
            print(f"error: {line}", file=sys.stderr)
        return SECRETS_NEEDED if isinstance(err, SecretsNeeded) else 1
    except (ConfigError, pulumi.RunError, FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(to_json_object(result), indent=2))
    else:
        print(to_text(result))
    return 0


def cli() -> None:
    """The console script: `main` with a quiet end when stdout's reader stops early."""
    pause()
    run_cli(main)


if __name__ == "__main__":
    cli()
