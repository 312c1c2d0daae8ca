"""Moved to ecr_access.config.errors."""

from ecr_access.config.errors import ConfigError, Problem, Problems, other_partition

__all__ = ["ConfigError", "Problem", "Problems", "other_partition"]
