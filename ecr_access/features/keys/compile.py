"""Compile the stack's repository keys: which repositories (and notification topics) each encrypts, who may use it for
them, and its key policy.

Who may use a key comes from provenance: the identity Grants of the stack's users and roles (a group's grants count for
each of its members: a group is no principal a key policy can name) whose target covers a repository encrypted with
the key, and whose actions read (pull) or write (push) its images. Each becomes a key Grant carrying the config path
of the identity grant it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ecr_access.config.blame import blame
from ecr_access.features.keys.config import KeySpec
from ecr_access.features.keys.policy import READS_IMAGES, WRITES_IMAGES, key_policy
from ecr_access.features.notifications.spec import NotificationSpec
from ecr_access.features.principals import AccessConfig, PrincipalSpec
from ecr_access.features.repositories.config import RepositorySpec
from ecr_access.iam import catalog
from ecr_access.iam.arns import Registry
from ecr_access.iam.grants import Grant, Grantee, Placement, Target
from ecr_access.iam.principals import Principals
from ecr_access.iam.validate import RenderedPolicy


@dataclass(frozen=True)
class CompiledKey:
    """A key ready to register: its spec, the repositories it encrypts, its key grants and rendered key policy."""

    spec: KeySpec
    repositories: tuple[str, ...]
    grants: tuple[Grant, ...]
    policy: RenderedPolicy
    protect: bool
    retain_on_delete: bool
    # The notification topics it encrypts: (topic ARN, config path of the `kmsKey` naming the key), in config order.
    topics: tuple[tuple[str, str], ...] = ()

    @property
    def warning(self) -> str | None:
        """Set when nothing uses the key (accepted: it may still hold the images of retained repositories)."""
        if self.repositories or self.topics:
            return None
        return (f"{self.spec.path}: key {self.spec.name!r} encrypts no repository of the stack (name it in a repository's "
                "kmsKey, or remove the entry once no image needs it)")


def _holders(access: AccessConfig) -> Iterator[tuple[PrincipalSpec, str, Grant]]:
    # (user or role, config path of the grant, identity grant): a user's own grants, then its groups'.
    groups = {g.name: g for g in access.groups}
    for spec in access.users + access.roles:
        for grant in spec.grants:
            yield spec, grant.source, grant
        for name in spec.groups:
            for grant in groups[name].grants if name in groups else ():
                yield spec, grant.source, grant


def key_grants(repositories: Iterable[str], access: AccessConfig, registry: Registry) -> tuple[Grant, ...]:
    """The key grants of the stack's users and roles that may pull or push some of `repositories`, with provenance."""
    names = tuple(repositories)
    out = []
    for spec, path, grant in _holders(access):
        covered = tuple(r for r in names if grant.target.covers(r))
        if not covered:
            continue
        actions = {info.name for pattern in grant.all_actions for info in catalog.expand(pattern)} & (READS_IMAGES | WRITES_IMAGES)
        if not actions:
            continue
        arn = registry.iam_arn(spec.kind, spec.name, spec.iam_path)
        grantee = Grantee(Principals.of_aws(arn), kind=f"{spec.kind} {spec.name}")
        out.append(Grant(Target(covered), actions=tuple(actions), grantee=grantee, placement=Placement.KEY, source=path))
    return tuple(out)


def compile_key(spec: KeySpec, repositories: Iterable[RepositorySpec], access: AccessConfig, registry: Registry,
                notifications: Iterable[NotificationSpec] = ()) -> CompiledKey:
    """Compile one key over the declared repositories and notification topics (those naming it in `kmsKey` are its
    own); a key policy over its quota is a ConfigError at the key's entry."""
    own = tuple(r for r in repositories if r.settings.key_name == spec.name)
    grants = key_grants((r.name for r in own), access, registry)
    topics = tuple((n.arn(registry), f"{n.path}.kmsKey") for n in notifications if n.key_name == spec.name)
    with blame(spec.path):
        policy = key_policy(registry, grants, spec.alias, (arn for arn, _ in topics))
    return CompiledKey(
        spec=spec, repositories=tuple(r.name for r in own), grants=grants, policy=policy,
        protect=spec.protect or any(r.protect for r in own),
        retain_on_delete=spec.retain_on_delete or any(r.resource_retain_on_delete for r in own), topics=topics,
    )
