"""The suite's shared fixtures. Helpers live in tests/helpers/, one module per concept:

- stacks: the fixture stacks' config, a test registry, running code under Pulumi mocks;
- access: stack configs with principals, compiled from raw values;
- registry: compile and deploy registry-wide settings, and check that refusals register nothing;
- plans: synthetic plan JSON for the access report and the plan diff;
- policy_pack: the CrossGuard pack run as the engine runs it, through its Analyzer;
- parliament: the IAM linter with its suppressions;
- stack_invariants and urn_guard: what every stack file must keep, and its URN snapshot.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# The suite writes bytecode even where PYTHONDONTWRITEBYTECODE is set (as in many containers): each pytest-xdist worker,
# and each of the many Python subprocesses the tests start (the plan, make, a pytest run in a copied checkout), would
# otherwise compile the package and rewrite the test modules anew -- about a sixth of the suite's CPU time. The
# subprocesses keep the variable: they read what the workers wrote. (`__pycache__/` is ignored by git.)
sys.dont_write_bytecode = False


@pytest.fixture
def dev_config() -> dict[str, str]:
    """The config of the fixture dev stack, as strings."""
    # Imported here, not at the top: pytest-xdist's controller loads this file too but runs no test, and the import
    # (Pulumi and the package's config) would delay starting the workers.
    from tests.helpers.stacks import fixture_config

    return fixture_config("dev")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `slow` (a second or more each: a pytest run, a wheel build, make) run first, in their order:
    pytest-xdist hands out tests in collection order, so started first they overlap the many short tests on the other
    workers instead of running alone at the end. Only the order changes."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    if getattr(config.option, "loadgroup", False):
        _group_ids(items)


def _group_ids(items: list[pytest.Item]) -> None:
    """With `--dist loadgroup`, a pytest-xdist worker appends `@<group>` to the ID of every test marked `xdist_group`,
    and the controller hands all the tests of one group to one worker. pytest-xdist 3.8 writes that ID to an attribute
    pytest 9 no longer reads: the tests of a group went to both workers, and each computed the group's costly module
    fixture (the benchmark run, the wheel). This puts the suffix where pytest reads the ID, unless xdist did."""
    from _pytest.nodeid import NodeId

    for item in items:
        groups = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                         for mark in item.iter_markers("xdist_group")})
        suffix = f"@{'_'.join(groups)}"
        if groups and not item.nodeid.endswith(suffix):
            grouped = NodeId.parse(item.nodeid + suffix)
            assert str(grouped) == item.nodeid + suffix, grouped
            item._id = grouped  # type: ignore[attr-defined]
