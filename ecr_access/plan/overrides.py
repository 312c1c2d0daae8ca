"""Config values given for one run (`--config KEY=VALUE`, ECR_ACCESS_PLAN_CONFIG): the secrets an offline plan needs.

The offline plan cannot decrypt a `secure:` value. `python -m ecr_access.plan STACK --config KEY=VALUE` gives one for a run;
the environment variable ECR_ACCESS_PLAN_CONFIG gives them to every offline plan of a shell or CI job (`make test`, the
pull-request access diff): space-separated `KEY=VALUE` for every stack, or `STACK/KEY=VALUE` for one, e.g.
    ECR_ACCESS_PLAN_CONFIG="dev/ecr-access:accountId=123456789012 prod/ecr-access:accountId=345678901234"
A key without a namespace is the project's (`accountId` is `ecr-access:accountId`). `--config` wins over the variable.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable

PLAN_CONFIG = "ECR_ACCESS_PLAN_CONFIG"


def qualified(pairs: Iterable[tuple[str, str]], project: str) -> dict[str, str]:
    """KEY=VALUE pairs as config keys (a key without a namespace is the project's)."""
    return {key if ":" in key else f"{project}:{key}": value for key, value in pairs}


def plan_config(stack: str, project: str, text: str | None = None) -> dict[str, str]:
    """The values ECR_ACCESS_PLAN_CONFIG (or `text`) gives `stack`; ValueError naming the variable on a malformed word."""
    text = os.environ.get(PLAN_CONFIG, "") if text is None else text
    pairs = []
    for word in shlex.split(text):
        key, sep, value = word.partition("=")
        scope, slash, key = key.rpartition("/") if "/" in key else ("", "", key)
        if not sep or not key or (slash and not scope):
            raise ValueError(f"{PLAN_CONFIG}: expected KEY=VALUE or STACK/KEY=VALUE, got {word!r}")
        if not scope or scope == stack:
            pairs.append((key, value))
    return qualified(pairs, project)
