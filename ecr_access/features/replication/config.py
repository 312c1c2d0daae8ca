"""Replication: rules replicating this registry (`ecr-access:replication`), and accounts replicating into it
(`ecr-access:replicationSources`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo, model_validator

from ecr_access.config.base import ConfigModel, Maybe, OneOrMany, Str, context, fail, field, refusals
from ecr_access.config.constraints import list_max, shape_check
from ecr_access.config.values import AccountId, Region, ResourceRegion
from ecr_access.features.replication.rules import NO_DESTINATIONS
from ecr_access.iam.arns import Registry, partition_for_region


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
    # The region whose repositories the rule replicates, when not the stack's (aws:region).
    region: str | None = None


@dataclass(frozen=True)
class ReplicationSource:
    """An account whose registry replicates into this one (the destination side of cross-account replication)."""

    path: str
    account: str


class DestinationConfig(ConfigModel):
    """A registry to replicate to."""

    region: Region = field("The destination region (in the stack's partition).")
    account: Maybe(AccountId) = field("The destination account (default: the stack's own).", None)

    @model_validator(mode="after")
    def _elsewhere(self, info: ValidationInfo) -> DestinationConfig:
        registry: Registry | None = context(info, "registry")
        if registry is None:
            return self
        if partition_for_region(self.region) != registry.partition:
            raise fail(f"is in partition {partition_for_region(self.region)}; ECR replicates only within {registry.partition}",
                       at="region", value=self.region)
        own = context(info, "rule_region") or registry.region  # the region the rule replicates from
        if (self.region, self.account or registry.account) == (own, registry.account):
            raise fail(f"is this registry itself ({registry.account} in {self.region}); replicate to another region or account")
        return self


def _filters(values: tuple[str, ...]) -> tuple[str, ...]:
    if not values:
        raise fail("is empty; leave it out to replicate every repository")
    return values


class ReplicationRuleConfig(ConfigModel):
    """A replication rule: where to, and which repositories."""

    destinations: Annotated[list[DestinationConfig], Field(max_length=list_max("ecr", "ReplicationDestinationList"))] = field(
        "Registries to replicate to: `{region, account}` (at least one; the account defaults to the stack's).")
    filters: Maybe(Annotated[OneOrMany(Annotated[Str, shape_check("ecr", "RepositoryFilterValue", "a repository name prefix ECR accepts (PREFIX_MATCH)")], list_max("ecr", "RepositoryFilterList")),
                             AfterValidator(_filters)], "a list") = field(
        "Repository name prefixes to replicate (default: every repository).", None)
    region: Maybe(ResourceRegion) = field(
        "The region whose repositories the rule replicates (its replication configuration is that region's), in the "
        "stack's partition. Default `aws:region`.", None)

    @model_validator(mode="before")
    @classmethod
    def _from_region(cls, data: Any, info: ValidationInfo) -> Any:
        # The destinations, read next, are judged against the region the rule replicates from.
        if isinstance(info.context, dict):
            region = data.get("region") if isinstance(data, dict) else None
            info.context["rule_region"] = region if isinstance(region, str) else None
        return data

    @model_validator(mode="after")
    def _distinct(self) -> ReplicationRuleConfig:
        if not self.destinations:
            raise fail(NO_DESTINATIONS, at="destinations")
        seen: list[tuple[str, str | None]] = []
        problems: list[tuple[Any, str, Any]] = []
        for i, d in enumerate(self.destinations):
            if (d.region, d.account) in seen:
                problems.append((("destinations", i), "is listed twice in this rule", d.model_dump(by_alias=True, exclude_none=True, warnings=False)))
            seen.append((d.region, d.account))
        if problems:
            raise refusals(problems)
        return self

    def spec(self, path: str, registry: Registry) -> ReplicationRule:
        """The rule as the compiler takes it (`registry`: the stack's)."""
        return ReplicationRule(path=path, filters=self.filters or (), destinations=tuple(
            ReplicationDestination(region=d.region, account=d.account or registry.account) for d in self.destinations),
            region=None if self.region == registry.region else self.region)


class ReplicationSourceConfig(ConfigModel):
    """An account whose registry replicates into this one (the registry policy lets it)."""

    account: AccountId = field("The source account (not this registry's own).")

    @model_validator(mode="after")
    def _other(self, info: ValidationInfo) -> ReplicationSourceConfig:
        registry: Registry | None = context(info, "registry")
        if registry is not None and self.account == registry.account:
            raise fail("is this registry's own account; replication within an account needs no registry policy", at="account",
                       value=self.account)
        return self


Replication = Annotated[list[ReplicationRuleConfig], Field(max_length=list_max("ecr", "ReplicationRuleList"))]


def replication_sources(entries: list[ReplicationSourceConfig], path: str) -> tuple[list[ReplicationSource], list[tuple[str, str, str]]]:
    """The sources, and (path, message, value) of each account listed twice."""
    out, problems, seen = [], [], set()
    for i, entry in enumerate(entries):
        if entry.account in seen:
            problems.append((f"{path}[{i}].account", "is listed twice", entry.account))
            continue
        seen.add(entry.account)
        out.append(ReplicationSource(path=f"{path}[{i}]", account=entry.account))
    return out, problems
