"""RepoAccessUser: an IAM user with its packed ECR access policies, group memberships and optional access key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Sequence

import pulumi
import pulumi_aws as aws

from ecr_access.compiler.principals import CompiledPrincipal
from ecr_access.components.iam_policies import register_policies


@dataclass(frozen=True)
class RepoAccessUserArgs:
    """What to register: a compiled user, and the names of the (registered) groups it joins."""

    principal: CompiledPrincipal
    groups: Sequence[pulumi.Input[str]] = ()


class RepoAccessUser(pulumi.ComponentResource):
    """An IAM user allowed exactly its grants; an access key only when asked, its secret only as a Pulumi secret."""

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (README.md, "Benchmark").
    if TYPE_CHECKING:
        name: pulumi.Output[str]
        arn: pulumi.Output[str]
        policy_arns: pulumi.Output[list]

    def __init__(self, name: str, args: RepoAccessUserArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("ecr-access:iam:RepoAccessUser", name, None, opts)
        spec = args.principal.spec
        child = pulumi.ResourceOptions(parent=self)
        self.user = aws.iam.User(
            name,
            name=spec.name,
            path=spec.iam_path,
            permissions_boundary=spec.permissions_boundary,
            tags=dict(spec.tags) or None,
            opts=child,
        )
        self.policies = register_policies(self, args.principal, aws.iam.UserPolicyAttachment, {"user": self.user.name})
        self.membership = None
        if args.groups:
            self.membership = aws.iam.UserGroupMembership(
                f"{name}-groups", user=self.user.name, groups=list(args.groups), opts=child
            )
        self.access_key = None
        self.access_key_id: pulumi.Output[str] | None = None
        self.access_key_secret: pulumi.Output[str] | None = None
        self.access_key_encrypted_secret: pulumi.Output[str] | None = None
        if spec.access_key is not None:
            self.access_key = aws.iam.AccessKey(
                f"{name}-access-key", user=self.user.name, pgp_key=spec.access_key.pgp_key, opts=child
            )
            self.access_key_id = self.access_key.id
            if spec.access_key.pgp_key:
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
