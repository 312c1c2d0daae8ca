"""`repositoryPolicy` of a repository entry: grants to external principals, and explicit Denies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, Discriminator, PrivateAttr, Tag, ValidationInfo, model_validator

from ecr_access.config.base import NO_VALUE, Bool, ConfigModel, Maybe, OneOrList, OneOrMany, Str, context, fail, field, refusals
from ecr_access.config.errors import other_partition
from ecr_access.config.values import (
    AccountId,
    IamArnPattern,
    IamPrincipalArn,
    OrganizationId,
    OrganizationPath,
    ServicePrincipal,
    SourceArn,
)
from ecr_access.features.conditions import ConditionBlock, condition_list, condition_values
from ecr_access.features.principals.grants import AccessKeys, named_actions
from ecr_access.features.repository_policy.statements import anyone, iam_principals, organization, organization_paths, service
from ecr_access.iam import catalog
from ecr_access.iam.arns import Registry
from ecr_access.iam.document import Condition
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.grants import Grant, Grantee, Placement
from ecr_access.iam.guardrails import callers, registry_admin
from ecr_access.iam.levels import AUTH_TOKEN_ACTION, Level
from ecr_access.iam.validate import RESTRICTING_HINT

PRINCIPAL_KEYS = ("accounts", "principals", "organization", "organizationPaths", "services", "anyone")
_RESTRICTING = {k.lower() for k in callers.RESTRICTING_KEYS}


@dataclass(frozen=True)
class DenySpec:
    """One `repositoryPolicy.deny[k]` entry: actions denied to everyone but the `except` ARNs."""

    path: str
    actions: tuple[str, ...]
    except_arns: tuple[str, ...] = ()


@dataclass(frozen=True)
class RepositoryPolicySpec:
    """A repository's own contribution to its repository policy; `path` is the `repositoryPolicy` key.

    `grants` are repository-policy grants, each sourced at the `grants[j]` entry that made it (one per kind of grantee
    the entry names), in entry order.
    """

    path: str
    grants: tuple[Grant, ...] = ()
    denies: tuple[DenySpec, ...] = ()


class ServiceConfig(ConfigModel):
    """A service principal acting for some source account or resources."""

    name: ServicePrincipal = field("The service principal, such as `lambda.amazonaws.com`.")
    source_account: Maybe(AccountId) = field("The account the service acts for (`aws:SourceAccount`). Default: the "
                                             "source ARNs' account, else the stack's.", None)
    source_arn: Maybe(OneOrList(SourceArn), "a list") = field("The resource the service acts for (`aws:SourceArn`).", None)
    source_arns: Maybe(OneOrList(SourceArn), "a list") = field("Resources the service acts for (`aws:SourceArn`).", None)

    @property
    def arns(self) -> tuple[str, ...]:
        """`sourceArn` and `sourceArns` together."""
        return tuple(a for v in (self.source_arn, self.source_arns) for a in ([v] if isinstance(v, str) else v or []))

    def grantee(self, stack_account: str) -> Grantee:
        """The service as a grantee: acting for `sourceAccount`, else the source ARNs' account, else `stack_account`."""
        arns = self.arns
        owners = {a.split(":")[4] for a in arns} - {"", "*"}
        return service(self.name, self.source_account or (min(owners) if owners else stack_account), arns)

    @model_validator(mode="after")
    def _one_account(self) -> ServiceConfig:
        problems: list[tuple[Any, str, Any]] = []
        for key, value in (("sourceArn", self.source_arn), ("sourceArns", self.source_arns)):
            for i, arn in enumerate([value] if isinstance(value, str) else value or []):
                owner = arn.split(":")[4]
                if self.source_account and owner not in ("", "*", self.source_account):
                    at = (key,) if isinstance(value, str) else (key, i)
                    problems.append((at, f"is in account {owner}, but sourceAccount is {self.source_account}", arn))
        arns = self.arns
        owners = {a.split(":")[4] for a in arns} - {"", "*"}
        if self.source_account is None and len(owners) > 1:
            problems.append(("", f"source ARNs are in accounts {', '.join(sorted(owners))}; set sourceAccount or split the entry",
                             self.model_dump(by_alias=True, exclude_none=True, warnings=False)))
        if problems:
            raise refusals(problems)
        return self


def _service_kind(value: Any) -> str:
    return "~map" if isinstance(value, dict) else "~name"


Service = Annotated[
    Annotated[ServicePrincipal, Tag("~name")] | Annotated[ServiceConfig, Tag("~map")], Discriminator(_service_kind),
]


