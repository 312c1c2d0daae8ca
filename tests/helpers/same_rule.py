"""One bad value given to the stack config and to a public component: the problem each reports, to show that both
refuse it by one rule, in the same words (the config at its key path, the component at its argument path)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ecr_access import InvalidArgs
from ecr_access.config.errors import ConfigError, Problem
from tests.helpers.registry import compiled
from tests.helpers.stacks import REGISTRY, base_config, register


def config_refusal(path: str, stack: str = "dev", region: str = REGISTRY.region, **config: Any) -> Problem:
    """The one problem the stack config reports at `path` (`config`: ecr-access keys; repository `aa` is declared
    unless `repositories` is given)."""
    values = {**base_config(**{"repositories": [{"name": "aa"}], **config}), "aws:region": region}
    with pytest.raises(ConfigError) as err:
        compiled(values, stack)
    found = [p for p in err.value.problems if p.path == path]
    assert len(found) == 1, err.value
    return found[0]


def component_refusal(path: str, body: Callable[[], Any]) -> Problem:
    """The one problem the components `body` declares report at argument path `path` (nothing is registered)."""
    with pytest.raises(InvalidArgs) as err:
        register(body)
    found = [p for p in err.value.problems if p.path == path]
    assert len(found) == 1, err.value
    return found[0]


def same_words(config: Problem, component: Problem) -> str:
    """The message both give; both show the same value."""
    assert (component.message, component.value) == (config.message, config.value)
    return config.message
