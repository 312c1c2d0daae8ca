"""The parts of the access report: principals, the documents access comes through, and one principal's access to one target."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_access.iam.arns import root_arn
from ecr_access.iam.evaluate import Caller
from ecr_access.iam.levels import Level
from ecr_access.report.conditions import Alternatives

_LEVELS = {lv.value: lv for lv in Level}


@dataclass(frozen=True)
class Principal:
    """Someone who may hold access: an IAM user/role/group of the stack, an account, a service, or anyone."""

    key: str  # stable identity: the ARN, `service:<name>`, `federated:<name>` or `*` (+ ` as <role ARN>`, see assumes)
    kind: str  # user | group | role | account | aws | service | federated | anyone
    label: str
    internal: bool  # declared by this stack (or this account itself)
    caller: Caller
    note: str = ""
    assumes: str = ""  # the ARN of the stack's role whose access this principal holds by assuming it (trust policy)

    @property
    def who(self) -> str:
        """The key of the principal itself, without the role it assumes."""
        return self.key.removesuffix(f" as {self.assumes}") if self.assumes else self.key


@dataclass(frozen=True)
class Via:
    """The document (and statement) an access comes through."""

    kind: str  # identity | repository | registry | template | trust
    document: str
    sid: str


@dataclass(frozen=True)
class Access:
    """What one principal may do on one target."""

    principal: str
    target: str
    pattern: bool
    covers: tuple[str, ...]
    levels: tuple[str, ...]
    actions: tuple[str, ...]  # allowed actions beyond the held levels
    conditional: bool
    conditions: tuple[str, ...]  # condition keys the grant depends on
    via: tuple[Via, ...]
    when: tuple[tuple[str, Alternatives], ...] = ()  # per allowed action: the conditions (with values) it is allowed under

    @property
    def granted(self) -> frozenset[str]:
        """Levels and extra actions as one set (what the diff compares, with `when_of` for their conditions)."""
        return frozenset(self.levels) | frozenset(self.actions)

    def when_of(self, item: str) -> tuple[Alternatives, ...]:
        """The conditions of each action of a granted level or action (see `report.conditions`)."""
        by_action = dict(self.when)
        actions = _LEVELS[item].actions if item in _LEVELS else (item,)
        return tuple(by_action.get(a, ((),)) for a in actions)


def external(account: str, partition: str, key: str, value: str) -> Principal | None:
    """The principal a policy's `Principal` entry (`AWS`/`Service`/`Federated` -> value) names, seen from `account`."""
    if key == "Service":
        return Principal(f"service:{value}", "service", f"service {value}", False, Caller("service", value))
    if key == "Federated":
        name = value.split("oidc-provider/", 1)[-1].split("saml-provider/", 1)[-1]
        return Principal(f"federated:{value}", "federated", f"federated {name}", False, Caller("federated", value))
    if key != "AWS":
        return None
    if value == "*":
        return Principal("*", "anyone", "anyone (*)", False, Caller("anyone"))
    if value.isdigit() or value.endswith(":root"):
        other = value if value.isdigit() else value.split(":")[4]
        arn = root_arn(partition, other)
        mine = other == account
        note = "delegates to the account's identity policies" if mine else "cross-account: also needs its own identity policy"
        return Principal(arn, "account", f"account {other}" + (" (this account)" if mine else ""), mine,
                         Caller("aws", arn), note)
    caller = Caller("aws", value)
    mine = caller.account == account
    note = "" if mine else "cross-account: also needs its own identity policy"
    kind = value.split(":")[5].split("/")[0] if value.count(":") >= 5 else "aws"
    return Principal(value, "aws", f"{kind} {value.rsplit('/', 1)[-1]} (not in this stack)", False, caller, note)


def named(element: object) -> list[tuple[str, str]]:
    """The (`AWS`/`Service`/`Federated`, value) pairs of a statement's Principal element; `"*"` is `("AWS", "*")`."""
    if element == "*":
        return [("AWS", "*")]
    if not isinstance(element, dict):
        return []
    return [(key, str(v)) for key, values in element.items() for v in ([values] if isinstance(values, str) else values)]
