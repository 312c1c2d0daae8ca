"""Role trust: the `trust` section of a role and its trust policy document."""
