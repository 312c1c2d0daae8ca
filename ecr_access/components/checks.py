"""Checking component arguments before anything is registered: every problem at once, named by its argument path.

Problems read `<Args class>.<field>[<index>]...: <what is wrong> (got <value>)`, the form of stack config errors, and
are raised as one InvalidArgs (a ConfigError) by the component's constructor before it registers itself or a child.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from ecr_access.config.constraints import known_regions, shape
from ecr_access.config.errors import ConfigError, Problem, Problems
from ecr_access.config.values import tag_problems
from ecr_access.features.repositories.settings import kms_key_problem
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.grants import Grant, Placement


class InvalidArgs(ConfigError):
    """Bad component arguments: every problem, each at its argument path, raised before anything is registered."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        lines = [str(p) for p in self.problems]
        head = "invalid component arguments" + ("" if len(lines) == 1 else f" ({len(lines)} problems)")
        self.args = (head + ":\n  " + "\n  ".join(lines),)


class ArgsCheck:
    """Collects the problems of one component's arguments; `owner` is the Args class name the paths start with."""

    def __init__(self, owner: str):
        self.owner = owner
        self.problems = Problems()

    def path(self, field: str) -> str:
        """The full argument path of `field` (`RepoAccessUserArgs.grants[0].levels`)."""
        return f"{self.owner}.{field}" if field else self.owner

    def add(self, field: str, message: str, *value: Any) -> None:
        """Record one problem at `field` (with the offending value, when given)."""
        self.problems.add(self.path(field), message, *value)

    @contextmanager
    def blame(self, field: str) -> Iterator[None]:
        """Record a PolicyError (its reason) or a ConfigError raised in the block at `field`, and go on."""
        try:
            yield
        except PolicyError as err:
            self.add(field, err.reason)
        except ConfigError as err:
            self.problems.items.extend(err.problems)

    def shaped(self, field: str, value: Any, service: str, shape_name: str, what: str) -> None:
        """Check a string against an AWS API shape (botocore: length, pattern, enum)."""
        if not isinstance(value, str):
            self.add(field, f"must be {what} (a string)", value)
            return
        problem = shape(service, shape_name).problem(value)
        if problem:
            self.add(field, f"is not {what}: {problem}", value)

    def region(self, field: str, value: Any) -> None:
        """A region botocore knows for ECR."""
        if not isinstance(value, str) or value not in known_regions():
            self.add(field, "is not an AWS region botocore knows for ECR", value)

    def grants(self, field: str, grants: Sequence[Grant], placement: Placement) -> tuple[Grant, ...]:
        """Check each grant for `placement`; the grants returned carry their argument path as `source`."""
        out = []
        for i, grant in enumerate(grants):
            at = f"{field}[{i}]"
            if not isinstance(grant, Grant):
                self.add(at, "must be a Grant (Grant.on(...), repository.grant(...), Grant.allow(...))", repr(grant))
                continue
            for sub, message, value in grant.placed(placement, self.path(at)).problems():
                self.add(f"{at}.{sub}", message, value)
            out.append(grant.placed(placement, self.path(at)))
        return tuple(out)

    def tags(self, field: str, tags: Mapping[str, str], iam: bool = False) -> None:
        """Resource tags as AWS accepts them (the stack config's rule): at most 50, keys and values of the AWS tag
        pattern, no aws: keys; on IAM resources (`iam`), no two keys that differ only in letter case."""
        for at, message, value in tag_problems(tags, iam):
            self.add(f"{field}[{at[0]!r}]" if at else field, message, value)

    def kms_key(self, field: str, encryption: str, kms_key: Any, region: str | None) -> None:
        """A KMS key only with KMS encryption, as a key or alias ARN (in `region` when it is known), or a key the
        program creates (a RepositoryKey or an Output, checked by its owner)."""
        if kms_key is None:
            return
        if not str(encryption).startswith("KMS"):
            shown = kms_key if isinstance(kms_key, str) else getattr(kms_key, "alias_name", repr(kms_key))
            self.add(field, f"is set but encryption is {encryption}; set encryption to KMS", shown)
            return
        if not isinstance(kms_key, str):
            return
        problem = kms_key_problem(kms_key, region)  # the stack config's rule
        if problem:
            self.add(field, problem, kms_key)

    def raise_if_any(self) -> None:
        """Raise one InvalidArgs holding every problem found."""
        if self.problems.items:
            raise InvalidArgs(self.problems.items)
