"""Access levels: the named ECR action sets that grants are made of."""

from __future__ import annotations

from enum import Enum

# The one ECR action that takes only Resource "*": identity policies carry it alone on "*".
AUTH_TOKEN_ACTION = "ecr:GetAuthorizationToken"

_PULL = ("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")
_PUSH_ONLY = ("ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart")
_READ = (
    "ecr:DescribeImageScanFindings",
    "ecr:DescribeImages",
    "ecr:DescribeRepositories",
    "ecr:GetLifecyclePolicy",
    "ecr:GetLifecyclePolicyPreview",
    "ecr:GetRepositoryPolicy",
    "ecr:ListImages",
    "ecr:ListTagsForResource",
)
# Creating a repository by pushing to it (create-on-push) needs the push actions too.
CREATE_REPOSITORY_ACTION = "ecr:CreateRepository"
# Added to a `create` grant only when the namespace's creation template tags the repositories it creates.
TAG_RESOURCE_ACTION = "ecr:TagResource"


class Level(str, Enum):
    """What a principal may do with a repository: pull, push, read metadata, or create repositories in a namespace."""

    PULL = "pull"
    PUSH = "push"
    READ = "read"
    CREATE = "create"

    @property
    def actions(self) -> tuple[str, ...]:
        """The repository-scoped ECR actions this level allows (sorted)."""
        if self is Level.PULL:
            return _PULL
        if self is Level.PUSH:
            return tuple(sorted(_PULL + _PUSH_ONLY))
        if self is Level.CREATE:
            return tuple(sorted(_PULL + _PUSH_ONLY + (CREATE_REPOSITORY_ACTION,)))
        return _READ


def actions_for(levels: frozenset[Level] | set[Level] | tuple[Level, ...]) -> tuple[str, ...]:
    """The sorted union of the actions of several levels (levels combine)."""
    return tuple(sorted({a for level in levels for a in level.actions}))


def parse_level(value: str) -> Level:
    """Turn a config string into a Level, or raise ValueError listing the valid ones."""
    try:
        return Level(value)
    except ValueError:
        valid = ", ".join(level.value for level in Level)
        raise ValueError(f"unknown access level {value!r} (valid: {valid})") from None
