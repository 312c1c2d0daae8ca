"""`python -m bench.instructions`: the dev stack's start-up counted in instructions (valgrind's callgrind), not seconds.

Seconds on a shared machine move with its load: the whole-process figure of `python -m bench` read 1.55x to 1.94x
for the same code on one evening. The number of instructions a process executes does not: run it twice, on an idle or
a busy machine, and it is nearly the same. So this is the figure to judge a start-up change of a few percent by. Each
process runs about 50 times slower under valgrind (about a minute in all on 2 cores, two at a time), and instructions
are not seconds: waiting on the disk or on memory is not counted, so the time ratio can differ from this one.

Measured, each in a fresh interpreter: the plan as a user runs it, the real program under the bench's mocks, the plain
program registering the same resources (bench/startup.py), and three import steps that split the difference: the
interpreter alone, the Pulumi SDK with pulumi_aws, and pydantic after them (the cyclic collector off during imports,
as the plan has it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.process import CHILD_ENV, ROOT
from bench.startup import PLAN, TIME_TARGET, plain_program
from ecr_access.plan.runner import stack_config

_QUIET = "import gc; gc.disable(); "
IMPORT_STEPS = {
    "python": "the interpreter alone",
    "sdk": "+ import pulumi, pulumi_aws",
    "pydantic": "+ import pydantic (BaseModel and validators)",
}
_IMPORTS = {
    "python": "pass",
    "sdk": _QUIET + "import pulumi, pulumi_aws",
    "pydantic": _QUIET + "import pulumi, pulumi_aws, pydantic; from pydantic import AfterValidator, BaseModel, Field",
}


def count(argv: Sequence[str], stdin: str = "") -> int:
    """Instructions executed by `argv` (run from the checkout) under callgrind; raises if it fails."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *argv], input=stdin,
                             capture_output=True, text=True, cwd=ROOT, env=CHILD_ENV, check=False)
        if run.returncode:
            raise RuntimeError(f"{' '.join(argv)} failed under valgrind:\n{run.stderr[-2000:]}")
        return totals(out.read_text())


def totals(callgrind_out: str) -> int:
    """The total instruction count of a callgrind output file (its `summary:` or `totals:` line)."""
    for line in callgrind_out.splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise ValueError("no summary or totals line in the callgrind output")


def measure(jobs: int = 2) -> dict[str, int]:
    """Instructions of every program and import step, `jobs` processes at a time."""
    config = stack_config("dev")
    with plain_program(config) as plain:
        if not plain["same_resources"]:
            raise RuntimeError("the plain program does not register what ours registers")
        runs: dict[str, tuple[list[str], str]] = {
            "plan": ([sys.executable, *PLAN], ""),
            "ours": ([sys.executable, "-m", "bench.measure"], json.dumps({"program": "ours", "config": config})),
            "plain": ([sys.executable, "-m", "bench.measure"], json.dumps(plain["request"])),
            **{step: ([sys.executable, "-c", code], "") for step, code in _IMPORTS.items()},
        }
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            counted = {name: pool.submit(count, argv, stdin) for name, (argv, stdin) in runs.items()}
            return {name: future.result() for name, future in counted.items()}


def report(counts: Mapping[str, int]) -> str:
    """The table, the split of the plan's extra over the plain program, and the start-up target's verdict."""
    plain = counts["plain"]
    lines = ["## Instructions: the dev stack's start-up (valgrind callgrind, millions; the same on a busy or idle machine)",
             f"{'program':<8} {'':<46} {'M instr':>8} {'/ plain':>8}"]
    for name, label in (("plan", "python -m ecr_access.plan dev --format json"),
                        ("ours", "the real __main__.py, dev stack, bench mocks"),
                        ("plain", "plain pulumi_aws program, the same resources")):
        lines.append(f"{name:<8} {label:<46} {counts[name] / 1e6:>8.0f} {counts[name] / plain:>7.2f}x")
    lines.append("import steps (each a fresh interpreter):")
    for name, label in IMPORT_STEPS.items():
        lines.append(f"  {label:<52} {counts[name] / 1e6:>8.0f}")
    extra = counts["plan"] - plain
    pydantic = counts["pydantic"] - counts["sdk"]
    lines.append(f"the plan's extra over plain: {extra / 1e6:.0f} M = {extra / plain:.2f}x of plain; of it, importing "
                 f"pydantic {pydantic / 1e6:.0f} M ({pydantic / plain:.2f}x), the rest {(extra - pydantic) / 1e6:.0f} M "
                 f"({(extra - pydantic) / plain:.2f}x)")
    ratio = counts["plan"] / plain
    lines.append(f"{'PASS' if ratio <= TIME_TARGET else 'MISS'}  dev stack's plan within {TIME_TARGET}x the "
                 f"instructions of the plain program: {ratio:.2f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Count and print."""
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2, help="processes under valgrind at a time (default 2)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: apt-get install valgrind", file=sys.stderr)
        return 1
    print(report(measure(args.jobs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
