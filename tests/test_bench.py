"""The benchmark keeps working: the smallest size runs end to end and prints every figure (no timing assertions)."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from bench.fill import largest_named_grant, named_grant, namespace_grant_size
from bench.render import main
from bench.synthetic import raw_sections


def test_synthetic_stack_mixes_targets_levels_and_shared_group_grants():
    sections = raw_sections(10)
    grants = [g for kind in ("groups", "users", "roles") for p in sections[kind] for g in p.get("grants", [])]
    assert {key for g in grants for key in g if key != "levels"} == {"repository", "repositories", "namespace"}
    assert {level for g in grants for level in g["levels"]} == {"pull", "push", "read"}
    assert (len(sections["repositories"]), len(sections["groups"]) + len(sections["users"]) + len(sections["roles"])) == (10, 10)
    assert any("grants" not in u and u["groups"] for u in sections["users"])  # users holding only their group's grants


def test_largest_named_grant_fits_ten_policies_and_one_more_is_the_clear_error():
    largest, error = largest_named_grant()
    assert named_grant(largest) == (10, "")
    assert named_grant(largest + 1)[0] == 0
    assert "ecr-access:users[0].grants: user bench-user: the grants need" in error
    assert "a principal takes at most 10 managed policies of 6144 characters" in error


def test_a_namespace_grant_does_not_grow_with_the_repositories_it_covers():
    small, big = namespace_grant_size(10), namespace_grant_size(100)
    assert small[0] == big[0]
    assert small[1] < big[1]


@pytest.fixture(scope="module")
def out() -> str:
    """What `python -m bench` prints for the smallest size, one run per program."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["--sizes", "10", "--repeat", "1", "--warmup", "0"]) == 0
    return printed.getvalue()


@pytest.mark.slow
@pytest.mark.xdist_group("bench")
def test_bench_on_the_smallest_size_prints_every_figure(out):
    number = r"\s+([\d.]+)"
    row = re.search(rf"^\s+10{number * 3}\s+-\s+-{number * 7}\s+72\s+yes$", out, re.M)
    assert row, out  # render seconds, ratio, components baseline, whole process, compile, memory; 72 registrations
    ours, base, ratio, wrapped, ours_vs_wrapped, ours_whole, base_whole = (float(row.group(i)) for i in range(1, 8))
    # Printed with two decimals: the ratios agree with the printed seconds up to their rounding.
    assert ratio == pytest.approx(ours / base, rel=0.1)
    assert ours_vs_wrapped == pytest.approx(ours / wrapped, rel=0.1)
    assert ours_whole > ours and base_whole > base  # a whole process holds its render, and more
    # 10 principals, 15 grants, 52 provider resources, 20 components, 32 IAM, 8 policies, 8 attachments
    assert re.search(r"^\s+10\s+10\s+15\s+52\s+20\s+32\s+8\s+8\s+3\.20\s+1\.07\s+1\.60$", out, re.M), out
    assert "size 10: 8 principals with policies; characters per principal" in out
    assert re.search(r"10 policies\): \d+; one more gives:\n  ecr-access:users\[0\]\.grants: user bench-user", out)
    assert "10 repositories: namespace 351, named 971" in out
    assert "PASS  fewer resources than one policy + one attachment per principal" in out
    assert "PASS  baseline registers the same provider resources" in out
    assert "n/a   1,000 x 1,000 within 1.2x the baseline: size 1000 not run" in out


@pytest.mark.slow
@pytest.mark.xdist_group("bench")
def test_bench_prints_the_dev_stacks_whole_process_against_a_plain_program_without_ecr_access(out):
    assert "## Whole process: the dev stack (median of 1 interleaved runs after warm-up" in out
    number = r"\s+([\d.]+)"
    plan = re.search(rf"^plan\s+python -m ecr_access.plan dev --format json{number}\s+-{number}\s+-$", out, re.M)
    ours = re.search(rf"^ours\s+the real __main__.py, dev stack, bench mocks{number * 3}\s+(\d+)$", out, re.M)
    plain = re.search(rf"^plain\s+plain pulumi_aws program, the same resources{number * 3}\s+0$", out, re.M)
    assert plan and ours and plain, out
    assert int(ours.group(4)) > 0  # ours imports its package; the plain program's process none of it
    assert re.search(r"^plan / plain: [\d.]+x the time, [+-]\d+ MB$", out, re.M)
    assert re.search(r"^same resources: yes \(\d+ provider resources: types, names and inputs\); plan output is the dev "
                     r"stack's JSON: yes$", out, re.M)
    assert re.search(r"^(PASS|MISS)  dev stack's whole-process plan within 1.5x the time and \+30 MB of a plain "
                     r"pulumi_aws program: [\d.]+x, [+-]\d+ MB$", out, re.M)
    assert "PASS  baselines measured in processes without ecr_access: ecr_access modules imported by any baseline " \
           "process: 0" in out


def test_instruction_count_is_read_from_the_callgrind_summary():
    from bench.instructions import totals

    assert totals("# callgrind format\nversion: 1\ncmd: python -c pass\nevents: Ir\nsummary: 39412345\n") == 39412345
    assert totals("events: Ir\nfn=main\n1 5\ntotals: 17\n") == 17
    with pytest.raises(ValueError, match="no summary or totals line"):
        totals("events: Ir\nfn=main\n1 5\n")


def test_instruction_report_splits_the_plans_extra_and_judges_the_target():
    from bench.instructions import report

    counts = {"plan": 2_838_000_000, "ours": 2_635_000_000, "plain": 1_525_000_000,
              "python": 39_000_000, "sdk": 992_000_000, "pydantic": 1_282_000_000}
    lines = report(counts).splitlines()
    assert lines[2].split() == ["plan", "python", "-m", "ecr_access.plan", "dev", "--format", "json", "2838", "1.86x"]
    assert lines[4].split()[-2:] == ["1525", "1.00x"]
    assert [line.rsplit(None, 1) for line in lines[6:9]] == [
        ["  the interpreter alone", "39"], ["  + import pulumi, pulumi_aws", "992"],
        ["  + import pydantic (BaseModel and validators)", "1282"]]
    assert lines[9] == ("the plan's extra over plain: 1313 M = 0.86x of plain; of it, importing pydantic 290 M (0.19x), "
                        "the rest 1023 M (0.67x)")
    assert lines[10] == "MISS  dev stack's plan within 1.5x the instructions of the plain program: 1.86x"
    assert report({**counts, "plan": 2_280_000_000}).endswith("PASS  dev stack's plan within 1.5x the instructions of "
                                                              "the plain program: 1.50x")


@pytest.mark.slow
def test_instructions_are_counted_under_valgrind_for_a_real_process():
    import sys

    from bench.instructions import count

    bare = count([sys.executable, "-c", "pass"])
    more = count([sys.executable, "-c", "import json, email.parser"])
    assert 1_000_000 < bare < more
    with pytest.raises(RuntimeError, match="failed under valgrind"):
        count([sys.executable, "-c", "raise SystemExit(3)"])
