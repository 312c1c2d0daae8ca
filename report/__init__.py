"""Review tools for plans: the access report (`python -m report`) and the plan diff (`python -m report.diff`)."""
