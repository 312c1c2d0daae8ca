"""One measured program in a fresh interpreter: `python -m bench.measure` reads a JSON request on stdin, prints JSON.

The process imports the Pulumi SDK, pulumi_aws and the bench harness, then runs one program: `ours` (the real
__main__.py), `baseline` or `components` (the synthetic stack's plain programs, bench/baseline.py) or `plain` (given
resources, bench/plain.py). A baseline's process never imports ecr_access: the figures say how many of its modules
each process loaded.
"""

from __future__ import annotations

import json
import resource
import runpy
import sys
import time
from typing import Any

import pulumi_aws  # noqa: F401 - every program imports it; imported before the render clock, not before the process's

from bench.harness import RecordingMocks, run
from bench.synthetic import stack_config

ROOT = __file__.rsplit("/bench/", 1)[0]


def _body(request: dict[str, Any]) -> tuple[dict[str, str], Any]:
    program = request["program"]
    if program == "ours":
        # A stack's config comes in the request, as the Pulumi CLI hands it to a program (read by the CLI, not by it).
        config = request["config"] if "config" in request else stack_config(request["size"])
        return config, lambda: runpy.run_path(ROOT, run_name="__main__")
    if program == "plain":
        from bench.plain import program as plain

        with open(request["resources"]) as f:
            resources = json.load(f)
        return {"aws:region": request["region"], "ecr-access:accountId": request["account"]}, lambda: plain(resources)
    from bench.baseline import program as baseline

    size, counts = request["size"], request.get("policy_counts", {})
    return stack_config(size), lambda: baseline(size, counts, program == "components")


def measure(request: dict[str, Any]) -> dict[str, Any]:
    """Run the program asked for; its render time, the process's peak RSS, what it registered."""
    config, body = _body(request)
    mocks = RecordingMocks(config["ecr-access:accountId"], config["aws:region"])
    start = time.perf_counter()
    run(body, config, mocks)
    seconds = time.perf_counter() - start
    figures = {
        "program": request["program"],
        "seconds": seconds,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "types": mocks.types(),
        "ecr_access_modules": sum(1 for name in sys.modules if name.split(".")[0] == "ecr_access"),
    }
    if request.get("record"):
        figures["registered"] = [[t, name, inputs] for t, name, inputs in mocks.registered]
    return figures


def main() -> int:
    """Read the request, measure, print the figures as JSON."""
    print(json.dumps(measure(json.load(sys.stdin))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
