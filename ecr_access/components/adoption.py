"""The resource options of a resource a component imports (adopts) instead of creating.

An adopted resource existed before the program: it is always retained on delete (dropping it from the program stops
managing it and never deletes what the program did not create), and protected unless the program says otherwise (the
stack passes `ecr-access:protect`, the value its repositories are protected by). What the program creates keeps
Pulumi's defaults: it may delete what it made.
"""

from __future__ import annotations

from typing import Any


def adopted_options(import_id: str | None, protect: bool = True) -> dict[str, Any]:
    """`import_`, `protect` and `retain_on_delete` for pulumi.ResourceOptions (`import_id` None: the resource is
    created, and neither protected nor retained)."""
    adopted = import_id is not None
    return {"import_": import_id, "protect": protect and adopted, "retain_on_delete": adopted}
