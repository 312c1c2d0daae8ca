"""Pulumi ComponentResources that register what the compiler produced."""
