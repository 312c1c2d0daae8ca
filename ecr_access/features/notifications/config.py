"""`ecr-access:notifications[]`: per SNS topic, the rules sending ECR scan findings and pushes of repositories and
namespaces to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo, model_validator

from ecr_access.config.base import (
    NO_VALUE,
    Bool,
    ConfigModel,
    Maybe,
    OneOrMany,
    Str,
    context,
    fail,
    field,
    refusals,
    refused_when,
)
from ecr_access.config.constraints import shaped
from ecr_access.config.values import Tags
from ecr_access.features.keys.names import KEYS_KEY, declared_text
from ecr_access.features.notifications import names
from ecr_access.features.notifications.spec import NotificationSpec, RuleSpec
from ecr_access.features.principals.grants import Namespace
from ecr_access.features.repositories.settings import RepositoryName
from ecr_access.iam.grants import Target


def _in_registry(check: Callable[[str, Any], str | None]) -> AfterValidator:
    def run(value: str, info: ValidationInfo) -> str:
        registry = context(info, "registry")
        problem = check(value, registry) if registry is not None else None
        if problem:
            raise fail(problem)
        return value
    return AfterValidator(run)


def _topic_key(value: str, info: ValidationInfo) -> str:
    # A key or alias ARN of the registry's region, or the name of a key the stack creates (ecr-access:kmsKeys).
    declared = context(info, "kms_keys", frozenset())
    registry = context(info, "registry")
    if value in declared or registry is None:
        return value
    problem = names.kms_key_problem(value, registry)
    if problem and not value.startswith("arn:"):
        problem += f", or the name of a key of {KEYS_KEY} ({declared_text(declared)})"
    if problem:
        raise fail(problem)
    return value


def _declared(value: str, info: ValidationInfo) -> str:
    if value not in context(info, "declared", frozenset()):
        raise fail("is not declared in ecr-access:repositories (name its namespace to cover repositories made elsewhere)")
    return value


RuleName = Annotated[Str, refused_when(names.rule_name_problem), Field(json_schema_extra={"pattern": r"^[.\-_A-Za-z0-9]+$",
                                                                                      "maxLength": names.RULE_NAME_MAX})]
Severity = Annotated[Str, refused_when(names.severity_problem), Field(json_schema_extra={"enum": list(names.SEVERITIES)})]
TopicName = Annotated[Str, refused_when(names.topic_name_problem), Field(json_schema_extra={"pattern": "^[A-Za-z0-9_-]{1,256}$"})]
TopicArn = Annotated[Str, _in_registry(names.topic_arn_problem)]
TopicKey = Annotated[Str, AfterValidator(_topic_key)]
NotifiedRepository = Annotated[RepositoryName, AfterValidator(_declared)]


class NotificationRuleConfig(ConfigModel):
    """One rule: which events (scan findings at or above a severity, pushes) of which repositories."""

    name: RuleName = field(
        f"Names the rule: the stack's EventBridge rules are `<name>{names.FINDINGS_SUFFIX}` and "
        f"`<name>{names.PUSHES_SUFFIX}` (1-{names.RULE_NAME_MAX} letters, digits, `.`, `-`, `_`). Unique in the section.")
    repositories: Maybe(OneOrMany(NotifiedRepository), "a list") = field(
        "Repositories declared in `ecr-access:repositories`.", None)
    namespaces: Maybe(OneOrMany(Namespace), "a list") = field(
        "`team-a` or `team-a/*`: every repository under `team-a/`, including ones created later; a team namespace, a "
        "pull-through cache prefix, or a namespace holding a declared repository.", None)
    findings: Maybe(Severity) = field(
        "Notify of image scan findings at or above this severity: `INFORMATIONAL`, `LOW`, `MEDIUM`, `HIGH`, "
        "`CRITICAL`.", None)
    pushes: Maybe(Bool, "true or false") = field("`true`: notify of every successful image push. Default `false`.", None)
    scan_type: Maybe(shaped(*names.SCAN_TYPE)) = field(
        "Whose findings: `BASIC` (ECR's `ECR Image Scan` events) or `ENHANCED` (Amazon Inspector's `Inspector2 Finding` "
        "events). Default: `ecr-access:scanning.scanType`, else `BASIC`; a value differing from it is refused.", None)

    @model_validator(mode="after")
    def _complete(self) -> NotificationRuleConfig:
        problems: list[tuple[Any, str, Any]] = []
        if not self.repositories and not self.namespaces:
            problems.append(("", names.NO_TARGET, NO_VALUE))
        if self.findings is None and not self.pushes:
            problems.append(("", names.NOTHING_NOTIFIED, NO_VALUE))
        if self.scan_type is not None and self.findings is None:
            problems.append(("scanType", "applies to findings only; set findings or leave scanType out", self.scan_type))
        if problems:
            raise refusals(problems)
        return self

    def spec(self, path: str, default_scan_type: str) -> RuleSpec:
        """The rule as the compiler takes it."""
        return RuleSpec(
            name=self.name, target=Target(repositories=self.repositories or (), namespaces=self.namespaces or ()),
            findings=self.findings, pushes=bool(self.pushes), scan_type=self.scan_type or default_scan_type, path=path,
        )


class NotificationConfig(ConfigModel):
    """An SNS topic (created by the stack, or an existing one) and the rules delivering ECR events to it."""

    topic: Maybe(TopicName) = field(
        "The name of the SNS topic the stack creates (a standard topic; protected by `ecr-access:protect`, like "
        "repositories).", None)
    topic_arn: Maybe(TopicArn) = field(
        "An existing SNS topic of the stack's account and region, instead of `topic`. Its policy is left alone unless "
        "`managePolicy` is set: the statement it needs is exported (`notificationTopicPolicyStatements`).", None)
    manage_policy: Maybe(Bool, "true or false") = field(
        "With `topicArn`: `true` replaces the existing topic's whole policy with the one the stack generates (only this "
        "stack's rules may publish). Default `false`.", None)
    kms_key: Maybe(TopicKey) = field(
        "With `topic`: a customer managed KMS key encrypting the topic: the name of a key of `ecr-access:kmsKeys` (whose "
        "policy then lets EventBridge use it for the topic), or a key or alias ARN of the stack's region (the statement "
        "its policy needs is exported: `notificationKeyPolicyStatements`). Default: no server-side encryption. The AWS "
        "managed `alias/aws/sns` is refused (EventBridge cannot use it).", None)
    tags: Maybe(Tags, "a map") = field("Tags of the topic the stack creates and of its EventBridge rules.", None)
    rules: Annotated[list[NotificationRuleConfig], Field(min_length=1)] = field(
        "The rules delivering to the topic (at least one).")

    @model_validator(mode="after")
    def _one_topic(self) -> NotificationConfig:
        problems: list[tuple[Any, str, Any]] = []
        if (self.topic is None) == (self.topic_arn is None):
            problems.append(("", "needs exactly one of topic (a topic the stack creates) or topicArn (an existing topic)",
                             NO_VALUE))
        if self.manage_policy is not None and self.topic_arn is None:
            problems.append(("managePolicy", "applies to an existing topic (topicArn) only; the stack always sets the "
                             "policy of a topic it creates", self.manage_policy))
        if self.kms_key is not None and self.topic_arn is not None:
            problems.append(("kmsKey", "applies to a topic the stack creates; an existing topic keeps its own encryption",
                             self.kms_key))
        if problems:
            raise refusals(problems)
        return self

    def spec(self, path: str, default_scan_type: str) -> NotificationSpec:
        """The topic and its rules as the compiler takes them."""
        return NotificationSpec(
            rules=tuple(r.spec(f"{path}.rules[{i}]", default_scan_type) for i, r in enumerate(self.rules)),
            topic_name=self.topic, topic_arn=self.topic_arn, manage_policy=bool(self.manage_policy),
            kms_key=self.kms_key, tags=dict(self.tags or {}), path=path,
        )
