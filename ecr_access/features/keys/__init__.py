"""KMS keys for repositories: their config entries, their key policies from the stack's grants, and their compile step."""
