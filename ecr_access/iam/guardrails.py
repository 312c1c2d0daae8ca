"""The guardrails shared with the CrossGuard pack, loaded from the pack's own folder (one rule, one place).

`policy-pack/ecr_guardrails/` (standard library only) is published with the pack. An installed ecr_access carries
those files as `ecr_access.guardrails` (pyproject.toml maps the folder); run from a checkout, the program loads them
by path as the package `ecr_guardrails` (reused when the pack's copy is already imported in this process).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

PACKAGE = "ecr_guardrails"
PACKAGE_DIR = Path(__file__).resolve().parents[2] / "policy-pack" / PACKAGE


def _load_package():
    if PACKAGE not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            PACKAGE, PACKAGE_DIR / "__init__.py", submodule_search_locations=[str(PACKAGE_DIR)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = module
        spec.loader.exec_module(module)
    return sys.modules[PACKAGE]


# Run from a checkout: the pack's folder itself; installed: the same files, mapped into ecr_access by pyproject.toml.
if PACKAGE_DIR.is_dir():
    _load_package()
    _BASE = PACKAGE
else:
    _BASE = "ecr_access.guardrails"
broad_actions = importlib.import_module(f"{_BASE}.broad_actions")
callers = importlib.import_module(f"{_BASE}.callers")
registry_admin = importlib.import_module(f"{_BASE}.registry_admin")
stacks = importlib.import_module(f"{_BASE}.stacks")
