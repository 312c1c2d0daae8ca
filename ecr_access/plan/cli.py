"""What the command-line entry points share: a reader that stops early (`| head`) ends the command quietly."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from typing import NoReturn

# The status a shell reports for a command ended by SIGPIPE (128 + 13), as `yes | head` leaves it.
BROKEN_PIPE_STATUS = 141


def prog(module: str) -> str:
    """How the command was called, for its usage line: `python -m <module>` or the console script's name."""
    called = os.path.basename(sys.argv[0])
    return f"python -m {module}" if called in ("__main__.py", "-m", "") or called.endswith(".py") else called


def run_cli(main: Callable[[], int]) -> NoReturn:
    """Exit with `main()`'s status; if stdout's reader has gone, exit 141 without a traceback. Ends the process."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's own flush at exit does not fail a second time.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = BROKEN_PIPE_STATUS
    # The process ends here: spare the interpreter's shutdown a full collection over everything the run imported and
    # built (about a tenth of a second of a plan; the operating system takes the memory back at once).
    gc.freeze()
    sys.exit(status)
