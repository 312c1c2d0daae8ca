"""When an IAM action pattern is too broad for an identity policy: one rule for the program and the CrossGuard pack.

Standard library only, so the pack carries it. A pattern is too broad when it matches every ECR action (`*`, `*:*`,
`ecr:*`, `ec*`, `e?r:*`, `ecr:?*`, ... in any letter case: IAM matches actions case-insensitively, and its `*` also
matches `:`), or when it reaches an action that administers a repository (`ecr:*Repository*` reaches
ecr:DeleteRepository): administering a repository is given by the `admin` level, which names each action.
"""

from __future__ import annotations

import re

# What only the `admin` level gives: change or delete a repository, its policies, settings, tags and images.
REPOSITORY_ADMIN_ACTIONS = (
    "ecr:BatchDeleteImage",
    "ecr:DeleteLifecyclePolicy",
    "ecr:DeleteRepository",
    "ecr:DeleteRepositoryPolicy",
    "ecr:PutImageScanningConfiguration",
    "ecr:PutImageTagMutability",
    "ecr:PutLifecyclePolicy",
    "ecr:SetRepositoryPolicy",
    "ecr:StartImageScan",
    "ecr:StartLifecyclePolicyPreview",
    "ecr:TagResource",
    "ecr:UntagResource",
    "ecr:UpdateImageStorageClass",
)


def _glob(pattern: str) -> re.Pattern[str]:
    # IAM action wildcards: `*` any run of characters (`:` included), `?` one character; letter case ignored.
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.I | re.S)


def matches_every_ecr_action(pattern: str) -> bool:
    """True when an action pattern matches `ecr:<anything>` for every non-empty action name.

    Decided exactly: a name made of a character the pattern does not hold can only be matched by wildcards, and what
    wildcards match depends on its length alone, so names of every length up to one past the pattern's decide it.
    """
    unused = next(c for c in "#%&~^!" if c not in pattern)
    glob = _glob(pattern)
    return all(glob.fullmatch(f"ecr:{unused * n}") for n in range(1, len(pattern) + 2))


def repository_admin_reached(pattern: str) -> tuple[str, ...]:
    """The repository-admin actions an action pattern with `*` or `?` matches; () for an exact action name."""
    if "*" not in pattern and "?" not in pattern:
        return ()
    glob = _glob(pattern)
    return tuple(a for a in REPOSITORY_ADMIN_ACTIONS if glob.fullmatch(a))


def is_broad_action(action: str) -> bool:
    """True for an action pattern an identity policy must not allow: every ECR action, or repository administration."""
    return matches_every_ecr_action(action) or bool(repository_admin_reached(action))
