"""The CrossGuard rules as plain functions: resource inputs (camelCase, as the engine passes them) in, violations out."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

# The rules the program applies too, from this folder (policy-pack/ecr_guardrails/, standard library only).
from ecr_guardrails.broad_actions import is_broad_action
from ecr_guardrails.callers import restricts_callers
from ecr_guardrails.registry_admin import registry_admin_reached
from ecr_guardrails.stacks import allows_force_delete, allows_mutable_tags, requires_scanning, scans_every_repository


def stack_of(urn: str) -> str:
    """The stack name of a resource URN (`urn:pulumi:<stack>::<project>::...`)."""
    return urn.split(":", 3)[2].split("::", 1)[0] if urn.startswith("urn:pulumi:") else ""


def _is_list(value: Any) -> bool:
    # The policy runtime hands rules read-only Mapping/Sequence proxies, never dict or list.
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def _document(value: Any) -> Mapping[str, Any]:
    """A policy document as the engine sends it (a JSON string) or as an object."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, Mapping) else {}


def _statements(document: Any) -> list[Mapping[str, Any]]:
    st = _document(document).get("Statement") or []
    return [s for s in ([st] if isinstance(st, Mapping) else st if _is_list(st) else []) if isinstance(s, Mapping)]


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if _is_list(value) else []


