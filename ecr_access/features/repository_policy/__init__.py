"""Repository policies: the `repositoryPolicy` section, its statements and the one merged policy per repository."""
