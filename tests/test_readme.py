"""The README holds: its two commands exist as written, and every config key the stack reads is documented."""

import re
from pathlib import Path

from ecr_access.config.stack import KNOWN_KEYS, NAMESPACE
from ecr_access.features.repositories.config import RepositoryConfig

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_the_two_commands_are_in_the_readme_and_the_makefile():
    assert "| `make plan` |" in README and "| `make test` |" in README
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^plan: ", makefile, re.M) and re.search(r"^test: ", makefile, re.M)
    # CI runs the README's test command.
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_top_level_config_key_is_documented():
    missing = [key for key in KNOWN_KEYS if f"`{NAMESPACE}:{key}`" not in README]
    assert missing == []


def test_every_repository_key_is_documented():
    keys = [f.alias for f in RepositoryConfig.model_fields.values()]
    assert "name" in keys and "tagMutability" in keys
    missing = [key for key in keys if f"| `{key}` |" not in README and f"`{key}`," not in README]
    assert missing == []
