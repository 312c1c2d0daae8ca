"""The `trust` entry of a role: who may assume it."""

from __future__ import annotations

from ecr_access.model.errors import ConfigError
from ecr_access.model.external_principals import account_id, iam_principal_arn, service_principal
from ecr_access.model.reader import Node
from ecr_access.policies.errors import PolicyError
from ecr_access.policies.trust import GitHubActions, Trust

TRUST_KEYS = ("accountRoot", "principals", "services", "githubActions")


def read_trust(node: Node, partition: str) -> Trust:
    """Read `trust: {accountRoot, principals, services, githubActions}` of a role in `partition`; an empty trust is an error."""
    entry = node.as_map(TRUST_KEYS)
    trust = Trust(
        account_root=entry.get("accountRoot", Node.as_bool, False),
        principals=tuple(_principal(n, partition) for n in entry.get("principals", Node.as_list, [])),
        services=entry.items("services", lambda n: service_principal(n, partition)),
        github=tuple(_github(n) for n in entry.get("githubActions", Node.as_list, [])),
    )
    if trust.is_empty:
        raise node.fail("names nobody: set accountRoot, principals, services or githubActions")
    return trust


def _principal(node: Node, partition: str) -> str:
    # Trust names IAM principals only: an account (ID or root ARN), a user or a role of this partition - never "*".
    if isinstance(node.value, int) and not isinstance(node.value, bool) or isinstance(node.value, str) and node.value.isdigit():
        return account_id(node)
    try:
        return iam_principal_arn(node, partition)
    except ConfigError as err:
        reason = err.problems[0].message
        raise node.fail(f'must be a 12-digit account ID or an IAM role/user ARN (never "*"); it {reason}') from None


def _github(node: Node) -> GitHubActions:
    entry = node.as_map(("repository", "branches", "environments"), required=("repository",))
    github = GitHubActions(
        repository=entry.req("repository", Node.as_str),
        branches=entry.get("branches", Node.as_str_list, ()),
        environments=entry.get("environments", Node.as_str_list, ()),
    )
    try:
        github.subjects()
    except PolicyError as err:
        raise node.fail(str(err)) from None
    return github
