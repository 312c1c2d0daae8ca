"""Moved to ecr_access.features.principals."""

from ecr_access.features.principals import AccessConfig, AccessKeySpec, PrincipalSpec

__all__ = ["AccessConfig", "AccessKeySpec", "PrincipalSpec"]
