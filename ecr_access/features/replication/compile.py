"""Compile replication: the rules of each region, the registry policies cross-account destinations must hold, the
statements letting source accounts replicate in, and warnings about filters that match nothing declared."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ecr_access.config.blame import blame
from ecr_access.config.errors import Problems
from ecr_access.features.registry_policy.document import RegistryContribution
from ecr_access.features.replication.config import ReplicationRule, ReplicationSource
from ecr_access.features.replication.rules import Destination, replication_rules, replication_statement
from ecr_access.iam.arns import Registry, partition_for_region
from ecr_access.iam.document import PolicyDocument
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.validate import RenderedPolicy, render_validated


@dataclass(frozen=True)
class CompiledReplication:
    """Replication ready to register; `warnings` are shown at deploy time, never fatal."""

    rules: tuple[dict, ...] = ()  # aws:region's
    # The replication rules of the stack's other regions, by region.
    regional_rules: tuple[tuple[str, tuple[dict, ...]], ...] = ()
    # `<account>/<region>` -> the registry policy a cross-account destination must hold for this registry.
    destination_policies: tuple[tuple[str, RenderedPolicy], ...] = ()
    # What the source accounts' replication needs in this registry's policy.
    contributions: tuple[RegistryContribution, ...] = ()
    warnings: tuple[str, ...] = ()


def compile_replication(rules: Iterable[ReplicationRule], sources: Iterable[ReplicationSource], registry: Registry,
                        declared: Iterable[tuple[str, str | None]]) -> CompiledReplication:
    """Compile the rules and sources (`declared`: the names a filter may match, with their region, None for aws:region:
    the repositories, and the team namespaces as `<name>/`); problems are ConfigErrors at the rules that caused them."""
    rules = tuple(rules)
    problems = Problems()
    destination_policies: dict[str, RenderedPolicy] = {}
    for rule in rules:
        for dest in rule.destinations:
            if dest.account != registry.account and dest.key not in destination_policies:
                target = Registry(partition=partition_for_region(dest.region), region=dest.region, account=dest.account)
                with problems.collect(), blame(rule.path):
                    doc = PolicyDocument((replication_statement(registry.account, target),))
                    destination_policies[dest.key] = render_validated(doc, DocumentKind.REGISTRY, f"registry {dest.key}")
    problems.raise_if_any()
    by_region: dict[str | None, list[dict]] = {None: []}
    for rule in rules:
        by_region.setdefault(rule.region, []).extend(
            replication_rules([(tuple(Destination(d.region, d.account) for d in rule.destinations), rule.filters)]))
    return CompiledReplication(
        rules=tuple(by_region.pop(None)),
        regional_rules=tuple((region, tuple(found)) for region, found in sorted(by_region.items()) if region),
        destination_policies=tuple(sorted(destination_policies.items())),
        contributions=tuple(
            RegistryContribution(source=s.path, statements=(replication_statement(s.account, registry),)) for s in sources
        ),
        warnings=_filter_warnings(rules, tuple(declared)),
    )


def _filter_warnings(rules: tuple[ReplicationRule, ...], declared: tuple[tuple[str, str | None], ...]) -> tuple[str, ...]:
    # A filter may name repositories made later (by CI, create-on-push): worth a warning, not a refusal. A rule sees
    # the names of its own region (team namespaces lie in aws:region).
    out = []
    for rule in rules:
        names = [name for name, region in declared if region == rule.region]
        for i, prefix in enumerate(rule.filters):
            if not any(name.startswith(prefix) for name in names):
                out.append(
                    f"{rule.path}.filters[{i}]: {prefix!r} matches no repository declared in ecr-access:repositories or "
                    "ecr-access:namespaces; nothing is replicated until such a repository exists"
                )
    return tuple(out)
