"""Replication: rules replicating this registry, accounts replicating into it, and the statements they need."""
