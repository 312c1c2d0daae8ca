"""Access levels: the named ECR action sets that grants are made of."""

from __future__ import annotations

from enum import Enum

from ecr_access.iam.guardrails import broad_actions

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
# What only `admin` gives: change or delete the repository, its policies, settings, tags and images (the pack's list too).
ADMIN_ONLY_ACTIONS = broad_actions.REPOSITORY_ADMIN_ACTIONS
# Status reads no other level holds; `admin` includes them so that it is everything one does with a repository.
_ADMIN_READ = (
    "ecr:BatchGetRepositoryScanningConfiguration",
    "ecr:DescribeImageReplicationStatus",
    "ecr:DescribeImageSigningStatus",
    "ecr:GetImageCopyStatus",
)
# Creating a repository by pushing to it (create-on-push) needs the push actions too.
CREATE_REPOSITORY_ACTION = "ecr:CreateRepository"
# What changes who controls a repository or what it holds, beyond admin: creating repositories and filling them from an
# upstream or a replica. A pattern never reaches these (they are named), and the access diff flags gaining them.
CONTROL_ACTIONS = frozenset(ADMIN_ONLY_ACTIONS + (CREATE_REPOSITORY_ACTION, "ecr:BatchImportUpstreamImage", "ecr:ReplicateImage"))
# Added to a `create` grant only when the namespace's creation template tags the repositories it creates.
TAG_RESOURCE_ACTION = "ecr:TagResource"


class Level(str, Enum):
    """What a principal may do with a repository: pull, push, read metadata, create repositories in a namespace, or
    administer it (`admin`: all of pull, push and read, and change or delete the repository, its policies and images)."""

    PULL = "pull"
    PUSH = "push"
    READ = "read"
    CREATE = "create"
    ADMIN = "admin"

    @property
    def actions(self) -> tuple[str, ...]:
        """The repository-scoped ECR actions this level allows (sorted)."""
        if self is Level.PULL:
            return _PULL
        if self is Level.PUSH:
            return tuple(sorted(_PULL + _PUSH_ONLY))
        if self is Level.CREATE:
            return tuple(sorted(_PULL + _PUSH_ONLY + (CREATE_REPOSITORY_ACTION,)))
        if self is Level.ADMIN:
            return tuple(sorted(_PULL + _PUSH_ONLY + _READ + ADMIN_ONLY_ACTIONS + _ADMIN_READ))
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
