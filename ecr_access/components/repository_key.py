"""RepositoryKey: a customer managed KMS key for ECR repositories, with its alias and a least-privilege key policy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pulumi
import pulumi_aws as aws

from ecr_access.components.checks import ArgsCheck
from ecr_access.config.base import range_problem
from ecr_access.features.keys.names import (
    ALIAS_PREFIX,
    DEFAULT_DELETION_WINDOW,
    DELETION_WINDOW,
    KEY_DESCRIPTION,
    key_name_problem,
)
from ecr_access.features.keys.policy import grant_problems, key_policy
from ecr_access.features.notifications import names
from ecr_access.iam.arns import Registry
from ecr_access.iam.grants import Grant, Placement, named_aws_principals
from ecr_access.iam.validate import RenderedPolicy

TYPE = "ecr-access:keys:RepositoryKey"
ARGS = "RepositoryKeyArgs"


@dataclass(frozen=True)
class RepositoryKeyArgs:
    """A KMS key for repositories: rotation on, deletion after a waiting window, and a key policy in which the account
    administers the key, ECR uses it, and the principals of `grants` decrypt (pull) and generate data keys (push) only
    through ECR and only for their repositories.

    Args:
        registry: the registry whose repositories the key encrypts (`Registry.of(region, account)`).
        name: the alias name, without `alias/` (default: the component's resource name).
        description: the key's description (default: names the alias).
        deletion_window_in_days: days (7-30) KMS waits before deleting the key once it is deleted. Default 30.
        grants: who may pull or push which repositories encrypted with the key: `Grant.on(repo, levels=["pull"])
            .to(registry.accounts(role.principal_arn))` (IAM users and roles of the registry's account).
        topics: the SNS topics the key encrypts (names, or ARNs of the registry's account and region): its policy lets
            EventBridge use it for them, so that `RepositoryNotificationsArgs(kms_key=key)` can deliver to them.
        tags: resource tags of the key.
        protect: Pulumi refuses to delete the key (and with it every image it encrypts) while set.
        retain_on_delete: keep the key in AWS when the program stops managing it.
        depends_on: resources the key waits for (the users and roles its policy names, when not given as components).
    """

    registry: Registry
    name: str | None = None
    description: str | None = None
    deletion_window_in_days: int = DEFAULT_DELETION_WINDOW
    grants: Sequence[Grant] = ()
    topics: Sequence[str] = ()
    tags: Mapping[str, str] = field(default_factory=dict)
    protect: bool = True
    retain_on_delete: bool = False
    depends_on: Sequence[pulumi.Resource] = ()
    # Internal: the stack passes the key policy it compiled (with the grants it was built from).
    policy: RenderedPolicy | None = None


def _topic_arns(check: ArgsCheck, topics: Sequence[str], registry: Registry) -> tuple[str, ...]:
    # Each topic as an ARN of the registry (a name is a topic of its account and region); problems at their index.
    out = []
    for i, topic in enumerate(topics):
        arn = topic if isinstance(topic, str) and topic.startswith("arn:") else registry.topic_arn(str(topic))
        problem = (names.topic_arn_problem(arn, registry) if arn == topic else names.topic_name_problem(str(topic)))
        if problem:
            check.add(f"topics[{i}]", problem, topic)
        out.append(arn)
    return tuple(out)


def build_key(name: str, args: RepositoryKeyArgs) -> tuple[RenderedPolicy, tuple[Grant, ...], tuple[str, ...]]:
    """The validated key policy of `args`, its grants (sourced at their argument paths) and the ARNs of the topics it
    encrypts; InvalidArgs if bad."""
    check = ArgsCheck(ARGS)
    if not isinstance(args.registry, Registry):
        check.add("registry", "must be a Registry (Registry.of(region, account))", repr(args.registry))
        check.raise_if_any()
    problem = key_name_problem(name)
    if problem:
        check.add("name", problem, name)
    window = args.deletion_window_in_days
    if isinstance(window, bool) or not isinstance(window, int):
        check.add("deletion_window_in_days", "must be a whole number", window)
    elif problem := range_problem(window, *DELETION_WINDOW):
        check.add("deletion_window_in_days", problem, window)
    if args.description is not None:
        check.shaped("description", args.description, *KEY_DESCRIPTION)
    check.tags("tags", args.tags)
    topics = _topic_arns(check, args.topics, args.registry)
    grants = check.grants("grants", args.grants, Placement.KEY)
    for i, grant in enumerate(grants):
        for sub, message, value in grant_problems(grant, args.registry):
            check.add(f"grants[{i}].{sub}", message, value)
    check.raise_if_any()
    if args.policy is not None:
        return args.policy, grants, topics
    policy = None
    with check.blame("grants"):
        policy = key_policy(args.registry, grants, ALIAS_PREFIX + name, topics)
    check.raise_if_any()
    assert policy is not None
    return policy, grants, topics


class RepositoryKey(pulumi.ComponentResource):
    """A customer managed KMS key (`aws.kms.Key`, rotation on) and its alias (`aws.kms.Alias`) for ECR repositories.

    Give it as `EcrRepositoryArgs(encryption="KMS", kms_key=key)` (or `RepositoryNotificationsArgs(kms_key=key)` for a
    topic in its `topics`): the repository (topic) then takes the key's ARN and waits for the key. Its arguments and key
    policy are checked before anything is registered.
    """

    # For type checkers only: Pulumi re-reads a component's class annotations (get_type_hints) at every
    # registration of the component, about 2% of a large render (docs/benchmark.md).
    if TYPE_CHECKING:
        arn: pulumi.Output[str]
        key_id: pulumi.Output[str]
        alias_arn: pulumi.Output[str]

    def __init__(self, name: str, args: RepositoryKeyArgs, opts: pulumi.ResourceOptions | None = None):
        key_name = args.name or name
        policy, grants, topics = build_key(key_name, args)
        super().__init__(TYPE, name, None, opts)
        #: The alias (`alias/<name>`), known when the program runs.
        self.alias_name = ALIAS_PREFIX + key_name
        #: The IAM principals the key policy's grants name (provenance: their grantees).
        self.named_principals = named_aws_principals(grants)
        #: The SNS topics whose EventBridge deliveries the key policy allows (RepositoryNotifications checks its own).
        self.topic_arns = topics
        self.key = aws.kms.Key(
            name,
            description=args.description or f"Encrypts ECR repositories ({self.alias_name}; ecr-access)",
            enable_key_rotation=True,
            deletion_window_in_days=args.deletion_window_in_days,
            policy=policy.json,
            tags=dict(args.tags) or None,
            # The key decrypts every image it encrypted: it carries `protect` and `retainOnDelete` as repositories do.
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect, retain_on_delete=args.retain_on_delete,
                                        depends_on=list(args.depends_on)),
        )
        self.alias = aws.kms.Alias(
            f"{name}-alias", name=self.alias_name, target_key_id=self.key.key_id, opts=pulumi.ResourceOptions(parent=self),
        )
        self.arn = self.key.arn
        self.key_id = self.key.key_id
        self.alias_arn = self.alias.arn
        self.register_outputs({"arn": self.arn, "key_id": self.key_id, "alias_name": self.alias_name, "alias_arn": self.alias_arn})
