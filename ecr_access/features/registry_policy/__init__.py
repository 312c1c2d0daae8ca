"""The registry policy: its scope and account settings, and the one document every feature contributes to."""
