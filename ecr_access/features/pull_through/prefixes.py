"""Where pull-through cache prefixes may lie, and who pulls through them: checks across caches, namespaces and grants."""

from __future__ import annotations

from collections.abc import Mapping

from ecr_access.config.errors import Problems
from ecr_access.features.namespaces.config import ROOT, NamespaceSpec
from ecr_access.features.principals.config import AccessConfig, PrincipalSpec
from ecr_access.features.pull_through.config import PullThroughCacheSpec
from ecr_access.features.pull_through.statements import PULL_THROUGH_ACTIONS
from ecr_access.iam.arns import Registry

_CACHE_GRANT = " and ".join(PULL_THROUGH_ACTIONS)
# A grant that holds this action pulls images (the pull level and every level above it).
_PULLS = "ecr:BatchGetImage"


def _under(name: str, prefix: str) -> bool:
    return name.startswith(f"{prefix}/")


def check_cache_prefixes(
    caches: tuple[PullThroughCacheSpec, ...], namespaces: tuple[NamespaceSpec, ...], repositories: Mapping[str, str],
    problems: Problems,
) -> None:
    """Refuse a cache prefix inside another cache's, any overlap of a cache prefix with a team namespace, and a cache
    prefix equal to or covering a declared repository (`repositories`: name -> config path of its entry).

    A cache's principals get ecr:CreateRepository and ecr:BatchImportUpstreamImage on `<prefix>/*`: on a nested
    cache's repositories, a team's or a declared one, they could create repositories and import upstream images there.
    And whoever may push into a team namespace could overwrite the images of a cache inside it.
    """
    for cache in caches:
        at = f"{cache.path}.prefix"
        for name, path in repositories.items():
            if _under(name, cache.prefix):
                why = f"covers declared repository {name} ({path}): the cache's principals would get {_CACHE_GRANT} on it"
            elif name == cache.prefix:
                why = (f"is the name of declared repository {name} ({path}): a cache prefix is a namespace of its own, "
                       f"holding the cached repositories {name}/<upstream image>")
            else:
                continue
            problems.add(at, f"{why}; give the cache a prefix no declared repository uses or lies under", cache.prefix)
        for other in caches:
            if _under(cache.prefix, other.prefix):
                problems.add(
                    at,
                    f"lies under the prefix of pull-through cache {other.prefix} ({other.path}), whose principals could then "
                    f"import upstream images into this cache's repositories ({_CACHE_GRANT} on {other.prefix}/*); "
                    "give each cache a prefix outside the others",
                    cache.prefix,
                )
        for ns in namespaces:
            if ns.name == ROOT:
                continue
            if ns.name == cache.prefix:
                problems.add(
                    at,
                    f"is team namespace {ns.name} ({ns.path}): ECR keeps one creation template per prefix, and the cache's "
                    f"principals would get {_CACHE_GRANT} on the team's repositories; give the cache a prefix of its own",
                    cache.prefix,
                )
            elif _under(ns.name, cache.prefix):
                problems.add(
                    at,
                    f"covers team namespace {ns.name} ({ns.path}): the cache's principals would get {_CACHE_GRANT} on the "
                    "team's repositories; give the cache a prefix of its own",
                    cache.prefix,
                )
            elif _under(cache.prefix, ns.name):
                problems.add(
                    at,
                    f"lies inside team namespace {ns.name} ({ns.path}): whoever may push to {ns.name}/* could overwrite the "
                    "images the cache serves; give the cache a prefix outside every team namespace",
                    cache.prefix,
                )


def check_cache_pulls(
    caches: tuple[PullThroughCacheSpec, ...], access: AccessConfig, registry: Registry, problems: Problems
) -> None:
    """Refuse a grant that pulls from a cache's namespace but could not import what the cache does not hold yet.

    The first pull of an image needs ecr:CreateRepository and ecr:BatchImportUpstreamImage: from the cache's
    registry policy (its `principals`) or from the grant itself.
    """
    for spec in access.principals:
        for grant in spec.grants:
            if _PULLS not in grant.all_actions or all(a in grant.all_actions for a in PULL_THROUGH_ACTIONS):
                continue
            for namespace in grant.target.namespaces:
                for cache in caches:
                    if (namespace == cache.prefix or _under(namespace, cache.prefix)) and not _imports(spec, cache, access, registry):
                        listed = "lists no principals" if not cache.principals else f"does not name this {spec.kind}"
                        problems.add(
                            grant.source,
                            f"pulls from pull-through cache {cache.prefix} ({cache.path}), which {listed}: the first pull of an "
                            f"image not cached yet needs {_CACHE_GRANT}; add them to this grant's actions, or name the "
                            f"{'users' if spec.kind == 'group' else spec.kind} in the cache's principals",
                            namespace,
                        )


def _imports(spec: PrincipalSpec, cache: PullThroughCacheSpec, access: AccessConfig, registry: Registry) -> bool:
    # Whether the cache's registry policy lets this principal import (a group: every one of its members).
    if spec.kind != "group":
        return registry.iam_arn(spec.kind, spec.name, spec.iam_path) in cache.principals
    members = [u for u in access.users if spec.name in u.groups]
    return bool(members) and all(_imports(u, cache, access, registry) for u in members)
