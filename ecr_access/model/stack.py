"""Moved to ecr_access.config.stack."""

from ecr_access.config.stack import NAMESPACE, StackConfig, default_protect, load_stack_config

__all__ = ["NAMESPACE", "StackConfig", "default_protect", "load_stack_config"]
