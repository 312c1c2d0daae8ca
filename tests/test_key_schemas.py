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
    assert KNOWN_KEYS == tuple(info.alias.partition(":")[2] for info in StackValues.model_fields.values()
                               if info.alias.startswith(f"{NAMESPACE}:"))


def test_each_keys_schema_is_the_one_the_schema_model_holds():
    for info in StackValues.model_fields.values():
        found = FieldInfo.from_annotation(key_schema(info.alias))
        assert (found.annotation, found.metadata) == (info.annotation, info.metadata), info.alias
