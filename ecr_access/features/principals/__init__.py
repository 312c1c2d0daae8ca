"""IAM principals (users, groups, roles), their grants and grant conditions."""

from ecr_access.features.principals.access import check_access_given, read_access
from ecr_access.features.principals.config import AccessConfig, AccessKeySpec, PrincipalSpec

__all__ = ["AccessConfig", "AccessKeySpec", "PrincipalSpec", "check_access_given", "read_access"]
