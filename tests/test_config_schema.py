"""The config schema editors use: generated files up to date, the shipped stack files valid against it, and the
schema refusing what the program refuses."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from ecr_access.config.schema import REFERENCE_PATH, SCHEMA_PATH, main, rendered, stack_file_schema
from ecr_access.config.stack import KNOWN_KEYS
from ecr_access.plan.stack_file import StackFileError, read_stack_file

ROOT = Path(__file__).resolve().parent.parent
STACK_FILES = sorted(ROOT.glob("Pulumi.*.yaml"))


@functools.cache
def validator() -> jsonschema.Draft202012Validator:
    """The committed schema, checked against its metaschema once: every test reads the same file (a validator holds
    no state between validations)."""
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def stack_file(path: Path) -> dict:
    return json.loads(json.dumps(YAML(typ="safe").load(path.read_text())))


def test_the_committed_schema_and_reference_are_what_make_docs_generates():
    for path, text in rendered().items():
        assert path.read_text() == text, f"{path.relative_to(ROOT)} is stale: run `make docs`"
    assert main(["--check"]) == 0


def test_the_reference_names_every_top_level_key_and_the_editor_comment():
    text = REFERENCE_PATH.read_text()
    assert [k for k in KNOWN_KEYS if f"## `ecr-access:{k}`" not in text] == []
    assert "# yaml-language-server: $schema=" in text
    assert "| `grants[].levels` |" in text and "| `name` | string | required |" in text


@pytest.mark.parametrize("path", STACK_FILES, ids=[p.name for p in STACK_FILES])
def test_the_shipped_stack_files_validate_against_the_schema(path):
    assert STACK_FILES
    errors = sorted(validator().iter_errors(stack_file(path)), key=str)
    assert errors == []


@pytest.mark.parametrize("change, where", [
    ({"ecr-access:repositorys": []}, "ecr-access:repositorys"),
    ({"ecr-access:repositories": [{"name": "aa", "scanOnPsh": True}]}, "scanOnPsh"),
    ({"ecr-access:repositories": [{"name": "aa", "tagMutability": "SOMETIMES"}]}, "SOMETIMES"),
    ({"ecr-access:users": [{"name": "u1", "grants": [{"levels": ["owner"], "repository": "aa"}]}]}, "owner"),
    ({"ecr-access:protect": "maybe"}, "maybe"),
])
def test_the_schema_refuses_what_the_program_refuses(change, where):
    document = {"config": {"aws:region": "us-east-1", "ecr-access:accountId": "123456789012", **change}}
    errors = list(validator().iter_errors(document))
    assert errors and where in " ".join(str(e.message) + str(list(e.path)) for e in errors)


def test_a_secret_may_stand_where_a_string_stands():
    document = {"config": {"aws:region": "us-east-1", "ecr-access:accountId": "123456789012",
                           "ecr-access:users": [{"name": "u1", "accessKey": {"pgpKey": {"secure": "AAEAAQ=="}}}]}}
    assert list(validator().iter_errors(document)) == []
    assert stack_file_schema()["$defs"]["Secure"]["required"] == ["secure"]


@pytest.mark.parametrize("key", ["backend", "secretsProvider", "configs"])
def test_the_schema_refuses_a_top_level_key_the_stack_file_reader_refuses(key, tmp_path):
    document = {"config": {"aws:region": "us-east-1", "ecr-access:accountId": "123456789012"}, key: "x"}
    assert [e.validator for e in validator().iter_errors(document)] == ["additionalProperties"]
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(f"config:\n  aws:region: us-east-1\n  ecr-access:accountId: '123456789012'\n{key}: x\n")
    with pytest.raises(StackFileError):
        read_stack_file(path)
