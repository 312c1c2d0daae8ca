"""`python -m bench`: whole-process and render time, memory and resource counts of the real program vs a plain
pulumi_aws baseline, the dev stack's start-up, and the fill of the policy quotas. Prints figures and PASS/MISS per
target; never fails on a miss."""

from __future__ import annotations

import argparse
import sys
import time

from bench.fill import CAPACITY, LIMIT, compile_size, fill, largest_named_grant, namespace_grant_size
from bench.process import interleaved
from bench.startup import MEMORY_TARGET_MB, TIME_TARGET, measure_dev, print_startup, ratios
from bench.synthetic import counts, grant_count

DEFAULT_SIZES = (10, 100, 1000)
IAM_PREFIX = "aws:iam/"
POLICY_TYPES = ("aws:iam/policy:Policy",)
ATTACHMENT_SUFFIX = "PolicyAttachment"


def aws_types(types: dict[str, int]) -> dict[str, int]:
    """The provider resources of a run (components and the stack left out)."""
    return {t: n for t, n in sorted(types.items()) if t.startswith("aws:")}


def measure_size(size: int, repeat: int = 1, warmup: int = 1) -> dict:
    """Every figure of one size: compile, each program's medians over `repeat` interleaved runs, resources, fill."""
    start = time.perf_counter()
    compiled = compile_size(size)
    compile_seconds = time.perf_counter() - start
    policy_counts = {p.spec.name: len(p.policies) for p in compiled.principals}
    runs = interleaved({program: {"program": program, "size": size, "policy_counts": policy_counts}
                        for program in ("ours", "baseline", "components")}, repeat, warmup)
    ours, base, wrapped = runs["ours"], runs["baseline"], runs["components"]
    types = ours["types"]
    principals = sum(counts(size).values())
    policies = sum(n for t, n in types.items() if t in POLICY_TYPES)
    attachments = sum(n for t, n in types.items() if t.endswith(ATTACHMENT_SUFFIX))
    iam = sum(n for t, n in types.items() if t.startswith(IAM_PREFIX))
    return {
        "size": size, "principals": principals, "grants": grant_count(size), "compile_seconds": compile_seconds,
        "ours": ours, "baseline": base, "components_baseline": wrapped,
        "same_resources": aws_types(types) == aws_types(base["types"]) == aws_types(wrapped["types"]),
        "resources": sum(types.values()), "provider_resources": sum(aws_types(types).values()),
        "components": sum(n for t, n in types.items() if t.startswith("ecr-access:")),
        "policies": policies, "attachments": attachments, "iam_resources": iam, "fill": fill(compiled),
    }


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def _trio(values: tuple[float, float, float], fmt: str = "{:.0f}") -> str:
    return " / ".join(fmt.format(v) for v in values)


def print_scale(rows: list[dict]) -> None:
    """Render time, memory, ratio and growth per size."""
    print(f"## Render time and memory (real __main__.py vs plain pulumi_aws baseline, same mocks, a fresh process per "
          f"run, median of {rows[0]['ours']['runs']} interleaved runs after warm-up)")
    print(f"{'size':>6} {'ours s':>8} {'base s':>8} {'ratio':>6} {'growth':>7} {'base growth':>11} {'comp s':>7} "
          f"{'ours/comp':>9} {'ours whole':>10} {'base whole':>10} {'compile s':>9} {'ours MB':>8} {'base MB':>8} "
          f"{'resources':>9} {'same set':>8}")
    previous = None
    for r in rows:
        o, b = r["ours"]["seconds"], r["baseline"]["seconds"]
        growth = f"{o / previous['ours']['seconds']:.1f}x" if previous else "-"
        base_growth = f"{b / previous['baseline']['seconds']:.1f}x" if previous else "-"
        c = r["components_baseline"]["seconds"]
        print(f"{r['size']:>6} {o:>8.2f} {b:>8.2f} {o / b:>6.2f} {growth:>7} {base_growth:>11} {c:>7.2f} {o / c:>9.2f} "
              f"{r['ours']['whole']:>10.2f} {r['baseline']['whole']:>10.2f} {r['compile_seconds']:>9.2f} "
              f"{_mb(r['ours']['peak_rss_kb']):>8} {_mb(r['baseline']['peak_rss_kb']):>8} {r['resources']:>9} "
              f"{'yes' if r['same_resources'] else 'NO':>8}")
        previous = r
    print("(s = render: the program body under the mocks, ours' own imports included; ratio = ours / baseline render "
          "seconds; growth = seconds / seconds of the previous size; comp = the baseline with each repository's and "
          "principal's resources in a bare ComponentResource, as ours registers them; whole = the process from spawn "
          "to exit, interpreter, SDK and pulumi_aws imports included; compile = the pure compiler alone; MB = the "
          "process's peak RSS; resources = every registration of ours, components included; same set = the baselines "
          "register the same provider resources, types and counts)")


def print_resources(rows: list[dict]) -> None:
    """Resources registered per principal and per grant."""
    print("\n## Resources registered")
    print(f"{'size':>6} {'principals':>10} {'grants':>6} {'provider':>8} {'components':>10} {'IAM':>5} {'policies':>8} "
          f"{'attach':>6} {'IAM/principal':>13} {'pol+att/grant':>13} {'pol+att/principal':>17}")
    for r in rows:
        pa = r["policies"] + r["attachments"]
        print(f"{r['size']:>6} {r['principals']:>10} {r['grants']:>6} {r['provider_resources']:>8} {r['components']:>10} "
              f"{r['iam_resources']:>5} {r['policies']:>8} {r['attachments']:>6} {r['iam_resources'] / r['principals']:>13.2f} "
              f"{pa / r['grants']:>13.2f} {pa / r['principals']:>17.2f}")


