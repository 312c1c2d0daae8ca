"""Team namespaces: creation templates per prefix (create-on-push), their grants, and where pushes add tags."""

from ecr_access.features.namespaces.config import ROOT, Holder, NamespaceSpec, read_namespaces
from ecr_access.features.namespaces.tagging import attach_namespace_grants, push_template, split_by_tagging, tagged_namespaces
from ecr_access.features.namespaces.templates import CreationTemplate

__all__ = [
    "ROOT", "CreationTemplate", "Holder", "NamespaceSpec", "attach_namespace_grants", "push_template",
    "read_namespaces", "split_by_tagging", "tagged_namespaces",
]
