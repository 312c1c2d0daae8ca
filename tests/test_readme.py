"""The README and docs/ hold: the two commands, a quick start that works as written, config examples that plan (or are
refused as the page says), commands whose options exist, links that resolve, and no internal numbering.

A YAML example in docs/ is merged into the fixture dev stack (`<!-- stack: prod -->` before it: the prod one): a list
entry replaces the entry of the same name (or prefix) and is added otherwise, any other value replaces the stack's.
An example followed by a `text` block of `ecr-access:...` lines must be refused with each of those lines.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML

from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import KNOWN_KEYS, NAMESPACE, load_stack_config
from ecr_access.features.repositories.config import RepositoryConfig
from ecr_access.stack.compile import compile_stack
from ecr_access.stack.config_source import decode_config
from tests.helpers.stacks import ROOT, fixture_config

README = (ROOT / "README.md").read_text()
DOCS = sorted((ROOT / "docs").rglob("*.md"))
# Generated from the schema by `make docs`: its examples and completeness are the generator's to keep.
GENERATED = {ROOT / "docs" / "config-reference.md"}
FENCE = re.compile(r"(?:<!-- stack: (?P<stack>[\w-]+) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.S)
VENV = Path(sys.prefix)  # the virtualenv running the tests


def blocks(text: str) -> list[tuple[str, str, str]]:
    """Every fenced block of a page: (language, body, stack named before it or "dev")."""
    return [(m["lang"], m["body"], m["stack"] or "dev") for m in FENCE.finditer(text)]


def section(text: str, title: str) -> str:
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_the_two_commands_are_in_the_readme_and_the_makefile():
    assert "| `make plan` |" in README and "| `make test` |" in README
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^plan: ", makefile, re.M) and re.search(r"^test: ", makefile, re.M)
    # CI runs the README's test command.
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_the_readme_is_short():
    assert len(README) < 12_000


def test_user_facing_files_carry_no_internal_numbering():
    pages = [ROOT / "README.md", *DOCS, *ROOT.glob("Pulumi.*.yaml")]
    found = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in pages
             for m in re.finditer(r"\b(seed|issue)s?\s*#?\d+|review round", p.read_text(), re.I)]
    assert found == []


@pytest.mark.parametrize("page", [ROOT / "README.md", *DOCS], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    text = page.read_text()
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists() or anchor and anchor not in {_slug(h) for h in re.findall(r"^#+ (.*)$", linked.read_text(), re.M)}:
            broken.append(target)
    assert broken == []


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def _merged(config: dict[str, str], example: dict) -> dict[str, str]:
    config = dict(config)
    for key, value in example.items():
        old = json.loads(config[key]) if config.get(key, "")[:1] in ("[", "{") else None
        if isinstance(value, list) and isinstance(old, list) and all(isinstance(e, dict) for e in value + old):
            ident = next((k for k in ("name", "prefix") if all(k in e for e in value + old)), None)
            if ident:
                new = {e[ident]: e for e in value}
                value = [new.pop(e[ident], e) for e in old] + list(new.values())
        config[key] = value if isinstance(value, str) else json.dumps(value)
    return config


def _compile(config: dict[str, str], stack: str) -> None:
    compile_stack(load_stack_config(decode_config(config), project="ecr-access", stack=stack))


EXAMPLES = [(page, i, body, stack, following)
            for page in DOCS if page not in GENERATED
            for i, ((lang, body, stack), following) in enumerate(zip(blocks(page.read_text()),
                                                                     blocks(page.read_text())[1:] + [("", "", "")]))
            if lang == "yaml"]


@pytest.mark.parametrize("page, index, body, stack, following", EXAMPLES,
                         ids=[f"{p.relative_to(ROOT)}[{i}]" for p, i, *_ in EXAMPLES])
def test_every_config_example_plans_or_is_refused_as_the_page_says(page, index, body, stack, following):
    config = _merged(fixture_config(stack), yaml.safe_load(body))
    lang, text, _ = following
    expected = [line for line in text.splitlines() if line.strip()] if lang == "text" else []
    if not (expected and all(line.startswith("ecr-access:") for line in expected)):
        _compile(config, stack)
        return
    with pytest.raises(ConfigError) as err:
        _compile(config, stack)
    assert [line for line in expected if line not in str(err.value)] == []


def test_every_documented_command_takes_the_options_it_is_shown_with():
    used: dict[str, set[str]] = {}
    for page in [ROOT / "README.md", *DOCS]:
        for lang, body, _ in blocks(page.read_text()):
            for module, args in re.findall(r"python -m (ecr_access[\w.]*)([^\n#|>]*)", body if lang == "sh" else ""):
                used.setdefault(module, set()).update(re.findall(r"(--[\w-]+)", args))
    assert used
    for module, options in used.items():
        shown = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, cwd=ROOT)
        assert shown.returncode == 0, module
        assert [o for o in sorted(options) if o not in shown.stdout] == [], module


@pytest.mark.slow
def test_the_quick_start_works_as_written(tmp_path):
    quick = section(README, "Quick start")
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".git", "venv", ".venv", ".ci", "__pycache__", ".pytest_cache", ".hypothesis", "tests"))
    stack_file = project / "Pulumi.dev.yaml"
    round_trip = YAML()
    round_trip.indent(mapping=2, sequence=4, offset=2)
    doc = round_trip.load(stack_file.read_text())
    for lang, body, _ in blocks(quick):
        if lang == "yaml":
            for key, entries in yaml.safe_load(body).items():
                doc["config"].setdefault(key, []).extend(entries)
    with stack_file.open("w") as handle:
        round_trip.dump(doc, handle)
    [commands] = [body for lang, body, _ in blocks(quick) if lang == "sh"]
    # The virtualenv exists already: make finds it set up, and activating it puts its python first on PATH.
    # Its requirement files are made older than it, so make does not set it up again from the copy.
    for name in ("requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        os.utime(project / name, (0, 0))
    env = {**os.environ, "VENV": str(VENV), "PATH": f"{VENV / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("MAKEFLAGS", None)
    outputs = []
    for line in commands.splitlines():
        command = line.split("#")[0].strip()
        if command == ". venv/bin/activate":
            continue
        run = subprocess.run(command, shell=True, cwd=project, env=env, capture_output=True, text=True)
        assert run.returncode == 0, command + "\n" + run.stderr[-3000:]
        outputs.append(run.stdout)
    plan, report = outputs
    assert "ecr-access:ecr:EcrRepository team-c/web" in plan
    assert "aws:iam/policy:Policy team-c-pullers-ecr-access" in plan and '"Sid": "PullTeamCWeb"' in plan
    [carol] = [line.split() for line in report.splitlines() if line.startswith("user carol ") and " team-c/web " in line]
    assert carol[3] == "pull" and "policy team-c-pullers-ecr-access (group team-c-pullers)" in " ".join(carol)


def test_every_config_key_is_documented_in_the_guides():
    guides = "\n".join(p.read_text() for p in DOCS if p not in GENERATED)
    missing = [key for key in KNOWN_KEYS if f"`{NAMESPACE}:{key}`" not in guides]
    missing += [f.alias for f in RepositoryConfig.model_fields.values() if f"`{f.alias}`" not in guides]
    assert missing == []
