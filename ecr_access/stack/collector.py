"""The program's garbage collector at start-up: paused from the entry point until the stack is compiled.

Start-up (imports, reading the config, compiling every document) builds what lives as long as the program and makes
little cyclic garbage, yet allocates enough to set off full passes of the cyclic collector over all of it. The entry
points (the project's `__main__.py`, `python -m ecr_access.plan`) pause the collector first thing; the program gives
it back just before the first registration, after freezing what exists then (docs/benchmark.md, "Garbage
collection"). Code that imports `ecr_access` and never calls `pause()` keeps its collector as it is.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop automatic collection until `resume()`, unless it is already off (then `resume()` leaves it off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze what exists now (kept out of every later collection) and restart collection if `pause()` stopped it."""
    global _paused
    gc.freeze()
    if _paused:
        _paused = False
        gc.enable()
