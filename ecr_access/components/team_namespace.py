"""TeamNamespace: a team's prefix, whose creation template gives new repositories under it the team's defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pulumi

from ecr_access.compiler.registry_settings import CompiledNamespace
from ecr_access.components.creation_template import register_creation_template


@dataclass(frozen=True)
class TeamNamespaceArgs:
    """What to register: a compiled namespace (template settings validated, lifecycle policy rendered)."""

    namespace: CompiledNamespace
    # The stack's own role its template names (customRoleArn): created first.
    depends_on: tuple[pulumi.Resource, ...] = ()


class TeamNamespace(pulumi.ComponentResource):
    """The repository creation template of one namespace (create-on-push, and replication/pull-through where asked).

    Who may create repositories under the namespace is granted by identity policies (level `create`), not here.
    """

    prefix: pulumi.Output[str]
    applied_for: pulumi.Output[list]

    def __init__(self, name: str, args: TeamNamespaceArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("ecr-access:ecr:TeamNamespace", name, None, opts)
        ns = args.namespace
        self.template = register_creation_template(
            f"{name}-template", ns.spec.name, ns.spec.applied_for, ns.spec.template, ns.lifecycle_policy, self,
            depends_on=args.depends_on,
        )
        self.prefix = self.template.prefix
        self.applied_for = self.template.applied_fors
        self.register_outputs({"prefix": self.prefix, "applied_for": self.applied_for})
