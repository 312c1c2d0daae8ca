"""A plain pulumi_aws program that registers given resources: each through its pulumi_aws class, with the inputs a
recorded plan shows, no components and no checks (the dev stack's baseline)."""

from __future__ import annotations

import gc
import re
from typing import Any

import pulumi_aws


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def program(resources: list[dict[str, Any]]) -> None:
    """Register every `{"type": "aws:ecr/repository:Repository", "name": ..., "inputs": {...}}` in order."""
    gc.freeze()  # as ours and the synthetic baselines do before their first registration
    for resource in resources:
        module, kind = resource["type"].split(":")[1:]
        cls = getattr(getattr(pulumi_aws, module.split("/")[0]), kind)
        cls(resource["name"], **{_snake(key): value for key, value in resource["inputs"].items()})
