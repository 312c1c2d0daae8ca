"""The whole-process figure of the dev stack: the offline plan as a user runs it, and the real program, against a
plain pulumi_aws program registering the same resources (same types, names and inputs), each in a fresh interpreter."""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Iterator
from typing import Any

from bench.process import interleaved, measure
from ecr_access.plan.runner import stack_config

PLAN = ("-m", "ecr_access.plan", "dev", "--format", "json")
TIME_TARGET, MEMORY_TARGET_MB = 1.5, 30
LABELS = {
    "plan": "python -m ecr_access.plan dev --format json",
    "ours": "the real __main__.py, dev stack, bench mocks",
    "plain": "plain pulumi_aws program, the same resources",
}


def _provider(registered: list[list[Any]]) -> dict[tuple[str, str], str]:
    return {(t, name): json.dumps(inputs, sort_keys=True) for t, name, inputs in registered if t.startswith("aws:")}


@contextlib.contextmanager
def plain_program(config: dict[str, str]) -> Iterator[dict[str, Any]]:
    """The plain program's request for a stack `config`: what ours registers for it, recorded once, replayed through
    `bench/plain.py` and checked equal (types, names and inputs); `same_resources` and `resources` say how that went."""
    ours = {"program": "ours", "config": config}
    recorded = _provider(measure({**ours, "record": True})["registered"])
    with tempfile.NamedTemporaryFile("w", suffix=".json") as resources:
        json.dump([{"type": t, "name": name, "inputs": json.loads(inputs)} for (t, name), inputs in recorded.items()],
                  resources)
        resources.flush()
        plain = {"program": "plain", "resources": resources.name, "region": config["aws:region"],
                 "account": config["ecr-access:accountId"]}
        replayed = _provider(measure({**plain, "record": True})["registered"])
        yield {"request": plain, "same_resources": recorded == replayed, "resources": len(recorded)}


def measure_dev(repeat: int, warmup: int = 1) -> dict[str, Any]:
    """Every figure of the dev stack: what ours registers is replayed by the plain program, checked equal, then the
    three programs run `repeat` times each, interleaved."""
    config = stack_config("dev")
    with plain_program(config) as plain:
        rows = interleaved({"plan": PLAN, "ours": {"program": "ours", "config": config}, "plain": plain["request"]},
                           repeat, warmup)
    return {"rows": rows, "resources": plain["resources"], "same_resources": plain["same_resources"],
            "plan_ok": json.loads(rows["plan"]["stdout"])["stack"] == "dev"}


def ratios(dev: dict[str, Any], program: str = "plan") -> tuple[float, float]:
    """(whole-process time of `program` / the plain program's, its extra peak RSS in MB)."""
    rows = dev["rows"]
    return rows[program]["whole"] / rows["plain"]["whole"], (rows[program]["peak_rss_kb"] - rows["plain"]["peak_rss_kb"]) / 1024


def print_startup(dev: dict[str, Any]) -> None:
    """The dev stack's whole-process table."""
    rows = dev["rows"]
    runs = rows["plain"]["runs"]
    print(f"\n## Whole process: the dev stack (median of {runs} interleaved runs after warm-up; each program a fresh "
          "interpreter, imports included; gc.freeze() before the first registration on every side)")
    print(f"{'program':<8} {'':<46} {'whole s':>7} {'render s':>8} {'peak MB':>7} {'ecr_access modules':>18}")
    for name, label in LABELS.items():
        row = rows[name]
        render = f"{row['seconds']:.2f}" if "seconds" in row else "-"
        modules = row.get("ecr_access_modules", "-")
        print(f"{name:<8} {label:<46} {row['whole']:>7.2f} {render:>8} {row['peak_rss_kb'] / 1024:>7.0f} {modules:>18}")
    for program in ("plan", "ours"):
        time_ratio, extra = ratios(dev, program)
        print(f"{program} / plain: {time_ratio:.2f}x the time, {extra:+.0f} MB")
    print(f"same resources: {'yes' if dev['same_resources'] else 'NO'} ({dev['resources']} provider resources: types, "
          f"names and inputs); plan output is the dev stack's JSON: {'yes' if dev['plan_ok'] else 'NO'}")
    print("(whole = spawn to exit as the parent sees it; render = the program body under the mocks, after the SDK and "
          "pulumi_aws are imported, ours' own imports included; peak MB = the process's peak RSS)")
