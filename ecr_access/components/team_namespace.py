"""TeamNamespace: a team's prefix, whose creation template gives new repositories under it the team's defaults."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pulumi
from pydantic.alias_generators import to_snake

from ecr_access.components.checks import ArgsCheck
from ecr_access.components.creation_template import register_creation_template
from ecr_access.components.settings import RepositoryTemplate, check_template, role_dependencies
from ecr_access.features.namespaces.config import (
    DEFAULT_APPLIED_FOR,
    applied_for_problem,
    namespace_name_problem,
    namespace_template_description,
    root_problems,
)
from ecr_access.features.namespaces.tagging import with_tagging
from ecr_access.iam.arns import Registry
from ecr_access.iam.document import Condition
from ecr_access.iam.grants import Grant
from ecr_access.iam.levels import Level


@dataclass(frozen=True)
class TeamNamespaceArgs:
    """A namespace (`team-a`: every repository under `team-a/`) and the template ECR creates its repositories with.

    Args:
        name: the prefix (default: the component's resource name); ROOT only with `allow_root_template`.
        template: the settings of the repositories ECR creates under it (RepositoryTemplate).
        applied_for: when ECR applies the template: CREATE_ON_PUSH (default), REPLICATION, PULL_THROUGH_CACHE.
        allow_root_template: confirms a ROOT template (it applies to every repository without a template of its own).
        registry: the registry (to check the template's KMS key region), optional.
        depends_on: resources the template waits for (the role named by `template.custom_role_arn`; a RepoAccessRole
            given there is waited for without being listed).

    Who may push (and create) under the namespace is granted to principals: `namespace.grant(Level.CREATE)`.
    """

    name: str | None = None
    template: RepositoryTemplate = field(default_factory=RepositoryTemplate)
    applied_for: Sequence[str] = DEFAULT_APPLIED_FOR
    allow_root_template: bool = False
    registry: Registry | None = None
    depends_on: Sequence[pulumi.Resource] = ()


def _check(name: str, args: TeamNamespaceArgs):
    check = ArgsCheck("TeamNamespaceArgs")
    if not isinstance(name, str):
        check.add("name", "must be a namespace prefix (a string)", repr(name))
    elif problem := namespace_name_problem(name):
        check.add("name", problem, name)
    for key, message, value in root_problems(name, args.allow_root_template or None, args.applied_for):
        check.add(to_snake(key), message, value)
    if problem := applied_for_problem(args.applied_for):
        check.add("applied_for", problem, list(args.applied_for))
    for i, value in enumerate(args.applied_for):
        check.shaped(f"applied_for[{i}]", value, "ecr", "RCTAppliedFor")
    region = args.registry.region if args.registry is not None else None
    lifecycle = check_template(check, "template", args.template, region, f"{name} template")
    check.raise_if_any()
    return lifecycle


class TeamNamespace(pulumi.ComponentResource):
    """The repository creation template of one namespace (create-on-push, and replication/pull-through where asked).

    Who may create repositories under the namespace is granted by identity policies (`grant(Level.CREATE)`), not here.
    """

    prefix: pulumi.Output[str]
    applied_for: pulumi.Output[Sequence[str]]

    def __init__(self, name: str, args: TeamNamespaceArgs | None = None, opts: pulumi.ResourceOptions | None = None):
        args = args or TeamNamespaceArgs()
        prefix = args.name or name
        lifecycle = _check(prefix, args)
        super().__init__("ecr-access:ecr:TeamNamespace", name, None, opts)
        #: The namespace's prefix, known when the program runs (for grants).
        self.namespace_name = prefix
        self.adds_tags = args.template.adds_tags
        description = args.template.description or namespace_template_description(prefix)
        self.template = register_creation_template(
            f"{name}-template", prefix, tuple(sorted(set(args.applied_for))), args.template, description, lifecycle, self,
            depends_on=tuple(args.depends_on) + role_dependencies(args.template.custom_role_arn),
        )
        self.prefix = self.template.prefix
        self.applied_for = self.template.applied_fors
        self.register_outputs({"prefix": self.prefix, "applied_for": self.applied_for})

    def grant(self, *levels: Level | str, actions: Iterable[str] = (), conditions: Iterable[Condition] = ()) -> Grant:
        """An identity grant on every repository under this namespace; `create` also gets ecr:TagResource when the
        template tags the repositories it creates."""
        return with_tagging(Grant.on_namespace(self, levels=levels, actions=actions, conditions=conditions), self.adds_tags)
