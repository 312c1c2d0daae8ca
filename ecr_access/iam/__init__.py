"""Typed, pure-Python builders for IAM and ECR policy documents (no Pulumi imports)."""
