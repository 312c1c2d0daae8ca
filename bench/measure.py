"""One measurement in its own process (`python -m bench.measure` reads a JSON request on stdin, prints JSON)."""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import Counter

import pulumi_aws  # noqa: F401 - imported before timing by both programs: the SDK's import is not the program's cost

from bench.synthetic import REGISTRY, stack_config
from ecr_access.plan.mocks import AwsShapedMocks
from ecr_access.plan.runner import run_program, run_under_mocks


def measure(program: str, size: int, policy_counts: dict[str, int]) -> dict:
    """Run `ours` (the real __main__.py), `baseline` or `components` (the baseline in bare components) on the synthetic stack of `size`; time, peak RSS, counts."""
    config = stack_config(size)
    mocks = AwsShapedMocks(REGISTRY)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if program == "ours":
        result = run_program(config, project="ecr-access", stack="dev", mocks=mocks)
    else:
        from bench.baseline import program as baseline

        components = program == "components"
        result = run_under_mocks(lambda: baseline(size, policy_counts, components), config=config, project="ecr-access",
                                 stack="dev", mocks=mocks)
    seconds = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "program": program,
        "size": size,
        "seconds": seconds,
        "peak_rss_kb": rss_after,
        "rss_growth_kb": rss_after - rss_before,
        "types": dict(Counter(r.type for r in result.registrations)),
    }


def main() -> int:
    """Read the request, measure, print the figures as JSON."""
    request = json.load(sys.stdin)
    print(json.dumps(measure(request["program"], request["size"], request.get("policy_counts", {}))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
