"""Replication entries of stack config: rules replicating this registry, and accounts replicating into it."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.model.constraints import known_regions, list_max, shape
from ecr_access.model.errors import ConfigError, Problems
from ecr_access.model.external_principals import account_id
from ecr_access.model.reader import Node
from ecr_access.policies.arns import Registry, partition_for_region

RULE_KEYS = ("destinations", "filters")
DESTINATION_KEYS = ("region", "account")
SOURCE_KEYS = ("account",)


@dataclass(frozen=True)
class ReplicationDestination:
    """A registry images are replicated to: a region, and the account that owns it (this one unless cross-account)."""

    region: str
    account: str

    @property
    def key(self) -> str:
        """How outputs and messages name the destination (`<account>/<region>`)."""
        return f"{self.account}/{self.region}"


@dataclass(frozen=True)
class ReplicationRule:
    """One replication rule: where to, and which repositories (name prefixes; none = every repository)."""

    path: str
    destinations: tuple[ReplicationDestination, ...]
    filters: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReplicationSource:
    """An account whose registry replicates into this one (the destination side of cross-account replication)."""

    path: str
    account: str


def read_replication(node: Node, registry: Registry) -> tuple[ReplicationRule, ...]:
    """Read `ecr-access:replication` (a list of rules), every rule's problems reported together."""
    problems = Problems()
    rules: list[ReplicationRule] = []
    for item in node.as_list(max_items=list_max("ecr", "ReplicationRuleList")):
        with problems.collect():
            rules.append(_rule(item, registry))
    problems.raise_if_any()
    return tuple(rules)


def read_replication_sources(node: Node, registry: Registry) -> tuple[ReplicationSource, ...]:
    """Read `ecr-access:replicationSources`: the accounts allowed to replicate into this registry."""
    sources: list[ReplicationSource] = []
    seen: set[str] = set()
    for item in node.as_list():
        entry = item.as_map(SOURCE_KEYS, required=("account",))
        account = entry.req("account", account_id)
        if account == registry.account:
            raise ConfigError.at(
                f"{item.path}.account", "is this registry's own account; replication within an account needs no registry policy", account
            )
        if account in seen:
            raise ConfigError.at(f"{item.path}.account", "is listed twice", account)
        seen.add(account)
        sources.append(ReplicationSource(path=item.path, account=account))
    return tuple(sources)


def _rule(node: Node, registry: Registry) -> ReplicationRule:
    entry = node.as_map(RULE_KEYS, required=("destinations",))
    destinations: list[ReplicationDestination] = []
    for item in entry.child("destinations").as_list(max_items=list_max("ecr", "ReplicationDestinationList")):
        dest = _destination(item, registry)
        if dest in destinations:
            raise item.fail("is listed twice in this rule")
        destinations.append(dest)
    if not destinations:
        raise ConfigError.at(f"{node.path}.destinations", "is empty; a rule needs at least one destination")
    filters = entry.get("filters", lambda n: _filters(n), ())
    return ReplicationRule(path=node.path, destinations=tuple(destinations), filters=filters)


def _destination(node: Node, registry: Registry) -> ReplicationDestination:
    entry = node.as_map(DESTINATION_KEYS, required=("region",))
    region = entry.child("region").as_str()
    if region not in known_regions():
        raise ConfigError.at(f"{node.path}.region", "is not an AWS region botocore knows for ECR", region)
    if partition_for_region(region) != registry.partition:
        raise ConfigError.at(
            f"{node.path}.region", f"is in partition {partition_for_region(region)}; ECR replicates only within {registry.partition}", region
        )
    account = entry.get("account", account_id, registry.account)
    if (region, account) == (registry.region, registry.account):
        raise node.fail(f"is this registry itself ({account} in {region}); replicate to another region or account")
    return ReplicationDestination(region=region, account=account)


def _filters(node: Node) -> tuple[str, ...]:
    values = node.as_str_list(max_items=list_max("ecr", "RepositoryFilterList"))
    value_shape = shape("ecr", "RepositoryFilterValue")
    for i, value in enumerate(values):
        problem = value_shape.problem(value)
        if problem:
            raise ConfigError.at(f"{node.path}[{i}]", f"is not a repository name prefix ECR accepts (PREFIX_MATCH): {problem}", value)
    if not values:
        raise node.fail("is empty; leave it out to replicate every repository")
    return tuple(values)
