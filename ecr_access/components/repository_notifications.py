"""RepositoryNotifications: EventBridge rules sending ECR scan findings and pushes to one SNS topic, and the topic
policy that lets only those rules publish."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pulumi
import pulumi_aws as aws

from ecr_access.components.checks import ArgsCheck
from ecr_access.components.repository_key import RepositoryKey
from ecr_access.config.constraints import shape
from ecr_access.features.keys.names import ALIAS_PREFIX
from ecr_access.features.notifications import CompiledNotifications, NotificationSpec, RuleSpec, compile_notifications, names
from ecr_access.iam.arns import Registry
from ecr_access.iam.grants import Target

TYPE = "ecr-access:notifications:RepositoryNotifications"
ARGS = "RepositoryNotificationsArgs"
TARGET_ID = "sns-topic"


@dataclass(frozen=True)
class NotificationRule:
    """Which events of which repositories to send: becomes the EventBridge rules `<name>-findings` and `<name>-pushes`.

    Args:
        name: names the rule (1-55 letters, digits, `.`, `-`, `_`); unique in the account and region.
        repositories: repository names or EcrRepository components.
        namespaces: namespaces (`team-a`: every repository under `team-a/`) or TeamNamespace components.
        findings: image scan findings at or above this severity (INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL).
        pushes: every successful image push.
        scan_type: the registry's scan type: BASIC (`ECR Image Scan` events) or ENHANCED (Inspector's findings).
    """

    name: str
    repositories: Sequence[Any] = ()
    namespaces: Sequence[Any] = ()
    findings: str | None = None
    pushes: bool = False
    scan_type: str = "BASIC"


@dataclass(frozen=True)
class RepositoryNotificationsArgs:
    """One SNS topic and the rules delivering ECR events to it.

    Args:
        registry: the registry (`Registry.of(region, account)`): rule and topic ARNs are computed in it.
        rules: the rules (NotificationRule), at least one.
        topic_name: the SNS topic to create (a standard topic); or
        topic_arn: an existing topic of the registry's account and region. Its policy is left alone unless
            `manage_policy`: the statement it needs is the `topic_policy_json` output.
        manage_policy: replace the existing topic's whole policy with the generated one.
        kms_key: a customer managed KMS key encrypting the created topic (default: none): a RepositoryKey naming the
            topic in its `topics` (its policy lets EventBridge use it; the topic waits for it), or a key or alias ARN,
            whose policy must let EventBridge use it: the statement is the `key_policy_json` output.
        tags: tags of the topic and of the rules.
        protect: Pulumi refuses to delete the created topic (and with it its subscriptions) while set.
        precompiled: the rules and policies compiled already from these same arguments (the stack passes what it
            compiled from its config); the arguments are checked all the same.
    """

    registry: Registry
    rules: Sequence[NotificationRule] = ()
    topic_name: str | None = None
    topic_arn: str | None = None
    manage_policy: bool = False
    kms_key: str | RepositoryKey | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    protect: bool = True
    precompiled: CompiledNotifications | None = field(default=None, repr=False, compare=False)


def _rule(check: ArgsCheck, at: str, rule: NotificationRule) -> RuleSpec | None:
    found = len(check.problems.items)
    if problem := names.rule_name_problem(str(rule.name)):
        check.add(f"{at}.name", problem, rule.name)
    if rule.findings is not None and (problem := names.severity_problem(str(rule.findings))):
        check.add(f"{at}.findings", problem, rule.findings)
    if rule.findings is None and not rule.pushes:
        check.add(at, names.NOTHING_NOTIFIED)
    check.shaped(f"{at}.scan_type", rule.scan_type, *names.SCAN_TYPE)
    try:
        target = Target(repositories=tuple(rule.repositories), namespaces=tuple(rule.namespaces))
    except AttributeError:
        check.add(at, "repositories and namespaces take names or EcrRepository / TeamNamespace components")
        return None
    if target.is_empty:
        check.add(at, names.NO_TARGET)
    for kind, values in (("repositories", target.repositories), ("namespaces", target.namespaces)):
        for value in values:
            if shape("ecr", "RepositoryName").problem(value):
                check.add(f"{at}.{kind}", "is not a repository name or namespace ECR accepts", value)
    if len(check.problems.items) > found:
        return None
    return RuleSpec(rule.name, target, rule.findings, rule.pushes, rule.scan_type, check.path(at))


def _shown(key: Any) -> Any:
    # How a key is shown in a problem: an ARN as given, a RepositoryKey by its alias.
    return key.alias_name if isinstance(key, RepositoryKey) else key


def _build(args: RepositoryNotificationsArgs) -> CompiledNotifications:
    check = ArgsCheck(ARGS)
    registry = args.registry
    if (args.topic_name is None) == (args.topic_arn is None):
        check.add("topic_name", "give exactly one of topic_name (a topic to create) or topic_arn (an existing topic)")
    if args.topic_name is not None and (problem := names.topic_name_problem(str(args.topic_name))):
        check.add("topic_name", problem, args.topic_name)
    if args.topic_arn is not None and (problem := names.topic_arn_problem(str(args.topic_arn), registry)):
        check.add("topic_arn", problem, args.topic_arn)
    if args.manage_policy and args.topic_arn is None:
        check.add("manage_policy", "applies to an existing topic (topic_arn) only", True)
    key = args.kms_key
    if key is not None and args.topic_name is None:
        check.add("kms_key", "applies to a topic this component creates (topic_name)", _shown(key))
    elif isinstance(key, RepositoryKey):
        topic = registry.topic_arn(str(args.topic_name))
        if topic not in key.topic_arns:
            check.add("kms_key", f"the key's policy does not let EventBridge use it for topic {topic}: name "
                      f"{args.topic_name} in its RepositoryKeyArgs.topics", key.alias_name)
    elif key is not None and (problem := names.kms_key_problem(str(key), registry)):
        check.add("kms_key", problem, key)
    check.tags("tags", args.tags)
    if not args.rules:
        check.add("rules", "is empty; give at least one NotificationRule")
    rules: list[RuleSpec] = []
    seen: dict[str, int] = {}
    for i, rule in enumerate(args.rules):
        if not isinstance(rule, NotificationRule):
            check.add(f"rules[{i}]", "must be a NotificationRule", repr(rule))
            continue
        if rule.name in seen:
            check.add(f"rules[{i}].name", f"is the name of rules[{seen[rule.name]}] too", rule.name)
        seen.setdefault(rule.name, i)
        found = _rule(check, f"rules[{i}]", rule)
        if found is not None:
            rules.append(found)
    check.raise_if_any()
    if args.precompiled is not None:
        return args.precompiled
    # A RepositoryKey's own policy holds the statement EventBridge needs: none is left to add (`key_name`).
    own = key.alias_name if isinstance(key, RepositoryKey) else None
    spec = NotificationSpec(
        rules=tuple(rules), topic_name=args.topic_name, topic_arn=args.topic_arn, manage_policy=args.manage_policy,
        kms_key=own if own is not None else (None if key is None else str(key)), tags=dict(args.tags), path=ARGS,
        key_name=own.removeprefix(ALIAS_PREFIX) if own is not None else None,
    )
    compiled = None
    with check.blame(""):
        compiled = compile_notifications(spec, registry)
    check.raise_if_any()
    assert compiled is not None
    return compiled


class RepositoryNotifications(pulumi.ComponentResource):
    """An SNS topic (created, or an existing one), one EventBridge rule per event kind of each NotificationRule with
    the topic as its target, and the topic's policy: only `events.amazonaws.com`, only `sns:Publish`, only for these
    rules (`ArnEquals aws:SourceArn`). Each target waits for the policy, so no event is sent before it may be published.
    """

    # For type checkers only (Pulumi re-reads a component's class annotations at every registration).
    if TYPE_CHECKING:
        topic_arn: pulumi.Output[str]
        rule_arns: pulumi.Output[dict]

    def __init__(self, name: str, args: RepositoryNotificationsArgs, opts: pulumi.ResourceOptions | None = None):
        compiled = _build(args)
        super().__init__(TYPE, name, None, opts)
        spec = compiled.spec
        tags = dict(args.tags) or None
        #: The compiled rules, topic policy and key policy statement (known when the program runs).
        self.compiled = compiled
        self.topic = None
        topic_arn: pulumi.Input[str] = compiled.topic_arn
        if spec.creates_topic:
            # A key the program creates: the topic takes its ARN (known once the key exists) and waits for it.
            key = args.kms_key if isinstance(args.kms_key, RepositoryKey) else None
            self.topic = aws.sns.Topic(
                f"{name}-topic", name=spec.topic_name, kms_master_key_id=key.arn if key is not None else spec.kms_key,
                tags=tags, opts=pulumi.ResourceOptions(parent=self, protect=args.protect,
                                                       depends_on=[key] if key is not None else None),
            )
            topic_arn = self.topic.arn
        self.topic_policy = None
        if spec.sets_policy:
            self.topic_policy = aws.sns.TopicPolicy(
                f"{name}-topic-policy", arn=topic_arn, policy=compiled.topic_policy.json,
                opts=pulumi.ResourceOptions(parent=self),
            )
        waits = [self.topic_policy] if self.topic_policy is not None else []
        self.rules: dict[str, aws.cloudwatch.EventRule] = {}
        self.targets: dict[str, aws.cloudwatch.EventTarget] = {}
        for rule in compiled.rules:
            self.rules[rule.name] = aws.cloudwatch.EventRule(
                f"{name}-{rule.name}", name=rule.name, description=rule.description, event_pattern=rule.pattern,
                state="ENABLED", tags=tags, opts=pulumi.ResourceOptions(parent=self),
            )
            # The policy first: EventBridge's first delivery must find the topic letting it publish.
            self.targets[rule.name] = aws.cloudwatch.EventTarget(
                f"{name}-{rule.name}-target", rule=self.rules[rule.name].name, arn=topic_arn, target_id=TARGET_ID,
                opts=pulumi.ResourceOptions(parent=self, depends_on=waits),
            )
        self.topic_arn = pulumi.Output.from_input(topic_arn)
        self.rule_arns = pulumi.Output.all(**{n: r.arn for n, r in self.rules.items()})
        outputs: dict[str, Any] = {"topic_arn": self.topic_arn, "rule_arns": self.rule_arns,
                                   "topic_policy_json": compiled.topic_policy.json, "policy_managed": spec.sets_policy}
        if compiled.key_policy is not None:
            outputs["key_policy_json"] = compiled.key_policy.json
        self.register_outputs(outputs)
