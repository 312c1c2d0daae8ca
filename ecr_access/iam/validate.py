"""Validation of a document against AWS's rules and ours, then rendering inside its quota."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ecr_access.iam import catalog
from ecr_access.iam.document import PolicyDocument, Statement
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.guardrails import callers
from ecr_access.iam.levels import AUTH_TOKEN_ACTION
from ecr_access.iam.quotas import DocumentKind

_SID = re.compile(r"[A-Za-z0-9]+")
_OPERATORS = {
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan",
    "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
    "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals",
    "ArnNotLike", "Null",
}
_SUGGESTED = ("aws:PrincipalOrgID", "aws:SourceAccount", "aws:SourceVpce")
# What to do about a Principal "*" on an Allow (also said where the config names `anyone: true`).
RESTRICTING_HINT = (
    "add a restricting condition: StringEquals aws:PrincipalOrgID (your organization), StringEquals aws:SourceAccount "
    "(the calling service's account) or StringEquals aws:SourceVpce (your VPC endpoint); other keys: "
    f"{', '.join(k for k in callers.RESTRICTING_KEYS if k not in _SUGGESTED)}; or name the principals"
)
# The one service whose actions a topic or key policy may name (the resource it is attached to).
_SERVICE_OF = {DocumentKind.TOPIC: "sns", DocumentKind.KEY: "kms"}
_TRUST_ACTIONS = {
    "sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML",
    "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext",
}


@dataclass(frozen=True)
class RenderedPolicy:
    """A validated document: its compact JSON, the size its quota counts, and that quota."""

    kind: DocumentKind
    label: str
    json: str
    size: int

    @property
    def limit(self) -> int:
        """The quota this document must fit."""
        return self.kind.quota.limit

    def parsed(self) -> Any:
        """The document as a JSON object."""
        return json.loads(self.json)


def render_validated(
    doc: PolicyDocument, kind: DocumentKind, label: str, *, wildcard_resource_sids: frozenset[str] = frozenset()
) -> RenderedPolicy:
    """Validate a document for the place it goes and render it; PolicyError names document, statement and value.

    `wildcard_resource_sids` names identity statements allowed to put repository-scoped actions on "*"
    (the console-minimum statements); every other such action must be scoped to ARNs.
    """
    where = f"{kind.title} {label!r}"
    if not doc.statements:
        raise PolicyError(f"{where}: has no statements")
    seen: set[str] = set()
    for index, st in enumerate(doc.statements):
        at = f"{where}: {st.label if st.sid else f'statement #{index + 1}'}"
        if st.sid is not None:
            if not _SID.fullmatch(st.sid):
                raise PolicyError(f"{at}: Sid must be alphanumeric, got {st.sid!r}")
            if st.sid in seen:
                raise PolicyError(f"{at}: Sid {st.sid!r} is used twice in one document")
            seen.add(st.sid)
        try:
            _check_statement(st, kind, wildcard_ok=st.sid in wildcard_resource_sids)
        except PolicyError as err:
            # Where the statement is matters here; at a config path (ecr_access.config.blame), only the reason does.
            raise PolicyError(f"{at}: {err}", reason=str(err)) from None
    text = doc.to_json()
    size = kind.quota.measure(text)
    if size > kind.quota.limit:
        raise PolicyError(f"{where}: is {size} characters, over the {kind.quota.limit}-character limit of {kind.article} {kind.title}")
    return RenderedPolicy(kind=kind, label=label, json=text, size=size)


def _check_statement(st: Statement, kind: DocumentKind, *, wildcard_ok: bool) -> None:
    if bool(st.actions) == bool(st.not_actions):
        raise PolicyError("needs exactly one of Action or NotAction (an empty statement grants nothing)")
    if st.resources and st.not_resources:
        raise PolicyError("has both Resource and NotResource")
    _check_principals(st, kind)
    patterns = st.actions + st.not_actions
    _check_actions_for_kind(patterns, kind)
    infos = [info for pattern in patterns for info in catalog.expand(pattern)]
    _check_resources(st, infos, kind, wildcard_ok=wildcard_ok)
    _check_conditions(st)


def _check_principals(st: Statement, kind: DocumentKind) -> None:
    named = st.principal or st.not_principal
    if kind is DocumentKind.IDENTITY:
        if named is not None:
            raise PolicyError("an identity policy cannot name a Principal; it applies to whoever holds it")
        return
    if named is None or named.is_empty:
        raise PolicyError(f"a {kind.title} statement must name a Principal")
    if st.not_principal is not None and st.effect == "Allow":
        # Allow + NotPrincipal admits everyone but the few it names: the opposite of least privilege.
        raise PolicyError("an Allow with NotPrincipal admits every principal it does not name; name the principals instead")
    # A Deny on "*" only takes access away (e.g. "everyone except the admin roles"); only an Allow must be narrowed.
    if named.is_wildcard and st.effect == "Allow" and not callers.restricts_callers(st.render().get("Condition")):
        raise PolicyError(f'Principal "*" admits every AWS principal; {RESTRICTING_HINT}')


def _check_actions_for_kind(patterns: tuple[str, ...], kind: DocumentKind) -> None:
    # Messages name the pattern as written, and the action that makes it wrong when the pattern is not that action.
    for pattern in patterns:
        for info in catalog.expand(pattern):
            via = "" if info.name.lower() == pattern.lower() else f" (it matches {info.name})"
            if kind is DocumentKind.TRUST and info.name not in _TRUST_ACTIONS:
                raise PolicyError(f"{pattern}{via} does not belong in a trust policy (only sts:AssumeRole*, sts:TagSession, ...)")
            service = _SERVICE_OF.get(kind)
            if service is not None and not info.name.startswith(f"{service}:"):
                raise PolicyError(f"{pattern}{via} is not a {service}: action and has no effect in {kind.article} {kind.title}")
            if kind in (DocumentKind.REPOSITORY, DocumentKind.REGISTRY):
                if not info.name.startswith("ecr:"):
                    raise PolicyError(f"{pattern} is not an ECR action pattern and has no effect in an {kind.title}")
                if info.name == AUTH_TOKEN_ACTION:
                    raise PolicyError(f"{pattern}{via} has no effect in an {kind.title}: {AUTH_TOKEN_ACTION} is granted by identity policy")


def _check_resources(st: Statement, infos: list[catalog.ActionInfo], kind: DocumentKind, *, wildcard_ok: bool) -> None:
    resources = st.resources + st.not_resources
    if kind is DocumentKind.KEY:
        if st.resources != ("*",):
            raise PolicyError('a KMS key policy statement takes Resource "*" (the key the policy is attached to)')
        return
    if kind is DocumentKind.TRUST or kind is DocumentKind.REPOSITORY:
        if resources and kind is DocumentKind.TRUST:
            raise PolicyError("a trust policy statement takes no Resource")
        return
    if not resources:
        raise PolicyError(f"a {kind.title} statement needs a Resource")
    on_star = st.resources == ("*",)
    for info in infos:
        if info.wildcard_only and not on_star and st.resources:
            raise PolicyError(f'{info.name} accepts only Resource "*" but is scoped to {", ".join(resources)}')
        if not info.wildcard_only and on_star and st.effect == "Allow" and kind is DocumentKind.IDENTITY and not wildcard_ok:
            raise PolicyError(f'{info.name} is allowed on Resource "*"; scope it to repository ARNs')
        if not info.wildcard_only:
            service = info.name.split(":")[0]
            for arn in resources:
                if arn.startswith("arn:") and arn.split(":")[2] not in (service, "*"):
                    raise PolicyError(f"{info.name} cannot apply to {arn} (a {arn.split(':')[2]} resource)")


def _check_conditions(st: Statement) -> None:
    tested: set[tuple[str, str]] = set()
    for cond in st.conditions:
        if (cond.operator, cond.key) in tested:
            # JSON keeps one value list per operator and key: the other test would be silently dropped.
            raise PolicyError(
                f"two conditions test {cond.key} with {cond.operator} (values {', '.join(cond.values)} and others); "
                "a statement holds one list per operator and key - put every accepted value in one condition"
            )
        tested.add((cond.operator, cond.key))
        op = cond.operator
        if op.startswith(("ForAnyValue:", "ForAllValues:")):
            op = op.split(":", 1)[1]
        if op.endswith("IfExists") and op != "Null":
            op = op[: -len("IfExists")]
        if op not in _OPERATORS:
            raise PolicyError(f"unknown condition operator {cond.operator!r}")
        if not cond.values:
            raise PolicyError(f"condition {cond.operator} {cond.key} has no values")
        prefix, _, rest = cond.key.partition(":")
        if prefix != "aws" and catalog.is_service_prefix(prefix) and not _known_key(cond.key.lower(), catalog.service_condition_keys(prefix)):
            raise PolicyError(f"{prefix} has no condition key {cond.key!r}")


def _known_key(key: str, known: frozenset[str]) -> bool:
    # A catalog key may end in a part the policy fills in (`ecr:ResourceTag/${TagKey}`, `kms:EncryptionContext:${Key}`).
    if key in known or any(k.split("/")[0] == key.split("/")[0] for k in known):
        return True
    stems = {k.split("${")[0] for k in known if "${" in k}
    return any(key.startswith(stem) and len(key) > len(stem) for stem in stems)
