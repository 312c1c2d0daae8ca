"""CrossGuard pack `ecr-access-guardrails`: the rules of rules.py as mandatory policies (run with --policy-pack).

The pack is run from this repository (`pulumi preview --policy-pack policy-pack`): it puts the project root on
sys.path to share the program's pure rule for restricting conditions (`policies/callers.py`, standard library only).
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [_HERE, os.path.dirname(_HERE)]

from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationArgs, ResourceValidationPolicy  # noqa: E402

import rules  # noqa: E402


def _policy(rule: rules.Rule) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report_violation) -> None:
        for message in rule.check(args.resource_type, args.props, rules.stack_of(args.urn)):
            report_violation(message)

    return ResourceValidationPolicy(name=rule.name, description=rule.description, validate=validate)


PolicyPack(
    name="ecr-access-guardrails",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[_policy(rule) for rule in rules.RULES],
)
