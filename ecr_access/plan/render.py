"""Render a plan as a resource tree for people, or as the stable JSON interface for tools."""

from __future__ import annotations

import json
from typing import Any

from ecr_access.plan.monitor import Registration, urn_name
from ecr_access.plan.runner import PlanResult

REPOSITORY = "aws:ecr/repository:Repository"
# Input properties that carry a JSON document (policies, EventBridge event patterns); the plan shows them parsed.
POLICY_INPUTS = ("policy", "assumeRolePolicy", "lifecyclePolicy", "repositoryPolicy", "eventPattern")


def _parsed_inputs(inputs: dict[str, Any]) -> dict[str, Any]:
    out = dict(inputs)
    for key in POLICY_INPUTS:
        value = out.get(key)
        if isinstance(value, str) and value.startswith("{"):
            out[key] = json.loads(value)
    return out


def replaces(reg: Registration) -> list[str]:
    """The repositories a repository replaces in AWS: an alias under another name means its name changed.

    Logical names are the physical names in this stack, so an alias's name is the repository's old name.
    """
    if reg.type != REPOSITORY:
        return []
    return sorted({urn_name(a) for a in reg.aliases} - {reg.inputs.get("name", reg.name)})


def ordered(result: PlanResult) -> list[Registration]:
    """Registrations in tree order (parents first, siblings by name then type): stable across runs."""
    children: dict[str | None, list[Registration]] = {}
    for reg in result.registrations:
        children.setdefault(reg.parent_urn, []).append(reg)
    out: list[Registration] = []

    def walk(parent: str | None) -> None:
        for reg in sorted(children.get(parent, []), key=lambda r: (r.name, r.type)):
            out.append(reg)
            walk(reg.urn)

    walk(None)
    return out


def to_json_object(result: PlanResult) -> dict[str, Any]:
    """The plan as `{"stack", "resources": [{"type", "name", "parent", "inputs", ...}], "outputs"}`."""
    resources = []
    for reg in ordered(result):
        resources.append(
            {
                "type": reg.type,
                "name": reg.name,
                "parent": urn_name(reg.parent_urn) if reg.parent_urn else None,
                "inputs": _parsed_inputs(reg.inputs),
                "urn": reg.urn,
                "parentUrn": reg.parent_urn,
                "options": {
                    "protect": reg.protect,
                    "retainOnDelete": reg.retain_on_delete,
                    "importId": reg.import_id,
                    "dependsOn": sorted(reg.dependencies),
                    "aliases": sorted(reg.aliases),
                    # Physical names of the repositories this one replaces (a rename): a new repository is created.
                    "replaces": replaces(reg),
                },
            }
        )
    return {"project": result.project, "stack": result.stack, "resources": resources, "outputs": result.outputs}


def to_text(result: PlanResult) -> str:
    """A tree of resources with every policy document pretty-printed under its resource, then the outputs."""
    lines = [f"Stack {result.project}/{result.stack}: {len(result.registrations)} resources"]
    depth: dict[str | None, int] = {None: 0}
    for reg in ordered(result):
        level = depth[reg.parent_urn] + 1
        depth[reg.urn] = level
        pad = "  " * level
        flags = [f for f, on in (("protect", reg.protect), ("retain", reg.retain_on_delete), ("import", bool(reg.import_id))) if on]
        flags += [f"REPLACES {old} (renamed; new repository, old one kept)" for old in replaces(reg)]
        lines.append(f"{pad}+ {reg.type} {reg.name}" + (f"  [{', '.join(flags)}]" if flags else ""))
        inputs = _parsed_inputs(reg.inputs)
        for key in sorted(inputs):
            value = inputs[key]
            if key in POLICY_INPUTS and isinstance(value, dict):
                lines.append(f"{pad}    {key}:")
                lines.extend(f"{pad}      {line}" for line in json.dumps(value, indent=2).splitlines())
            elif reg.custom:
                lines.append(f"{pad}    {key}: {json.dumps(value, sort_keys=True)}")
    lines.append("Outputs:")
    for key in sorted(result.outputs):
        lines.append(f"  {key}: {json.dumps(result.outputs[key], indent=2, sort_keys=True)}".replace("\n", "\n  "))
    return "\n".join(lines)
