"""The CrossGuard rules as plain functions: resource inputs (camelCase, as the engine passes them) in, violations out."""

from __future__ import annotations

import json
from typing import Any, Mapping

DEV_STACKS = ("dev",)  # stacks where mutable tags and force_delete are allowed


def is_dev(stack: str, dev_stacks: tuple[str, ...] = DEV_STACKS) -> bool:
    """True for development stacks (by name, e.g. `dev` or `dev-alice`)."""
    return any(stack == d or stack.startswith(f"{d}-") for d in dev_stacks)


def stack_of(urn: str) -> str:
    """The stack name of a resource URN (`urn:pulumi:<stack>::<project>::...`)."""
    return urn.split(":", 3)[2].split("::", 1)[0] if urn.startswith("urn:pulumi:") else ""


def _document(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def _statements(document: Any) -> list[dict[str, Any]]:
    st = _document(document).get("Statement") or []
    return [s for s in ([st] if isinstance(st, dict) else st) if isinstance(s, dict)]


def _list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value or []]


def scan_on_push(props: Mapping[str, Any]) -> list[str]:
    """aws:ecr/repository:Repository must scan images on push."""
    if not (props.get("imageScanningConfiguration") or {}).get("scanOnPush"):
        return ["ECR repository must set imageScanningConfiguration.scanOnPush = true"]
    return []


def tag_immutability(props: Mapping[str, Any], stack: str) -> list[str]:
    """Outside dev stacks, repositories must be IMMUTABLE or IMMUTABLE_WITH_EXCLUSION."""
    mode = props.get("imageTagMutability") or "MUTABLE"
    if not is_dev(stack) and mode not in ("IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"):
        return [f"ECR repository on stack {stack!r} must have immutable tags (imageTagMutability is {mode})"]
    return []


def no_force_delete(props: Mapping[str, Any], stack: str) -> list[str]:
    """On protected (non-dev) stacks, repositories must not set forceDelete."""
    if not is_dev(stack) and props.get("forceDelete"):
        return [f"ECR repository on protected stack {stack!r} must not set forceDelete (it deletes images with it)"]
    return []


def _wildcard(principal: Any) -> bool:
    if principal == "*":
        return True
    return isinstance(principal, dict) and "*" in _list(principal.get("AWS"))


def no_open_principal(policy: Any) -> list[str]:
    """Repository and registry policies: no Allow to a wildcard principal without a Condition."""
    out = []
    for i, st in enumerate(_statements(policy)):
        if st.get("Effect") == "Allow" and _wildcard(st.get("Principal")) and not st.get("Condition"):
            out.append(f"statement {st.get('Sid') or i} allows principal \"*\" without a restricting Condition")
    return out


def no_broad_actions(policy: Any) -> list[str]:
    """Identity policies: no Allow of `*` or `ecr:*`."""
    out = []
    for i, st in enumerate(_statements(policy)):
        if st.get("Effect") != "Allow":
            continue
        broad = sorted({a for a in _list(st.get("Action")) if a == "*" or a.lower() == "ecr:*"})
        if broad:
            out.append(f"statement {st.get('Sid') or i} allows {', '.join(broad)}: name the actions (or use a level)")
    return out


def identity_documents(resource_type: str, props: Mapping[str, Any]) -> list[Any]:
    """The identity-policy documents a resource carries (managed, inline, or a role's inlinePolicies)."""
    if resource_type in ("aws:iam/policy:Policy", "aws:iam/userPolicy:UserPolicy", "aws:iam/rolePolicy:RolePolicy",
                         "aws:iam/groupPolicy:GroupPolicy"):
        return [props.get("policy")]
    if resource_type == "aws:iam/role:Role":
        return [p.get("policy") for p in props.get("inlinePolicies") or [] if isinstance(p, dict)]
    return []
