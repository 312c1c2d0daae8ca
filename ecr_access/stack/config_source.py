"""Read the stack's config from the Pulumi runtime into the plain mapping the model validates."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.runtime import config as runtime_config

from ecr_access.config import config_keys
from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import StackConfig, load_stack_config


def reads(key: str) -> bool:
    """True for the config keys the program reads (see ecr_access.config.config_keys.reads)."""
    return config_keys.reads(key)


def decode_config(values: Mapping[str, str]) -> dict[str, Any]:
    """Decode the config keys the program reads, as the CLI passes them (strings; structured values as JSON text)."""
    decoded: dict[str, Any] = {}
    for key, text in values.items():
        if not reads(key):
            continue
        if not text.startswith(("[", "{")) or not config_keys.needs_value(key):  # a misspelt key is only refused
            decoded[key] = text
            continue
        try:
            decoded[key] = json.loads(text, object_pairs_hook=_unique_keys)
        except _DuplicateKey as dup:
            raise ConfigError.at(key, f"holds the key {dup.key!r} twice in one map; JSON would keep only the last: "
                                 "keep one of them", dup.key) from None
        except ValueError as err:
            raise ConfigError.at(key, f"is not a valid structured value ({err})", text) from None
    return decoded


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A map written with one key twice (`{"protect": true, "protect": false}`) is refused, never silently the last.
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def raw_config() -> dict[str, str]:
    """Every config value of the running stack the program reads, as strings."""
    keys = set(runtime_config.CONFIG.get()) | set(runtime_config.get_config_env())
    return {
        key: runtime_config.get_config(key)
        for key in sorted(keys)
        if reads(key) and runtime_config.get_config(key) is not None
    }


def read_stack_config() -> StackConfig:
    """The running stack's validated config; raises ConfigError before anything is registered."""
    return load_stack_config(decode_config(raw_config()), project=pulumi.get_project(), stack=pulumi.get_stack())
