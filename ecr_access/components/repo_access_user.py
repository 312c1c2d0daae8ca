"""RepoAccessUser: an IAM user with its packed ECR access policies, group memberships and optional access key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pulumi
import pulumi_aws as aws

from ecr_access.components.adoption import adopted_options
from ecr_access.components.checks import ArgsCheck
from ecr_access.components.iam_policies import register_policies
from ecr_access.components.principal_args import PrincipalArgs, build_documents
from ecr_access.components.repo_access_group import RepoAccessGroup
from ecr_access.config.errors import too_many_items
from ecr_access.features.principals.config import MAX_GROUPS_PER_USER


@dataclass(frozen=True)
class RepoAccessUserArgs(PrincipalArgs):
    """A user's arguments (see PrincipalArgs), and:

    Args:
        groups: the RepoAccessGroup components (or group names) it joins; their grants become its own.
        access_key: create an access key; its secret is an output only as a Pulumi secret.
        pgp_key: encrypt the access key's secret with this key (`keybase:<user>` or a base64 public key) instead.
        permissions_boundary: a managed policy ARN bounding the user.
    """

    groups: Sequence[RepoAccessGroup | str | pulumi.Output[str]] = ()
    access_key: bool = False
    pgp_key: str | None = None
    permissions_boundary: str | None = None


class RepoAccessUser(pulumi.ComponentResource):
    """An IAM user allowed exactly its grants; an access key only when asked, its secret only as a Pulumi secret."""

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (docs/benchmark.md).
    if TYPE_CHECKING:
        name: pulumi.Output[str]
        arn: pulumi.Output[str]
        policy_arns: pulumi.Output[list]

    def __init__(self, name: str, args: RepoAccessUserArgs, opts: pulumi.ResourceOptions | None = None):
        user_name = args.name or name
        policies, _ = build_documents(
            "user", user_name, args, "RepoAccessUserArgs", boundary=args.permissions_boundary,
            has_access=bool(args.groups), more=lambda check: _check_user(check, args),
        )
        super().__init__("ecr-access:iam:RepoAccessUser", name, None, opts)
        #: The user's name and ARN, known when the program runs (name it in repository policies).
        self.user_name = user_name
        self.principal_arn = args.registry.iam_arn("user", user_name, args.path)
        child = pulumi.ResourceOptions(parent=self)
        self.user = aws.iam.User(
            name,
            name=user_name,
            path=args.path,
            permissions_boundary=args.permissions_boundary,
            tags=dict(args.tags) or None,
            # An adopted user is imported by its name (then protected and retained); its policies, memberships and key
            # are created.
            opts=pulumi.ResourceOptions(parent=self, **adopted_options(user_name if args.adopt else None, args.protect_adopted)),
        )
        self.policies = register_policies(
            self, f"user {user_name}", policies, args.tags, aws.iam.UserPolicyAttachment, {"user": self.user.name}
        )
        self.membership = None
        if args.groups:
            groups = [g.name if isinstance(g, RepoAccessGroup) else g for g in args.groups]
            self.membership = aws.iam.UserGroupMembership(f"{name}-groups", user=self.user.name, groups=groups, opts=child)
        self.access_key = None
        self.access_key_id: pulumi.Output[str] | None = None
        self.access_key_secret: pulumi.Output[str] | None = None
        self.access_key_encrypted_secret: pulumi.Output[str] | None = None
        if args.access_key:
            self.access_key = aws.iam.AccessKey(f"{name}-access-key", user=self.user.name, pgp_key=args.pgp_key, opts=child)
            self.access_key_id = self.access_key.id
            if args.pgp_key:
                self.access_key_encrypted_secret = self.access_key.encrypted_secret
            else:
                self.access_key_secret = pulumi.Output.secret(self.access_key.secret)
        self.name = self.user.name
        self.arn = self.user.arn
        self.policy_arns = pulumi.Output.all(*[p.arn for p in self.policies])
        self.register_outputs(
            {
                "name": self.name,
                "arn": self.arn,
                "policy_arns": self.policy_arns,
                "access_key_id": self.access_key_id,
                "access_key_secret": self.access_key_secret,
                "access_key_encrypted_secret": self.access_key_encrypted_secret,
            }
        )


def _check_user(check: ArgsCheck, args: RepoAccessUserArgs) -> None:
    if len(args.groups) > MAX_GROUPS_PER_USER:
        names = [g.group_name if isinstance(g, RepoAccessGroup) else g for g in args.groups]
        check.add("groups", too_many_items(len(names), MAX_GROUPS_PER_USER), names)
    if args.pgp_key is not None and not args.access_key:
        check.add("pgp_key", "encrypts an access key's secret: set access_key=True too, or remove it", args.pgp_key)
