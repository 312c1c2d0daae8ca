"""Register the registry-wide settings and team namespaces, and collect their outputs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi

from ecr_access.components.registry_settings import RegistrySettings
from ecr_access.components.team_namespace import TeamNamespace
from ecr_access.stack.args import namespace_args, settings_args
from ecr_access.stack.compile import CompiledStack
from ecr_access.stack.ordering import template_owner


def deploy_registry_settings(
    compiled: CompiledStack, named_by: Callable[[str], tuple[pulumi.Resource, ...]] = lambda owner: ()
) -> dict[str, Any]:
    """Create the RegistrySettings component (when anything is set) and one TeamNamespace per namespace.

    `named_by(owner)` gives the stack's own principals a resource names (here: a template's customRoleArn).
    """
    s = compiled.registry_settings
    outputs: dict[str, Any] = {}
    if s.replication_rules or s.scanning is not None or s.account_settings:
        settings = RegistrySettings("registry-settings", settings_args(compiled))
        if s.replication_rules:
            outputs["replicationRules"] = list(s.replication_rules)
        if s.scanning is not None:
            outputs["scanType"] = settings.scan_type
        if s.account_settings:
            outputs["accountSettings"] = settings.account_settings
    if s.destination_policies:
        # Cross-account destinations this stack does not manage: each must hold this document in its registry policy
        # (or, when it is a stack of this project, list this account under ecr-access:replicationSources).
        outputs["replicationDestinationPolicies"] = {key: doc.parsed() for key, doc in s.destination_policies}
    # Names keep the prefix as written (like repositories' components): distinct prefixes, distinct URNs.
    namespaces = {
        n.spec.name: TeamNamespace(
            f"namespace-{n.spec.name}", namespace_args(n, compiled, named_by(template_owner(n.spec.name)))
        )
        for n in s.namespaces
    }
    if namespaces:
        outputs["namespaceTemplates"] = {name: ns.applied_for for name, ns in namespaces.items()}
    return outputs
