"""Each measured program in its own fresh interpreter: whole-process wall time and peak RSS as the parent sees them,
runs of the compared programs interleaved, medians reported."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Children may write bytecode caches even where the environment forbids it: an installed package (or a checkout after
# its first run) starts from cached bytecode, as pulumi_aws does from the .pyc files pip compiled.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def spawn(argv: Sequence[str], stdin: str = "") -> tuple[float, int, str]:
    """Run `argv` from the checkout: (wall seconds from spawn to exit, peak RSS in KB, stdout); raises on failure."""
    with tempfile.TemporaryFile("w+") as given, tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        given.write(stdin)
        given.seek(0)
        start = time.perf_counter()
        child = subprocess.Popen(list(argv), stdin=given, stdout=out, stderr=err, cwd=ROOT, env=CHILD_ENV)
        _, status, usage = os.wait4(child.pid, 0)  # the child's own rusage, not the sum over every child
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{err.read()}")
        return seconds, usage.ru_maxrss, out.read()


def measure(request: Mapping[str, Any] | Sequence[str]) -> dict[str, Any]:
    """One run: a `bench.measure` request (a mapping) or a command line; its figures plus `whole` seconds and peak RSS."""
    if isinstance(request, Mapping):
        seconds, rss, out = spawn([sys.executable, "-m", "bench.measure"], json.dumps(request))
        figures = json.loads(out.strip().splitlines()[-1])
    else:
        seconds, rss, out = spawn([sys.executable, *request])
        figures = {"stdout": out}
    return {**figures, "whole": seconds, "peak_rss_kb": rss}


def interleaved(requests: Mapping[str, Mapping[str, Any] | Sequence[str]], repeat: int,
                warmup: int = 1) -> dict[str, dict[str, Any]]:
    """Run every program `repeat` times in turn (a, b, c, a, b, c, ...), so a neighbour's load spike hits them alike,
    after `warmup` uncounted runs each (bytecode and file caches filled on both sides); per program, the median of
    each figure over its runs (other keys from its first run)."""
    for _ in range(warmup):
        for request in requests.values():
            measure(request)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in requests}
    for _ in range(max(1, repeat)):
        for name, request in requests.items():
            runs[name].append(measure(request))
    medians = {}
    for name, results in runs.items():
        first = dict(results[0])
        for key in ("whole", "seconds", "peak_rss_kb"):
            if key in first:
                first[key] = statistics.median(r[key] for r in results)
        if "ecr_access_modules" in first:  # the most any of its processes imported
            first["ecr_access_modules"] = max(r["ecr_access_modules"] for r in results)
        first["runs"] = len(results)
        medians[name] = first
    return medians
