"""The one error type the policy builders raise."""


class PolicyError(ValueError):
    """A policy document or builder input that AWS would reject or that breaks our rules."""
