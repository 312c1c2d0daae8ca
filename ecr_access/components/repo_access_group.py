"""RepoAccessGroup: an IAM group carrying grants its member users share (one policy instead of one per user)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pulumi
import pulumi_aws as aws

from ecr_access.components.adoption import adopted_options
from ecr_access.components.iam_policies import register_policies
from ecr_access.components.principal_args import PrincipalArgs, build_documents


@dataclass(frozen=True)
class RepoAccessGroupArgs(PrincipalArgs):
    """A group's arguments (see PrincipalArgs); `member_paths`: the IAM paths of its members, which
    `view_own_permissions` lets each read about themselves (default `/`)."""

    member_paths: Sequence[str] = ("/",)


class RepoAccessGroup(pulumi.ComponentResource):
    """An IAM group with its packed ECR access policies attached; users join it with `RepoAccessUserArgs.groups`."""

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (docs/benchmark.md).
    if TYPE_CHECKING:
        name: pulumi.Output[str]
        arn: pulumi.Output[str]
        policy_arns: pulumi.Output[list]

    def __init__(self, name: str, args: RepoAccessGroupArgs, opts: pulumi.ResourceOptions | None = None):
        group_name = args.name or name
        policies, _ = build_documents("group", group_name, args, "RepoAccessGroupArgs", user_paths=args.member_paths)
        super().__init__("ecr-access:iam:RepoAccessGroup", name, None, opts)
        #: The group's name and ARN, known when the program runs.
        self.group_name = group_name
        self.principal_arn = args.registry.iam_arn("group", group_name, args.path)
        # An adopted group is imported by its name (then protected and retained); its policies and their attachments
        # are created.
        adopted = adopted_options(group_name if args.adopt else None, args.protect_adopted)
        self.group = aws.iam.Group(name, name=group_name, path=args.path, opts=pulumi.ResourceOptions(parent=self, **adopted))
        self.policies = register_policies(
            self, f"group {group_name}", policies, args.tags, aws.iam.GroupPolicyAttachment, {"group": self.group.name}
        )
        self.name = self.group.name
        self.arn = self.group.arn
        self.policy_arns = pulumi.Output.all(*[p.arn for p in self.policies])
        self.register_outputs({"name": self.name, "arn": self.arn, "policy_arns": self.policy_arns})