class PolicyGrantConfig(AccessKeys):
    """One grant of a repository policy: who (several kinds may be combined) gets which access."""

    accounts: Maybe(OneOrMany(AccountId), "a list") = field("12-digit account IDs (quoted).", None)
    principals: Maybe(OneOrMany(IamPrincipalArn), "a list") = field("IAM user, role or account root ARNs.", None)
    organization: Maybe(OneOrMany(OrganizationId), "a list") = field(
        "AWS Organizations IDs: every principal of the organization (`aws:PrincipalOrgID`).", None)
    organization_paths: Maybe(OneOrMany(OrganizationPath), "a list") = field(
        "Organizational-unit paths `o-<org>/r-<root>/ou-<root>-<ou>/` (`aws:PrincipalOrgPaths`).", None)
    services: Maybe(OneOrMany(Service), "a list") = field(
        "Service principals: a name, or `{name, sourceAccount, sourceArn(s)}`.", None)
    anyone: Maybe(Bool, "true or false") = field(
        "Every AWS principal: only with a `condition` that restricts callers to known ones. Default `false`.", None)
    condition: Maybe(ConditionBlock, "a map") = field(
        "IAM condition block, e.g. `{StringEquals: {aws:SourceVpce: vpce-1a2b3c4d}}`.", None)

    # Who the entry names, as grantees (read once the entry is valid; the stack's account comes from the context).
    _grantees: tuple[Grantee, ...] = PrivateAttr(default=())

    def grants(self, path: str) -> tuple[Grant, ...]:
        """The entry's repository-policy grants, one per kind of grantee it names, each sourced at `path`."""
        # Patterns become the actions that take a repository and match today, as in identity grants.
        actions = named_actions(self.actions or (), targeted=True)
        conditions = condition_list(self.condition)
        return tuple(
            Grant(levels=self.all_levels, actions=actions, conditions=conditions, grantee=grantee,
                  placement=Placement.REPOSITORY, source=path)
            for grantee in self._grantees
        )

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> PolicyGrantConfig:
        problems = self.access_problems()
        if Level.CREATE in self.all_levels:
            problems.append(("", "level create is an identity grant (users, groups, roles, namespaces); "
                             "a repository policy applies to a repository that already exists", "create"))
        for i, action in enumerate(self.actions or ()):
            infos = catalog.expand(action)
            if AUTH_TOKEN_ACTION in {a.name for a in infos}:
                via = "" if action.lower() == AUTH_TOKEN_ACTION.lower() else f" (it matches {AUTH_TOKEN_ACTION})"
                problems.append((("actions", i), f"has no effect in a repository policy{via}: "
                                 "ecr:GetAuthorizationToken is granted by identity policy", action))
            elif registry_admin.is_pattern(action) and all(a.wildcard_only for a in infos):
                problems.append((("actions", i), "matches only registry-wide actions, which a repository policy cannot "
                                 "grant (they take no repository)", action))
        named = (self.accounts, self.principals, self.organization, self.organization_paths, self.services, self.anyone)
        if not any(named):
            problems.append(("", f"names no principal; add one of {', '.join(PRINCIPAL_KEYS)}", NO_VALUE))
        if self.anyone:
            problems += self._foreign_arns(context(info, "partition", "aws")) or self._anyone_problems()
        if problems:
            raise refusals(problems)
        return self

    @model_validator(mode="after")
    def _named(self, info: ValidationInfo) -> PolicyGrantConfig:
        # Without a registry (no valid region or account) the stack is refused anyway: the entry grants nothing.
        registry: Registry | None = context(info, "registry")
        if registry is not None:
            try:
                self._grantees = self._grantees_in(registry)
            except PolicyError as err:
                raise fail(err.reason, value=NO_VALUE) from None
        return self

    def _grantees_in(self, registry: Registry) -> tuple[Grantee, ...]:
        # One grantee per kind named; a service without sourceAccount acts for the stack's account.
        out = []
        if self.accounts or self.principals:
            out.append(iam_principals(registry.partition, *(self.accounts or ()), *(self.principals or ())))
        if self.organization:
            out.append(organization(*self.organization))
        if self.organization_paths:
            out.append(organization_paths(*self.organization_paths))
        for svc in self.services or ():
            out.append(svc.grantee(registry.account) if isinstance(svc, ServiceConfig) else service(svc, registry.account))
        if self.anyone:
            out.append(anyone())
        return tuple(out)

    def _foreign_arns(self, partition: str) -> list[tuple[Any, str, Any]]:
        # Under anyone: true, an ARN of another partition matches no caller of this stack: the test it stands in is void.
        arn_keys = {k.lower() for k in callers.ARN_KEYS}
        out = []
        for _, key, at, value in condition_values(self.condition):
            parts = value.split(":")
            if key.lower() in arn_keys and len(parts) > 2 and parts[0] == "arn" and parts[1] != partition \
                    and not set(parts[1]) & {"*", "?"}:
                out.append((at, other_partition(parts[1], partition) + ": it matches no caller of this stack", value))
        return out

    def _anyone_problems(self) -> list[tuple[Any, str, Any]]:
        # The validator refuses the same statement later (the guardrails' callers rule, one rule); here the user's words are at hand.
        conditions = condition_list(self.condition)
        block: dict[str, dict[str, list[str]]] = {}
        for c in conditions:
            block.setdefault(c.operator, {})[c.key] = list(c.values)
        if callers.restricts_callers(block):
            return []
        if not conditions:
            return [("anyone", f"admits every AWS principal; {RESTRICTING_HINT}", True)]
        tested = {(operator, key) for operator, key, _ in callers.restricting_tests(self.condition)}
        loose = []
        for operator, key, at, value in condition_values(self.condition):
            why = (operator, key) in tested and callers.pin_problem(key, str(value))
            if why:
                loose.append((at, f"{why}; with anyone: true it would admit every AWS principal", value))
        if loose:
            return loose
        reasons = [_why_loose(c) for c in conditions if c.key.lower() in _RESTRICTING]
        why = "; ".join(reasons) if reasons else f"it tests none of {', '.join(callers.RESTRICTING_KEYS)}"
        return [("condition", f"does not restrict anyone: true to known callers: {why}", self.condition)]


