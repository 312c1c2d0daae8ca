"""Turn a policy builder's error into a config error at the entry that produced it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ecr_access.config.errors import ConfigError
from ecr_access.iam.errors import PolicyError


@contextmanager
def blame(path: str) -> Iterator[None]:
    """Re-raise any PolicyError from the block as a ConfigError naming the config path `path`.

    The message is the error's reason alone: the statement Sids and document names it was found in are the
    program's, not words the user wrote.
    """
    try:
        yield
    except PolicyError as err:
        raise ConfigError.at(path, err.reason) from None
