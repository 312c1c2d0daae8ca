"""ecr-access: ECR repositories and least-privilege access to them, declared in stack config (the Pulumi program)."""

from ecr_access.stack.program import main

main()
