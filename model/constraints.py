"""AWS API constraints (name patterns, lengths, enums, regions) read from botocore's service models."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import botocore.loaders
import botocore.session

from model.reader import Node


@dataclass(frozen=True)
class StringShape:
    """A string shape of an AWS API: length bounds, pattern, enum."""

    name: str
    min: int | None
    max: int | None
    pattern: str | None
    enum: tuple[str, ...]

    def problem(self, value: str) -> str | None:
        """Why `value` violates this shape, or None when it is accepted."""
        if self.enum and value not in self.enum:
            return f"must be one of {', '.join(self.enum)}"
        if self.min is not None and len(value) < self.min or self.max is not None and len(value) > self.max:
            return f"must be {self.min}-{self.max} characters long"
        if self.pattern and not re.fullmatch(self.pattern, value):
            return f"must match {self.pattern}"
        return None


@lru_cache(maxsize=None)
def _shapes(service: str) -> dict:
    return botocore.loaders.Loader().load_service_model(service, "service-2")["shapes"]


@lru_cache(maxsize=None)
def shape(service: str, name: str) -> StringShape:
    """The named string shape of a service's API model (e.g. `ecr`, `RepositoryName`)."""
    raw = _shapes(service)[name]
    return StringShape(name, raw.get("min"), raw.get("max"), raw.get("pattern"), tuple(raw.get("enum", ())))


def list_max(service: str, name: str) -> int | None:
    """The most items a list shape of a service's API accepts."""
    return _shapes(service)[name].get("max")


@lru_cache(maxsize=1)
def known_regions() -> frozenset[str]:
    """Every region botocore knows for ECR, across partitions."""
    session = botocore.session.get_session()
    return frozenset(
        region
        for partition in session.get_available_partitions()
        for region in session.get_available_regions("ecr", partition_name=partition)
    )


def shaped(node: Node, service: str, shape_name: str, what: str | None = None) -> str:
    """The node's string, checked against an API shape; the error says it is not `what` (or just what is wrong)."""
    value = node.as_str()
    problem = shape(service, shape_name).problem(value)
    if problem:
        raise node.fail(f"is not {what}: {problem}" if what else problem)
    return value
