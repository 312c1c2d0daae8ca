"""Glue between the Pulumi runtime and the pure model: reading config, checking the account, registering components."""
