"""The CrossGuard rules as plain functions: resource inputs (camelCase, as the engine passes them) in, violations out."""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Mapping, NamedTuple

# The project root is on sys.path (policy-pack/__main__.py puts it there): the pack judges conditions by the
# program's own rule, so a condition the program refuses is refused here too.
from policies.callers import restricts_callers

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
    """aws:ecr/repository:Repository must scan images on push.

    A repository without imageScanningConfiguration leaves scanning to the registry scanning configuration (AWS
    deprecates the per-repository setting in its favour; the program omits it when the stack declares one), which
    `registry_scanning` requires to scan every repository.
    """
    if "imageScanningConfiguration" not in props:
        return []
    if not (props.get("imageScanningConfiguration") or {}).get("scanOnPush"):
        return ["ECR repository must set imageScanningConfiguration.scanOnPush = true"]
    return []


def tag_immutability(props: Mapping[str, Any], stack: str, what: str = "ECR repository") -> list[str]:
    """Outside dev stacks, repositories (and creation templates) must be IMMUTABLE or IMMUTABLE_WITH_EXCLUSION."""
    mode = props.get("imageTagMutability") or "MUTABLE"
    if not is_dev(stack) and mode not in ("IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"):
        return [f"{what} on stack {stack!r} must have immutable tags (imageTagMutability is {mode})"]
    return []


def registry_scanning(props: Mapping[str, Any]) -> list[str]:
    """A registry scanning configuration must scan every repository on push or continuously.

    It supersedes the repositories' own scanOnPush, so it needs a SCAN_ON_PUSH or CONTINUOUS_SCAN rule whose
    filters include the WILDCARD filter "*" (narrower rules may come first).
    """
    for rule in props.get("rules") or []:
        if not isinstance(rule, dict) or rule.get("scanFrequency") not in ("SCAN_ON_PUSH", "CONTINUOUS_SCAN"):
            continue
        if any(isinstance(f, dict) and f.get("filter") == "*" and (f.get("filterType") or "WILDCARD") == "WILDCARD"
               for f in rule.get("repositoryFilters") or []):
            return []
    return ['ECR registry scanning configuration must have a SCAN_ON_PUSH or CONTINUOUS_SCAN rule with the WILDCARD '
            'filter "*": it replaces the repositories\' own scanOnPush, and other repositories would go unscanned']


def no_force_delete(props: Mapping[str, Any], stack: str) -> list[str]:
    """On protected (non-dev) stacks, repositories must not set forceDelete."""
    if not is_dev(stack) and props.get("forceDelete"):
        return [f"ECR repository on protected stack {stack!r} must not set forceDelete (it deletes images with it)"]
    return []


def _wildcard(principal: Any) -> bool:
    if principal == "*":
        return True
    return isinstance(principal, dict) and any("*" in _list(v) for v in principal.values())


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
    """Identity policies: no Allow of `*` or `ecr:*`."""
    out = []
    for i, st in enumerate(_statements(policy)):
        if st.get("Effect") != "Allow":
            continue
        broad = sorted({a for a in _list(st.get("Action")) if a == "*" or a.lower() == "ecr:*"})
        if broad:
            out.append(f"statement {st.get('Sid') or i} allows {', '.join(broad)}: name the actions (or use a level)")
        if "NotAction" in st:
            out.append(f"statement {st.get('Sid') or i} allows every action but its NotAction: name the actions")
    return out


def identity_documents(resource_type: str, props: Mapping[str, Any]) -> list[Any]:
    """The identity-policy documents a resource carries (managed, inline, or a role's inlinePolicies)."""
    if resource_type in ("aws:iam/policy:Policy", "aws:iam/userPolicy:UserPolicy", "aws:iam/rolePolicy:RolePolicy",
                         "aws:iam/groupPolicy:GroupPolicy"):
        return [props.get("policy")]
    if resource_type == "aws:iam/role:Role":
        return [p.get("policy") for p in props.get("inlinePolicies") or [] if isinstance(p, dict)]
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


REPOSITORY = "aws:ecr/repository:Repository"
CREATION_TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"
SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"


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
    """One mandatory policy of the pack: name, description, and check(resource type, inputs, stack) -> violations."""

    name: str
    description: str
    check: Callable[[str, Mapping[str, Any], str], list[str]]


RULES = (
    Rule("ecr-scan-on-push", "ECR repositories scan images on push; a registry scanning configuration scans all of them.",
         lambda t, p, s: scan_on_push(p) if t == REPOSITORY else registry_scanning(p) if t == SCANNING else []),
    Rule("ecr-tag-immutability", "ECR repositories and creation templates have immutable tags outside dev stacks.",
         _immutable_tags),
    Rule("ecr-no-force-delete", "No forceDelete on repositories of protected (non-dev) stacks.",
         lambda t, p, s: no_force_delete(p, s) if t == REPOSITORY else []),
    Rule("ecr-no-open-principal", "No Allow to `*` or with NotPrincipal in resource policies without a restricting "
         "condition.", lambda t, p, s: [m for d in resource_policy_documents(t, p) for m in no_open_principal(d)]),
    Rule("iam-no-broad-ecr-actions", "No `*`, `ecr:*` or NotAction allowed in identity policies.",
         lambda t, p, s: [m for d in identity_documents(t, p) for m in no_broad_actions(d)]),
    Rule("iam-no-broad-managed-policies", "No AdministratorAccess or ECR full-access/power-user managed policies attached.",
         lambda t, p, s: no_broad_managed_policies(t, p)),
)


def violations(resource_type: str, props: Mapping[str, Any], stack: str) -> dict[str, list[str]]:
    """Every rule's violations for one resource, by rule name (rules without any are left out)."""
    found = {rule.name: rule.check(resource_type, props, stack) for rule in RULES}
    return {name: messages for name, messages in found.items() if messages}
