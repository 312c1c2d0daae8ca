"""The guardrails the program and the CrossGuard pack share: one rule, one place, standard library only.

The pack imports this package from its own folder (so `pulumi policy publish` of `policy-pack/` alone carries it);
the program loads the same files through `ecr_access/iam/guardrails.py`.
- `broad_actions`: when an action pattern is too broad for an identity policy (every ECR action, repository admin).
- `callers`: when a Condition narrows a wildcard principal to known callers (pinning values, ARN patterns).
- `registry_admin`: the ECR actions that administer the registry, and when an action pattern reaches them.
- `stacks`: what each stack allows (dev stacks may have mutable tags, forceDelete and unscanned repositories).
"""
