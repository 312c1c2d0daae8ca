"""The typed, validated stack config model (pure Python)."""