def _why_loose(c: Condition) -> str:
    if c.operator.endswith("IfExists"):
        return f"{c.operator} {c.key} is true when the key is absent (...IfExists), so callers without it get in"
    if c.operator.startswith("ForAllValues:"):
        return f"{c.operator} {c.key} is true when the key is absent (ForAllValues: holds for no values), so callers without it get in"
    if c.operator not in callers.RESTRICTING_OPERATORS:
        return f"{c.operator} {c.key} is not a positive test ({', '.join(callers.RESTRICTING_OPERATORS[:4])}, or ForAnyValue: of them)"
    loose = [v for v in c.values if not callers.pins(c.key, v)]
    return f"{c.operator} {c.key} {', '.join(loose)} does not name one organization, account, ARN with its account, or VPC (endpoint)"


def _deny_action(value: str) -> str:
    # A repository policy acts on ECR only; the pattern is checked (and named) as the user wrote it.
    if not value.lower().startswith("ecr:"):
        raise fail("is not an ECR action (ecr:...): a repository policy can deny only ECR actions")
    try:
        catalog.expand(value)
    except PolicyError as err:
        raise fail(str(err)) from None
    return value


class DenyConfig(ConfigModel):
    """An explicit Deny: ECR actions denied to every principal but the `except` ARNs."""

    actions: OneOrMany(Annotated[Str, AfterValidator(_deny_action)]) = field("ECR actions or patterns to deny (`ecr:...`).")
    except_: Maybe(OneOrMany(IamArnPattern), "a list") = field(
        "IAM role or user ARNs (wildcards allowed in the name) the Deny does not apply to (`aws:PrincipalArn`).", None,
        alias="except")

    def spec(self, path: str) -> DenySpec:
        """The Deny as the repository policy compiler takes it."""
        return DenySpec(path=path, actions=self.actions, except_arns=self.except_ or ())


class RepositoryPolicyConfig(ConfigModel):
    """Resource-based access to the repository for other accounts, organizations and services."""

    grants: Maybe(OneOrMany(PolicyGrantConfig), "a list") = field("Grants to principals outside the stack.", None)
    deny: Maybe(OneOrMany(DenyConfig), "a list") = field("Explicit Denies.", None)

    @model_validator(mode="after")
    def _not_empty(self) -> RepositoryPolicyConfig:
        if not self.grants and not self.deny:
            raise fail("needs grants or deny (or remove it)")
        return self

    def spec(self, path: str) -> RepositoryPolicySpec:
        """The repository's own contribution to its policy."""
        return RepositoryPolicySpec(
            path=path, grants=tuple(g for i, entry in enumerate(self.grants or ()) for g in entry.grants(f"{path}.grants[{i}]")),
            denies=tuple(d.spec(f"{path}.deny[{i}]") for i, d in enumerate(self.deny or ())),
        )
