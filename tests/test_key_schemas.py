"""The table of where each top-level key's schema lives (config/key_schemas.py) agrees with the schema model, and a
stack imports the config, compile step and components of a feature only when it sets the feature's keys."""

from __future__ import annotations

import json
import subprocess
import sys

from pydantic.fields import FieldInfo

from ecr_access.config.key_schemas import KNOWN_KEYS, SCHEMAS, key_schema
from ecr_access.config.schema_model import NAMESPACE, StackValues
from tests.helpers.stacks import ROOT


def test_the_table_names_every_key_of_the_schema_model_in_its_order():
    assert list(SCHEMAS) == [info.alias for info in StackValues.model_fields.values()]
    names = tuple(info.alias.partition(":")[2] for info in StackValues.model_fields.values()
                  if info.alias.startswith(f"{NAMESPACE}:"))
    assert names == KNOWN_KEYS


def test_each_keys_schema_is_the_one_the_schema_model_holds():
    for info in StackValues.model_fields.values():
        found = FieldInfo.from_annotation(key_schema(info.alias))
        assert (found.annotation, found.metadata) == (info.annotation, info.metadata), info.alias


# The model gathering every key's schema: the JSON Schema and the config reference need it, a stack never.
WHOLE_SCHEMA = "ecr_access.config.schema_model"
# What a stack that sets none of these keys never imports: each key's config, compile step and components.
OPTIONAL = {
    "kmsKeys": ["ecr_access.features.keys.config", "ecr_access.features.keys.compile"],
    "notifications": ["ecr_access.features.notifications.config", "ecr_access.features.notifications.compile",
                      "ecr_access.components.repository_notifications", "ecr_access.stack.notifications"],
    "pullTimeUpdateExclusions": ["ecr_access.features.pull_time_exclusions",
                                 "ecr_access.components.pull_time_update_exclusions", "ecr_access.stack.exclusions"],
    "githubOidcProvider": ["ecr_access.features.trust.provider"],
    "replicationSources": ["ecr_access.features.replication.config", "ecr_access.features.replication.compile"],
}
ADDED = {
    "kmsKeys": [{"name": "images"}],
    "notifications": [{"topic": "pushes", "rules": [{"name": "my-repo", "repositories": ["my-repo"], "pushes": True}]}],
    "pullTimeUpdateExclusions": ["ecrUser"],
    "githubOidcProvider": "create",
    "replicationSources": [{"account": "210987654321"}],
}


def _imported_when_planned(added: dict) -> set[str]:
    # A fresh interpreter: the fixture dev stack (with `added` keys) planned offline, then which of the modules loaded.
    code = (
        "import json, sys\n"
        "from tests.helpers.stacks import fixture_config, run_stack\n"
        f"config = {{**fixture_config('dev'), **{{f'ecr-access:{{k}}': v if isinstance(v, str) else json.dumps(v) "
        f"for k, v in {added!r}.items()}}}}\n"
        "run_stack('dev', config=config)\n"
        f"print(json.dumps(sorted(m for m in {[WHOLE_SCHEMA, *(m for ms in OPTIONAL.values() for m in ms)]!r} "
        "if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_stack_imports_neither_the_whole_schema_nor_the_features_whose_keys_it_does_not_set():
    assert _imported_when_planned({}) == set()


def test_a_stack_that_sets_a_features_keys_imports_its_config_compile_step_and_components():
    assert _imported_when_planned(ADDED) == {m for ms in OPTIONAL.values() for m in ms}