def _maps(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if _is_list(value) else []


REPOSITORY = "aws:ecr/repository:Repository"
CREATION_TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"
SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"
SCANNING_RULE = 'a SCAN_ON_PUSH or CONTINUOUS_SCAN rule with the WILDCARD filter "*"'


def scanning_rules(props: Mapping[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a RegistryScanningConfiguration as `(frequency, [(filterType, filter)])`."""
    return [(str(rule.get("scanFrequency")),
             [(str(f.get("filterType") or "WILDCARD"), str(f.get("filter"))) for f in _maps(rule.get("repositoryFilters"))])
            for rule in _maps(props.get("rules"))]


def scanning(resources: Sequence[tuple[str, Mapping[str, Any], str]], stack: str) -> list[tuple[str, str]]:
    """Outside dev stacks, every repository is scanned on push or continuously: `(message, urn)` per violation.

    A registry scanning configuration must cover every repository; without one that does, each repository must set
    imageScanningConfiguration.scanOnPush. Each region has its own registry: a configuration covers the repositories
    of its `region` (absent: the provider's).
    """
    if not requires_scanning(stack):
        return []
    configs = [(props, urn) for type_, props, urn in resources if type_ == SCANNING]
    covering = {props.get("region") for props, urn in configs if scans_every_repository(scanning_rules(props))}
    out = [(f"ECR registry scanning configuration on stack {stack!r} needs {SCANNING_RULE}: it replaces the "
            "repositories' own scanOnPush, and the other repositories would go unscanned", urn)
           for props, urn in configs if props.get("region") not in covering]
    out += [(f"ECR repository on stack {stack!r} must set imageScanningConfiguration.scanOnPush = true, or the "
             f"stack a registry scanning configuration with {SCANNING_RULE}", urn)
            for type_, props, urn in resources
            if type_ == REPOSITORY and props.get("region") not in covering
            and not (props.get("imageScanningConfiguration") or {}).get("scanOnPush")]
    return out


def tag_immutability(props: Mapping[str, Any], stack: str, what: str = "ECR repository") -> list[str]:
    """Outside dev stacks, repositories (and creation templates) must be IMMUTABLE or IMMUTABLE_WITH_EXCLUSION."""
    mode = props.get("imageTagMutability") or "MUTABLE"
    if not allows_mutable_tags(stack, mode):
        return [f"{what} on stack {stack!r} must have immutable tags (imageTagMutability is {mode})"]
    return []


def no_force_delete(props: Mapping[str, Any], stack: str) -> list[str]:
    """On protected (non-dev) stacks, repositories must not set forceDelete."""
    if props.get("forceDelete") and not allows_force_delete(stack):
        return [f"ECR repository on protected stack {stack!r} must not set forceDelete (it deletes images with it)"]
    return []


def _wildcard(principal: Any) -> bool:
    if principal == "*":
        return True
    return isinstance(principal, Mapping) and any("*" in _list(v) for v in principal.values())


def no_open_principal(policy: Any) -> list[str]:
    """Resource policies: an Allow to `*` (or to everyone but a NotPrincipal) needs the program's restricting condition."""
    out = []
    for i, st in enumerate(_statements(policy)):
        if st.get("Effect") != "Allow" or restricts_callers(st.get("Condition")):
            continue
        if "NotPrincipal" in st:
            out.append(f"statement {st.get('Sid') or i} allows every principal but its NotPrincipal without a "
                       "restricting Condition (e.g. StringEquals aws:PrincipalOrgID)")
        elif _wildcard(st.get("Principal")):
            out.append(f"statement {st.get('Sid') or i} allows principal \"*\" without a restricting Condition "
                       "(e.g. StringEquals aws:PrincipalOrgID)")
    return out


def no_broad_actions(policy: Any) -> list[str]:
    """Identity policies: no Allow of `*` or `ecr:*`, nor of a pattern that reaches registry-wide admin actions."""
    out = []
    for i, st in enumerate(_statements(policy)):
        if st.get("Effect") != "Allow":
            continue
        actions = _list(st.get("Action"))
        broad = sorted({a for a in actions if is_broad_action(a)})
        if broad:
            out.append(f"statement {st.get('Sid') or i} allows {', '.join(broad)}: name the actions (or use a level)")
        for action in sorted(set(actions) - set(broad)):
            reached = registry_admin_reached(action)
            if reached:
                out.append(f"statement {st.get('Sid') or i} allows the pattern {action}, which reaches registry-wide "
                           f"admin actions ({', '.join(reached)}): name each such action")
        if "NotAction" in st:
            out.append(f"statement {st.get('Sid') or i} allows every action but its NotAction: name the actions")
    return out


def identity_documents(resource_type: str, props: Mapping[str, Any]) -> list[Any]:
    """The identity-policy documents a resource carries (managed, inline, or a role's inlinePolicies)."""
    if resource_type in ("aws:iam/policy:Policy", "aws:iam/userPolicy:UserPolicy", "aws:iam/rolePolicy:RolePolicy",
                         "aws:iam/groupPolicy:GroupPolicy"):
        return [props.get("policy")]
    if resource_type == "aws:iam/role:Role":
        return [p.get("policy") for p in _maps(props.get("inlinePolicies"))]
    return []


BROAD_MANAGED_POLICIES = ("AdministratorAccess", "AmazonEC2ContainerRegistryFullAccess",
                          "AmazonEC2ContainerRegistryPowerUser", "AmazonElasticContainerRegistryPublicFullAccess")
_MANAGED_ARN = re.compile(rf"^arn:[^:]+:iam::aws:policy/(?:.*/)?({'|'.join(BROAD_MANAGED_POLICIES)})$")
_ATTACHMENTS = ("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/userPolicyAttachment:UserPolicyAttachment",
                "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "aws:iam/policyAttachment:PolicyAttachment")


def no_broad_managed_policies(resource_type: str, props: Mapping[str, Any]) -> list[str]:
    """No broad AWS managed policy (admin, ECR full access or power user) attached to a role, user or group."""
    if resource_type in _ATTACHMENTS:
        arns = _list(props.get("policyArn"))
    elif resource_type == "aws:iam/role:Role":
        arns = _list(props.get("managedPolicyArns"))
    else:
        return []
    return [f"attaches the AWS managed policy {arn}: grant ECR access by level instead"
            for arn in arns if _MANAGED_ARN.match(arn)]


def resource_policy_documents(resource_type: str, props: Mapping[str, Any]) -> list[Any]:
    """The resource-policy documents a resource carries (repository/registry policy, a template's repositoryPolicy)."""
    if resource_type in ("aws:ecr/repositoryPolicy:RepositoryPolicy", "aws:ecr/registryPolicy:RegistryPolicy"):
        return [props.get("policy")]
    if resource_type == CREATION_TEMPLATE and props.get("repositoryPolicy"):
        return [props.get("repositoryPolicy")]
    return []


def _immutable_tags(resource_type: str, props: Mapping[str, Any], stack: str) -> list[str]:
    if resource_type == REPOSITORY:
        return tag_immutability(props, stack)
    if resource_type == CREATION_TEMPLATE:
        return tag_immutability(props, stack, "ECR repository creation template")
    return []


class Rule(NamedTuple):
    """One mandatory resource policy of the pack: name, description, check(resource type, inputs, stack) -> messages."""

    name: str
    description: str
    check: Callable[[str, Mapping[str, Any], str], list[str]]


class StackRule(NamedTuple):
    """One mandatory stack policy: name, description, check([(type, inputs, urn)], stack) -> [(message, urn)]."""

    name: str
    description: str
    check: Callable[[Sequence[tuple[str, Mapping[str, Any], str]], str], list[tuple[str, str]]]


RULES = (
    Rule("ecr-tag-immutability", "ECR repositories and creation templates have immutable tags outside dev stacks.",
         _immutable_tags),
    Rule("ecr-no-force-delete", "No forceDelete on repositories of protected (non-dev) stacks.",
         lambda t, p, s: no_force_delete(p, s) if t == REPOSITORY else []),
    Rule("ecr-no-open-principal", "No Allow to `*` or with NotPrincipal in resource policies without a restricting "
         "condition.", lambda t, p, s: [m for d in resource_policy_documents(t, p) for m in no_open_principal(d)]),
    Rule("iam-no-broad-ecr-actions", "No `*`, `ecr:*`, NotAction or pattern reaching registry-wide admin actions "
         "(ecr:*Registry*, ...) allowed in identity policies.",
         lambda t, p, s: [m for d in identity_documents(t, p) for m in no_broad_actions(d)]),
    Rule("iam-no-broad-managed-policies", "No AdministratorAccess or ECR full-access/power-user managed policies attached.",
         lambda t, p, s: no_broad_managed_policies(t, p)),
)
STACK_RULES = (
    StackRule("ecr-scan-on-push", "Outside dev stacks every repository is scanned on push: by its scanOnPush, or by a "
              "registry scanning configuration covering every repository.", scanning),
)
