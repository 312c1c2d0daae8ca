"""The component reference (docs/components.md) names every public argument of each component, and the tags guide's
"From code" names every component whose arguments take `tags`."""

from __future__ import annotations

import dataclasses
import re

import ecr_access
from tests.helpers.stacks import ROOT

# Fields the stack passes its compiled documents in: not for programs (each marked "Internal" in its dataclass).
INTERNAL = {"precompiled", "policy", "registry_policy", "template_depends_on"}


def _args_classes() -> dict[str, type]:
    return {name: getattr(ecr_access, name) for name in ecr_access._EXPORTS
            if name.endswith("Args") and dataclasses.is_dataclass(getattr(ecr_access, name))}


def _public_fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.name not in INTERNAL]


def test_the_component_reference_names_every_public_argument_of_each_component():
    rows = [line for line in (ROOT / "docs" / "components.md").read_text().splitlines() if line.startswith("| `")]
    missing = {}
    for name, cls in _args_classes().items():
        component = name[: -len("Args")]
        (row,) = [r for r in rows if re.search(rf"`{component}[`(]", r.split("|")[1])]
        described = row.split("|")[2]
        missing[name] = [f for f in _public_fields(cls) if f"`{f}`" not in described]
    assert missing == {name: [] for name in missing}


def test_the_tags_guide_from_code_names_every_component_whose_arguments_take_tags():
    text = (ROOT / "docs" / "guides" / "tags.md").read_text()
    from_code = text.split("## From code", 1)[1]
    tagged = sorted(name for name, cls in _args_classes().items() if "tags" in _public_fields(cls))
    assert [name for name in tagged if name not in from_code] == []
    assert "RepositoryTemplate.tags" in from_code