def print_fill(rows: list[dict]) -> None:
    """Managed-policy fill per size, the named-grant limit and the namespace grant's size."""
    print(f"\n## Policy fill (managed policy limit {LIMIT} characters, {CAPACITY} for statements; min / avg / max)")
    for r in rows:
        f = r["fill"]
        print(f"size {r['size']}: {f.principals_with_policies} principals with policies; characters per principal "
              f"{_trio(f.chars_per_principal)}; per policy {_trio(f.chars_per_policy)} "
              f"({_trio(tuple(v / LIMIT * 100 for v in f.chars_per_policy), '{:.0f}%')} of {LIMIT}); policies per "
              f"principal {_trio(f.policies_per_principal, '{:.2f}')} of {f.max_policies} attachable")
        if f.packed_principals:
            print(f"  {f.packed_principals} principals need more than one policy: average fill {f.packed_fill:.1%} over "
                  f"all their policies, {f.packed_fill_but_last:.1%} leaving out each one's last (remainder) policy; "
                  f"{f.packed_minimal}/{f.packed_principals} use the fewest policies their characters allow")
    largest, error = largest_named_grant()
    print(f"\nLargest number of individually named repositories for one principal (pull, names like team-000/svc-0000, "
          f"10 policies): {largest}; one more gives:\n  {error.splitlines()[-1].strip()}")
    print("\nNamespace grant vs the same repositories named one by one (characters of the principal's policies):")
    for size in [s for s in (10, 100, 1000) if s <= max(r["size"] for r in rows)] or [10]:
        namespace, named = namespace_grant_size(size)
        print(f"  {size:>5} repositories: namespace {namespace}, named {named or 'over 20 policies'}")


def print_targets(rows: list[dict], dev: dict) -> None:
    """PASS/MISS per target (a target whose size was not run is n/a)."""
    by_size = {r["size"]: r for r in rows}
    print("\n## Targets")

    def verdict(name: str, ok: bool | None, detail: str) -> None:
        print(f"{'n/a ' if ok is None else 'PASS' if ok else 'MISS'}  {name}: {detail}")

    big = by_size.get(1000)
    if big:
        ratio = big["ours"]["seconds"] / big["baseline"]["seconds"]
        wrapped = big["ours"]["seconds"] / big["components_baseline"]["seconds"]
        verdict("1,000 x 1,000 within 1.2x the baseline", ratio <= 1.2,
                f"{ratio:.2f}x the plain baseline; {wrapped:.2f}x the baseline registered through the same components")
    else:
        verdict("1,000 x 1,000 within 1.2x the baseline", None, "size 1000 not run")
    last = rows[-1]
    pa, bound = last["policies"] + last["attachments"], 2 * last["principals"]
    verdict("fewer resources than one policy + one attachment per principal (shared grants on groups)", pa < bound,
            f"size {last['size']}: {pa} policies + attachments for {last['principals']} principals (bound {bound})")
    if 100 in by_size and big:
        growth = big["ours"]["seconds"] / by_size[100]["ours"]["seconds"]
        verdict("growth 100 -> 1,000 at most 11x", growth <= 11, f"{growth:.1f}x")
    else:
        verdict("growth 100 -> 1,000 at most 11x", None, "sizes 100 and 1000 not both run")
    packed = [r["fill"] for r in rows if r["fill"].packed_principals]
    if packed:
        f = packed[-1]
        verdict("packed policies >= 90% full on average (all policies)", f.packed_fill >= 0.9, f"{f.packed_fill:.1%}")
        verdict("packed policies >= 90% full on average (all but each principal's remainder)", f.packed_fill_but_last >= 0.9,
                f"{f.packed_fill_but_last:.1%}; the fewest policies possible for {f.packed_minimal}/{f.packed_principals}")
    else:
        verdict("packed policies >= 90% full on average", None, "no principal needs more than one policy at these sizes")
    same = all(r["same_resources"] for r in rows)
    verdict("baseline registers the same provider resources (types and counts)", same, "checked at every size")
    time_ratio, extra = ratios(dev)
    verdict(f"dev stack's whole-process plan within {TIME_TARGET}x the time and +{MEMORY_TARGET_MB} MB of a plain "
            "pulumi_aws program", time_ratio <= TIME_TARGET and extra <= MEMORY_TARGET_MB,
            f"{time_ratio:.2f}x, {extra:+.0f} MB")
    imported = max(r[p]["ecr_access_modules"] for r in rows for p in ("baseline", "components_baseline"))
    imported = max(imported, dev["rows"]["plain"]["ecr_access_modules"])
    verdict("baselines measured in processes without ecr_access", imported == 0,
            f"ecr_access modules imported by any baseline process: {imported}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for the sizes asked and print every figure."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated stack sizes (repositories = principals), e.g. 10,100,1000")
    parser.add_argument("--repeat", type=int, default=3,
                        help="interleaved runs per program and size; the median counts (default 3)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="uncounted runs per program and size before them, filling bytecode and file caches (default 1)")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if not sizes or min(sizes) < 10:
        parser.error("sizes must be integers of at least 10")
    rows = []
    for size in sizes:
        print(f"measuring size {size} ...", file=sys.stderr, flush=True)
        rows.append(measure_size(size, max(1, args.repeat), max(0, args.warmup)))
    print("measuring the dev stack's whole process ...", file=sys.stderr, flush=True)
    dev = measure_dev(max(1, args.repeat), max(0, args.warmup))
    print_scale(rows)
    print_startup(dev)
    print_resources(rows)
    print_fill(rows)
    print_targets(rows, dev)
    return 0
