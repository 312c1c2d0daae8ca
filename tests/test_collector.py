"""The entry points pause the cyclic collector over start-up; the program gives it back before registering."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ecr_access.stack import collector
from tests.helpers.stacks import FIXTURES


@pytest.fixture(autouse=True)
def _restore_collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    collector._paused = False
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def test_pause_stops_collection_and_resume_restarts_it() -> None:
    gc.enable()
    collector.pause()
    assert not gc.isenabled()
    collector.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_resume_leaves_off_a_collector_that_was_already_off() -> None:
    gc.disable()
    collector.pause()
    collector.resume()
    assert not gc.isenabled()


def test_resume_without_pause_keeps_the_collector_on() -> None:
    gc.enable()
    collector.resume()
    assert gc.isenabled()


def test_the_offline_plan_leaves_the_collector_on(capsys: pytest.CaptureFixture[str]) -> None:
    from ecr_access.plan.__main__ import main

    gc.enable()
    collector.pause()
    assert main(["dev", "--format", "json", "--stack-file", str(FIXTURES / "Pulumi.dev.yaml")]) == 0
    assert gc.isenabled()
