"""Replication: the rules as ECR takes them, and the registry policy statement a cross-account destination holds."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.iam.arns import Registry, root_arn
from ecr_access.iam.document import Statement
from ecr_access.iam.principals import Principals

# What ECR needs in the destination registry's policy to replicate into it from another account (ECR user guide,
# "Private registry settings: cross-account replication").
REPLICATION_ACTIONS = ("ecr:CreateRepository", "ecr:ReplicateImage")
# A rule without destinations (the config and the RegistrySettings component say it alike).
NO_DESTINATIONS = "is empty; a rule needs at least one destination"


@dataclass(frozen=True)
class Destination:
    """A replication destination registry: region and account."""

    region: str
    account: str


def replication_statement(source_account: str, destination: Registry) -> Statement:
    """The statement letting `source_account` replicate into every repository of the `destination` registry."""
    return Statement(
        sid=f"ReplicationFrom{source_account}",
        principal=Principals.of_aws(root_arn(destination.partition, source_account)),
        actions=REPLICATION_ACTIONS,
        resources=(destination.repository_arn("*"),),
    )


def replication_rules(rules: list[tuple[tuple[Destination, ...], tuple[str, ...]]]) -> list[dict]:
    """The `rules` of an ECR replication configuration (PutReplicationConfiguration shape), in config order."""
    out = []
    for destinations, filters in rules:
        rule: dict = {"destinations": [{"region": d.region, "registryId": d.account} for d in destinations]}
        if filters:
            rule["repositoryFilters"] = [{"filter": f, "filterType": "PREFIX_MATCH"} for f in filters]
        out.append(rule)
    return out
