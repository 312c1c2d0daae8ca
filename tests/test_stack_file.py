"""Stack files are read as the Pulumi CLI reads them (YAML 1.2), and a file it would refuse, or that YAML would quietly
change, is refused with the file, line and column: `error: Pulumi.dev.yaml:LINE:COL: <what>`, exit 1, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecr_access.plan.__main__ import main
from ecr_access.plan.stack_file import read_stack_file

HEAD = "config:\n  aws:region: us-east-1\n  ecr-access:accountId: \"123456789012\"\n"

# (id, stack file text, line, column, what the error says) - each as a user would write it.
BAD_FILES = [
    ("tab-indent", "config:\n\taws:region: us-east-1\n", 2, 1, "invalid YAML: found character '\\t' that cannot start any token (YAML indents with spaces; replace the tab)"),
    ("config-as-list", "config:\n  - aws:region: us-east-1\n", 2, 3,
     "config: must be a map of config keys to values (`ecr-access:repositories: ...`), not a list"),
    ("not-a-map", "- config\n", 1, 1, "a stack file must be a map with a config: key"),
    ("top-level-key-typo", "configs:\n  aws:region: us-east-1\n", 1, 1,
     "configs: is not a key of a stack file, so the CLI would not read what is under it; did you mean config:?"),
    ("duplicate-top-key", HEAD + "  ecr-access:users:\n    - name: u1\n  ecr-access:users:\n    - name: u2\n", 6, 3,
     "duplicate key 'ecr-access:users' (first at line 4); keep one of them"),
    ("duplicate-nested-key", HEAD + "  ecr-access:repositories:\n    - name: aa\n      name: bb\n", 6, 7,
     "duplicate key 'name' (first at line 5); keep one of them"),
]


@pytest.mark.parametrize("text, line, column, what", [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_a_stack_file_the_cli_would_not_read_is_refused_with_file_line_and_column(text, line, column, what, tmp_path,
                                                                                   monkeypatch, capsys):
    (tmp_path / "Pulumi.dev.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    assert main(["dev", "--stack-file", "Pulumi.dev.yaml", "--format", "json"]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.splitlines()[0] == f"error: Pulumi.dev.yaml:{line}:{column}: {what}"
    assert "Traceback" not in out.err


# Numbers YAML changed: reported by the config validation with the config's other problems, naming line and value.
MANGLED = HEAD + """  ecr-access:repositories:
    - name: aa
      repositoryPolicy:
        grants:
          - accounts: [012345670123, 000000000007]
            levels: [pull]
      lifecycle: {expireUntaggedAfterDays: .inf}
  ecr-access:groups:
    - name: readers
      consol: true
  ecr-access:users:
    - name: u1
      grants: [{levels: [pusj], repository: aa}]
"""


def test_numbers_yaml_changed_are_reported_with_every_other_problem_of_the_config(tmp_path, monkeypatch, capsys):
    (tmp_path / "Pulumi.dev.yaml").write_text(MANGLED)
    monkeypatch.chdir(tmp_path)
    assert main(["dev", "--stack-file", "Pulumi.dev.yaml"]) == 1
    out = capsys.readouterr()
    assert out.out == "" and "Traceback" not in out.err
    lines = [line.strip() for line in out.err.splitlines()[1:]]
    grant = "ecr-access:repositories[0].repositoryPolicy.grants[0]"
    assert lines == [
        f"{grant}.accounts[0]: YAML read the unquoted value on line 8 as the number 12345670123, dropping its leading "
        'zeros; account IDs must be quoted: "012345670123" (got 012345670123)',
        f"{grant}.accounts[1]: YAML read the unquoted value on line 8 as the number 7, dropping its leading zeros; "
        'account IDs must be quoted: "000000000007" (got 000000000007)',
        "ecr-access:repositories[0].lifecycle.expireUntaggedAfterDays: is not a finite number (line 10); quote it if it is "
        "text (got .inf)",
        "ecr-access:groups[0].consol: unknown key; did you mean 'console'?",
        "ecr-access:users[0].grants[0].levels[0]: unknown access level 'pusj' (valid: pull, push, read, create, admin) "
        '(got "pusj")',
    ]


def _values(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(text)
    return read_stack_file(path).values


def test_yaml_1_1_booleans_stay_strings_as_the_cli_reads_them(tmp_path):
    values = _values(tmp_path, HEAD + "  ecr-access:repositoryDefaults:\n    tags: {on: yes, off: no, flag: true}\n"
                               "  other:switch: on\n")
    assert json.loads(values["ecr-access:repositoryDefaults"]) == {"tags": {"flag": True, "off": "no", "on": "yes"}}
    assert values["other:switch"] == "on"


def test_top_level_values_pass_as_written_and_structured_ones_as_json(tmp_path):
    values = _values(tmp_path, "config:\n  ecr-access:accountId: 012345670123\n  a:int: 10\n  a:bool: True\n  a:null: ~\n"
                               "  a:quoted: 'x: y'\n  a:map: {b: 1.0, a: [2, 2.5, false, null]}\n")
    assert values == {"ecr-access:accountId": "012345670123", "a:int": "10", "a:bool": "True", "a:null": "",
                      "a:quoted": "x: y", "a:map": '{"a": [2, 2.5, false, null], "b": 1}'}


def test_protect_no_is_the_string_no_and_refused_not_read_as_false(tmp_path, capsys):
    path = tmp_path / "Pulumi.prod.yaml"
    path.write_text(HEAD + "  ecr-access:repositories:\n    - name: aa\n      protect: no\n")
    assert main(["prod", "--stack-file", str(path)]) == 1
    assert 'ecr-access:repositories[0].protect: must be true or false' in capsys.readouterr().err


def test_an_account_id_yaml_reads_as_a_hex_number_is_refused_as_a_number(tmp_path, capsys):
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(HEAD + "  ecr-access:repositories:\n    - name: aa\n      repositoryPolicy:\n        grants:\n"
                    "          - accounts: [0x1CBE991A14]\n            levels: [pull]\n")
    assert main(["dev", "--stack-file", str(path)]) == 1
    assert ("ecr-access:repositories[0].repositoryPolicy.grants[0].accounts[0]: YAML read this unquoted value as a number; "
            'account IDs must be quoted strings ("123456789012") (got 123456789012)') in capsys.readouterr().err


def test_the_shipped_stack_files_and_fixtures_read_cleanly():
    root = Path(__file__).resolve().parent.parent
    for path in [*root.glob("Pulumi.*.yaml"), *(root / "tests" / "fixtures").glob("Pulumi.*.yaml")]:
        assert read_stack_file(path).values["aws:region"]
