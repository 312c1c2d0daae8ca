"""`python -m bench.profile [--size N] [--program ours|baseline|components]`: where one render spends its time.

Samples one run with pyinstrument (a dev requirement) and prints the functions with the most time of their own,
and the program's own frames (config, compile, components) with their time including callees.
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
import time
from collections.abc import Callable

import pulumi_aws  # noqa: F401 - imported before sampling, as in bench.measure
from pyinstrument import Profiler
from pyinstrument.renderers import JSONRenderer

from bench.fill import compile_size
from bench.harness import RecordingMocks, run
from bench.process import ROOT
from bench.synthetic import ACCOUNT, REGION, stack_config


def main(argv: list[str] | None = None) -> int:
    """Profile one run and print its top entries."""
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--program", choices=("ours", "baseline", "components"), default="ours")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    config = stack_config(args.size)
    counts = {p.spec.name: len(p.policies) for p in compile_size(args.size).principals}
    body: Callable[[], object]
    if args.program == "ours":
        body = lambda: runpy.run_path(str(ROOT), run_name="__main__")  # noqa: E731
    else:
        from bench.baseline import program

        body = lambda: program(args.size, counts, args.program == "components")  # noqa: E731
    profiler = Profiler(interval=0.002)
    start = time.perf_counter()
    profiler.start()
    run(body, config, RecordingMocks(ACCOUNT, REGION))
    profiler.stop()
    print(f"{args.program} at size {args.size}: {time.perf_counter() - start:.2f} s (sampled)")
    session = json.loads(profiler.output(JSONRenderer()))
    own: dict[str, float] = {}
    total: dict[str, float] = {}
    project_frames: set[str] = set()

    def walk(frame: dict, stack: frozenset[str]) -> None:
        key = f"{frame['function']}  {frame['file_path_short']}:{frame['line_no']}"
        if frame["file_path"].startswith(str(ROOT)) and "/bench/" not in frame["file_path"]:
            project_frames.add(key)
        own[key] = own.get(key, 0.0) + frame["time"] - sum(c["time"] for c in frame["children"])
        if key not in stack:  # recursion counted once
            total[key] = total.get(key, 0.0) + frame["time"]
        for child in frame["children"]:
            walk(child, stack | {key})

    walk(session["root_frame"], frozenset())
    print(f"\nTop {args.top} by own time (s):")
    for key, seconds in sorted(own.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"{seconds:8.3f}  {key}")
    print("\nThe program's own frames, time including callees (s):")
    ours = [(k, v) for k, v in total.items() if k in project_frames]
    for key, seconds in sorted(ours, key=lambda kv: -kv[1])[: args.top]:
        print(f"{seconds:8.3f}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
