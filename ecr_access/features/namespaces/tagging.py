"""Where a push creates repositories that a template tags, and the namespace grants given to the principals they name."""

from __future__ import annotations

from dataclasses import replace

from ecr_access.config.errors import Problems
from ecr_access.features.namespaces.config import CREATE_ON_PUSH, ROOT, NamespaceSpec
from ecr_access.features.principals.config import AccessConfig, PrincipalSpec
from ecr_access.iam.grants import Grant, Target
from ecr_access.iam.levels import TAG_RESOURCE_ACTION, Level


def with_tagging(grant: Grant, adds_tags: bool) -> Grant:
    """A `create` grant plus ecr:TagResource when the namespace's template tags the repositories it creates."""
    if Level.CREATE not in grant.levels or not adds_tags:
        return grant
    return replace(grant, actions=grant.actions + (TAG_RESOURCE_ACTION,))


def push_template(name: str, namespaces: tuple[NamespaceSpec, ...]) -> NamespaceSpec | None:
    """The namespace whose template ECR applies when a push creates a repository under `name/`.

    As ECR picks it: among the templates applied for CREATE_ON_PUSH, the one with the longest prefix that `name`
    equals or lies under (`team-a` applies to `team-a/sub/x` unless `team-a/sub` has its own), else ROOT.
    """
    best: NamespaceSpec | None = None
    for ns in namespaces:
        if CREATE_ON_PUSH not in ns.applied_for:
            continue
        if ns.name == ROOT:
            best = best or ns
        elif (name == ns.name or name.startswith(f"{ns.name}/")) and (best is None or best.name == ROOT or len(ns.name) > len(best.name)):
            best = ns
    return best


def tagged_namespaces(name: str, namespaces: tuple[NamespaceSpec, ...]) -> tuple[str, ...]:
    """Where under `name/` a push creates repositories that a template tags: `name` itself, or its tagging sub-namespaces."""
    own = push_template(name, namespaces)
    if own is not None and own.template.adds_tags:
        return (name,)
    return tuple(
        ns.name for ns in namespaces
        if ns.name.startswith(f"{name}/") and CREATE_ON_PUSH in ns.applied_for and ns.template.adds_tags
    )


def split_by_tagging(grant: Grant, namespaces: tuple[NamespaceSpec, ...]) -> tuple[Grant, ...]:
    """A `create` grant, plus ecr:TagResource wherever under its namespaces create-on-push adds tags."""
    if Level.CREATE not in grant.levels:
        return (grant,)
    found = {t for n in grant.target.namespaces for t in tagged_namespaces(n, namespaces)}
    tagged = {t for t in found if not any(t.startswith(f"{o}/") for o in found)}
    whole = tuple(n for n in grant.target.namespaces if n in tagged)
    nested = tuple(sorted(tagged - set(whole)))
    plain = Target(repositories=grant.target.repositories, namespaces=tuple(n for n in grant.target.namespaces if n not in tagged))
    out = [] if plain.is_empty else [replace(grant, target=plain)]
    if whole:
        out.append(with_tagging(replace(grant, target=Target(namespaces=whole)), True))
    if nested:  # the grant's create already covers these; a template below it adds tags there
        out.append(Grant(target=Target(namespaces=nested), actions=(TAG_RESOURCE_ACTION,), conditions=grant.conditions,
                         placement=grant.placement, source=grant.source))
    return tuple(out)


def attach_namespace_grants(access: AccessConfig, namespaces: tuple[NamespaceSpec, ...], problems: Problems) -> AccessConfig:
    """Give each namespace grant to the principals it names; add ecr:TagResource to `create` grants on tagging templates."""
    extra: dict[tuple[str, str], list[Grant]] = {}
    declared = access.declared  # with the entries that have problems of their own: those are reported there
    for ns in namespaces:
        parts = {grant.source: split_by_tagging(grant, namespaces) for grant in ns.grants}
        for holder in ns.holders:
            if (holder.kind, holder.name) not in declared:
                problems.add(holder.path, f"is not declared in ecr-access:{holder.kind}s", holder.name)
                continue
            extra.setdefault((holder.kind, holder.name), []).extend(parts[holder.grant])

    def update(spec: PrincipalSpec) -> PrincipalSpec:
        own = tuple(part for g in spec.grants for part in split_by_tagging(g, namespaces))
        return replace(spec, grants=own + tuple(extra.get((spec.kind, spec.name), ())))

    return replace(
        access,
        users=tuple(map(update, access.users)), groups=tuple(map(update, access.groups)), roles=tuple(map(update, access.roles)),
    )
