"""Moved to ecr_access.features.namespaces.templates."""

from ecr_access.features.namespaces.templates import CreationTemplate

__all__ = ["CreationTemplate"]
