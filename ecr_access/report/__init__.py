"""Review tools for plans: the access report (`python -m ecr_access.report`) and the plan diff (`python -m ecr_access.diff`)."""
