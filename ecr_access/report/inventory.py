"""Read an offline plan (the JSON of `python -m ecr_access.plan --format json`) into what access is made of."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ecr_access.iam.arns import Registry, partition_for_region
from ecr_access.iam.evaluate import Rule, parse

USER = "aws:iam/user:User"
GROUP = "aws:iam/group:Group"
ROLE = "aws:iam/role:Role"
MEMBERSHIP = "aws:iam/userGroupMembership:UserGroupMembership"
POLICY = "aws:iam/policy:Policy"
ATTACHMENTS = {
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "user",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "group",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "role",
}
INLINE = {
    "aws:iam/userPolicy:UserPolicy": "user",
    "aws:iam/groupPolicy:GroupPolicy": "group",
    "aws:iam/rolePolicy:RolePolicy": "role",
}
REPOSITORY = "aws:ecr/repository:Repository"
REPOSITORY_POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy"
REGISTRY_POLICY = "aws:ecr/registryPolicy:RegistryPolicy"
CREATION_TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"

_ECR_ARN = re.compile(r"^arn:([^:]+):ecr:([^:]+):(\d{12}):")
_HOST = re.compile(r"^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com")


def _document(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


@dataclass
class Inventory:
    """The principals, repositories and documents of one plan, keyed by physical name."""

    stack: str
    registry: Registry
    repositories: dict[str, str] = field(default_factory=dict)  # name -> ARN
    users: dict[str, str] = field(default_factory=dict)  # name -> ARN
    groups: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)  # group -> user names
    identity: dict[tuple[str, str], list[Rule]] = field(default_factory=dict)  # ("user", name) -> rules
    trust: dict[str, tuple[Rule, ...]] = field(default_factory=dict)  # role -> trust-policy rules
    repository_rules: dict[str, tuple[Rule, ...]] = field(default_factory=dict)  # repository -> its policy's rules
    registry_rules: tuple[Rule, ...] = ()
    template_rules: dict[str, tuple[Rule, ...]] = field(default_factory=dict)  # prefix -> template policy rules
    unresolved: list[str] = field(default_factory=list)  # attachments whose document the plan does not hold

    def groups_of(self, user: str) -> list[str]:
        """The groups a user is a member of, sorted."""
        return sorted(g for g, users in self.members.items() if user in users)

    def resource_rules(self) -> list[Rule]:
        """Every resource-policy rule (repository, registry, creation template) in the plan."""
        rules = list(self.registry_rules)
        for group in (self.repository_rules, self.template_rules):
            for values in group.values():
                rules.extend(values)
        return rules


def _registry(plan: dict[str, Any]) -> Registry:
    """The registry a plan deploys into: from its outputs, else from any ECR ARN in it."""
    outputs = plan.get("outputs") or {}
    for arn in (outputs.get("repositoryArns") or {}).values():
        match = _ECR_ARN.match(str(arn))
        if match:
            return Registry(partition=match.group(1), region=match.group(2), account=match.group(3))
    host = _HOST.match(str(outputs.get("registryUrl", "")))
    if host:
        return Registry(partition=partition_for_region(host.group(2)), region=host.group(2), account=host.group(1))
    match = re.search(r"arn:([^:\"]+):ecr:([^:\"]+):(\d{12}):", json.dumps(plan.get("resources", [])))
    if match:
        return Registry(partition=match.group(1), region=match.group(2), account=match.group(3))
    return Registry(partition="aws", region="us-east-1", account="000000000000")


def load(plan: dict[str, Any]) -> Inventory:
    """Build the inventory of a plan JSON object (see `plan.render.to_json_object`)."""
    registry = _registry(plan)
    inv = Inventory(stack=str(plan.get("stack", "")), registry=registry)
    resources = plan.get("resources") or []
    policies: dict[str, tuple[str, Any]] = {}
    for res in resources:
        t = res.get("type")
        inputs: Any = res.get("inputs") or {}  # JSON as the plan holds it: a value may be missing (None here)
        name = inputs.get("name", res.get("name"))
        path = inputs.get("path", "/")
        if t == REPOSITORY:
            inv.repositories[name] = registry.in_region(inputs.get("region")).repository_arn(name)
        elif t in (USER, GROUP, ROLE):
            kind = t.rsplit(":", 1)[1].lower()
            getattr(inv, f"{kind}s")[name] = registry.iam_arn(kind, name, path)
            if t == ROLE:
                inv.trust[name] = parse(_document(inputs.get("assumeRolePolicy")), source=f"trust policy of {name}",
                                        kind="trust")
                for inline in inputs.get("inlinePolicies") or []:
                    label = f"inline policy {inline.get('name', '?')} of role {name}"
                    inv.identity.setdefault(("role", name), []).extend(parse(_document(inline.get("policy")), source=label))
        elif t == POLICY:
            policies[registry.iam_arn("policy", name, path)] = (f"policy {name}", _document(inputs.get("policy")))
    for res in resources:
        t, inputs = res.get("type"), res.get("inputs") or {}
        if t == MEMBERSHIP:
            for group in inputs.get("groups") or []:
                inv.members.setdefault(group, set()).add(inputs.get("user"))
        elif t in ATTACHMENTS:
            kind = ATTACHMENTS[t]
            arn = str(inputs.get("policyArn", ""))
            if arn in policies:
                label, doc = policies[arn]
                inv.identity.setdefault((kind, inputs.get(kind)), []).extend(parse(doc, source=label))
            else:
                inv.unresolved.append(f"{kind} {inputs.get(kind)}: {arn or res.get('name')}")
        elif t in INLINE:
            kind = INLINE[t]
            label = f"inline policy {inputs.get('name', res.get('name'))} of {kind} {inputs.get(kind)}"
            inv.identity.setdefault((kind, inputs.get(kind)), []).extend(parse(_document(inputs.get("policy")), source=label))
        elif t == REPOSITORY_POLICY:
            repo = inputs.get("repository")
            inv.repository_rules[repo] = parse(_document(inputs.get("policy")), source=f"repository policy of {repo}",
                                               kind="repository",
                                               default_resource=registry.in_region(inputs.get("region")).repository_arn(repo))
        elif t == REGISTRY_POLICY:
            # One registry policy a region: each one's statements name its own region's repositories.
            label = "registry policy" + (f" ({inputs['region']})" if inputs.get("region") else "")
            inv.registry_rules += parse(_document(inputs.get("policy")), source=label, kind="registry")
        elif t == CREATION_TEMPLATE and inputs.get("repositoryPolicy"):
            prefix = str(inputs.get("prefix"))
            pattern = "*" if prefix == "ROOT" else f"{prefix.rstrip('/')}/*"
            inv.template_rules[pattern] = parse(
                _document(inputs.get("repositoryPolicy")), source=f"creation template {prefix}", kind="template",
                default_resource=registry.repository_arn(pattern),
            )
    return inv
