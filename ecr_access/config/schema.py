"""The JSON Schema of a stack file (`Pulumi.<stack>.yaml`) for editors, and the config reference generated from it.

`python -m ecr_access.config.schema` (`make docs`) writes `schema/stack-config.schema.json` and
`docs/config-reference.md`; `--check` fails when either is stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from ecr_access.config.config_keys import STACK_FILE_KEYS
from ecr_access.config.reference import render_reference
from ecr_access.config.schema_model import StackValues

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "schema" / "stack-config.schema.json"
REFERENCE_PATH = ROOT / "docs" / "config-reference.md"
SCHEMA_ID = "https://github.com/ecr-access/ecr-access/schema/stack-config.schema.json"
# A value the Pulumi CLI keeps encrypted (`pulumi config set --secret`): it may stand wherever a string may.
SECURE = {"type": "object", "description": "An encrypted value (`pulumi config set --secret`).",
          "properties": {"secure": {"type": "string"}}, "required": ["secure"], "additionalProperties": False}


class _Schema(GenerateJsonSchema):
    """Optional keys are simply left out: null is never a value (an explicit null is refused)."""

    def nullable_schema(self, schema: Any) -> Any:
        """An optional value's schema is its value's schema: the key is left out, never set to null."""
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: Any) -> Any:
        """A field's schema with its default, except a default of null (the key is simply absent)."""
        found = super().default_schema(schema)
        if found.get("default", 0) is None:
            found.pop("default")
        return found


def _secure_strings(node: Any) -> Any:
    # Every string may be given as a `secure:` value instead.
    if isinstance(node, list):
        return [_secure_strings(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _secure_strings(v) if k not in ("default", "enum", "examples", "const") else v for k, v in node.items()}
    if out.get("type") == "string":
        description = out.pop("description", None)
        wrapped: dict[str, Any] = {"anyOf": [out, {"$ref": "#/$defs/Secure"}]}
        if description:
            wrapped["description"] = description
        return wrapped
    return out


def config_schema() -> dict[str, Any]:
    """The JSON Schema of the `config:` map (every key the stack reads; other projects' keys allowed)."""
    schema = StackValues.model_json_schema(by_alias=True, schema_generator=_Schema, mode="validation")
    defs = schema.pop("$defs", {})
    schema["additionalProperties"] = True
    schema["propertyNames"] = {"not": {"pattern": "^ecr-access:(?!(" + "|".join(
        k.partition(":")[2] for k in schema["properties"] if k.startswith("ecr-access:")) + ")$)"}}
    return {"config": schema, "$defs": defs}


def stack_file_schema() -> dict[str, Any]:
    """The JSON Schema of a whole stack file."""
    found = config_schema()
    defs = {name: _secure_strings(d) for name, d in found["$defs"].items()}
    defs["Secure"] = SECURE
    text = {"type": "string"}
    top = {"config": _secure_strings(found["config"]), "secretsprovider": text, "encryptedkey": text, "encryptionsalt": text}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ecr-access stack file (Pulumi.<stack>.yaml)",
        "type": "object",
        "properties": {key: top.get(key, {}) for key in STACK_FILE_KEYS},
        "additionalProperties": False,
        "$defs": defs,
    }


def rendered() -> dict[Path, str]:
    """The generated files and their text."""
    schema = stack_file_schema()
    return {SCHEMA_PATH: json.dumps(schema, indent=2, sort_keys=False) + "\n", REFERENCE_PATH: render_reference(schema)}


def main(argv: list[str] | None = None) -> int:
    """Write the schema and the reference (or, with --check, say which is stale)."""
    parser = argparse.ArgumentParser(prog="python -m ecr_access.config.schema", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a committed file differs from what is generated")
    args = parser.parse_args(argv)
    stale = []
    for path, text in rendered().items():
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for path in stale:
        print(f"{path.relative_to(ROOT)} is stale: run `make docs`", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
