"""ecr-access: ECR repositories and least-privilege access to them, declared in stack config (the Pulumi program)."""

from ecr_access.stack.collector import pause

pause()  # no cyclic collection until the first registration: start-up makes little garbage (ecr_access/stack/collector.py)

from ecr_access.stack.program import main

main()
