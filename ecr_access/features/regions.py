"""Regions: where the names a stack declares lie, the grants scoped there, and the cross-region references refused.

A stack lies in `aws:region`; a repository, a pull-through cache, a replication rule or a scanning configuration may
name another region of the stack's partition. Names stay unique across regions (a grant names a repository by its
name), cache prefixes are unique within their region. A grant on a repository is scoped to the repository's region; a
grant on a namespace to every region where the stack declares something at or under it (a repository, a cache, a team
namespace), or to `aws:region` when it declares nothing there. Team namespaces lie in `aws:region`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from ecr_access.config.errors import Problems
from ecr_access.features.namespaces import ROOT, NamespaceSpec
from ecr_access.features.principals.config import AccessConfig, PrincipalSpec
from ecr_access.features.pull_through.config import PullThroughCacheSpec
from ecr_access.features.repositories.config import RepositorySpec
from ecr_access.iam.grants import Grant, namespaces_above


@dataclass(frozen=True)
class Placement:
    """Where the declared names lie: repositories by name, cache prefixes and team namespaces by prefix."""

    home: str
    repositories: tuple[tuple[str, str], ...] = ()  # (name, region) of every declared repository
    prefixes: tuple[tuple[str, str], ...] = ()  # (prefix, region) of every cache and team namespace

    @property
    def regions(self) -> tuple[str, ...]:
        """Every region something is declared in, the stack's first."""
        found = {region for _, region in self.repositories + self.prefixes} - {self.home}
        return (self.home, *sorted(found))

    def repository_regions(self, name: str) -> tuple[str, ...]:
        """The region of a declared repository outside the stack's; () in the stack's region (or undeclared)."""
        region = self._region_of.get(name, self.home)
        return () if region == self.home else (region,)

    @cached_property
    def _region_of(self) -> dict[str, str]:
        # Built once: a repository's region is looked up once per grant naming it.
        return dict(self.repositories)

    def namespace_regions(self, namespace: str) -> tuple[str, ...]:
        """The regions a namespace spans outside the stack's alone; () when it lies in the stack's region only."""
        found = set(self._below.get(namespace, ()))
        for prefix in [namespace, *namespaces_above(namespace)]:
            found |= self._at.get(prefix, set())
        return () if found <= {self.home} else tuple(sorted(found))

    @cached_property
    def _below(self) -> dict[str, set[str]]:
        # Built once: a namespace's regions are looked up once per grant naming it.
        below: dict[str, set[str]] = {}
        for name, region in self.repositories + self.prefixes:
            for prefix in namespaces_above(name):
                below.setdefault(prefix, set()).add(region)
        return below

    @cached_property
    def _at(self) -> dict[str, set[str]]:
        at: dict[str, set[str]] = {}
        for prefix, region in self.prefixes:
            at.setdefault(prefix, set()).add(region)
        return at

    def place(self, grant: Grant) -> Grant:
        """The grant with its target's names placed in their regions (unchanged when all lie in the stack's region)."""
        target = grant.target
        placed = [(name, self.repository_regions(name)) for name in target.repositories]
        placed += [(f"{name}/*", self.namespace_regions(name)) for name in target.namespaces]
        regions = tuple((key, found) for key, found in placed if found)
        if not regions:
            return grant
        return replace(grant, target=replace(target, regions=target.regions + regions))


def placement(home: str, repositories: Iterable[RepositorySpec], caches: Iterable[PullThroughCacheSpec],
              namespaces: Iterable[NamespaceSpec]) -> Placement:
    """Where the stack's repositories, caches and team namespaces lie (`home`: aws:region)."""
    return Placement(
        home=home,
        repositories=tuple((r.name, r.region or home) for r in repositories),
        prefixes=tuple((c.prefix, c.region or home) for c in caches) + tuple((n.name, home) for n in namespaces if n.name != ROOT),
    )


def place_access(access: AccessConfig, where: Placement) -> AccessConfig:
    """Every principal's grants scoped to the regions of what they name (the same config when one region holds all)."""
    if where.regions == (where.home,):
        return access

    def update(spec: PrincipalSpec) -> PrincipalSpec:
        return replace(spec, grants=tuple(where.place(grant) for grant in spec.grants))

    return replace(access, users=tuple(map(update, access.users)), groups=tuple(map(update, access.groups)),
                   roles=tuple(map(update, access.roles)))


def check_regions(repositories: Iterable[RepositorySpec], caches: Iterable[PullThroughCacheSpec],
                  namespaces: Iterable[NamespaceSpec], home: str, problems: Problems) -> None:
    """Refuse references across regions that cannot hold: a repository of another region encrypted with a key the stack
    creates (in aws:region) or under a team namespace (whose template and grants are in aws:region), and a cache whose
    resources would take the names of another region's."""
    for repo in repositories:
        if repo.region is None:
            continue
        if repo.settings.key_name:
            problems.add(f"{repo.path}.kmsKey", f"names key {repo.settings.key_name} of ecr-access:kmsKeys, which the stack "
                         f"creates in aws:region {home}; a repository in {repo.region} needs a key ARN of its own region",
                         repo.settings.key_name)
        for ns in namespaces:
            if ns.name != ROOT and repo.name.startswith(f"{ns.name}/"):
                problems.add(f"{repo.path}.region", f"would place {repo.name} in {repo.region}, but it lies under team "
                             f"namespace {ns.name} ({ns.path}), whose template and grants are in aws:region {home} only; "
                             f"leave region out, or name the repository outside {ns.name}/", repo.region)
    caches = tuple(caches)
    regional = {(c.region, c.prefix): c for c in caches if c.region is not None}
    for cache in caches:
        if cache.region is not None:
            continue
        for (region, prefix), other in regional.items():
            if cache.prefix == f"{region}-{prefix}":
                problems.add(f"{cache.path}.prefix", f"would give its resources the names of cache {prefix} of {region} "
                             f"({other.path}): registry-{cache.prefix}; give one of them another prefix", cache.prefix)
