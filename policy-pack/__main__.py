"""CrossGuard pack `ecr-access-guardrails`: the rules of rules.py as mandatory policies (run with --policy-pack).

Self-contained: everything it imports beyond `requirements.txt` lives in this folder (`rules.py` and the rules it
shares with the program, `ecr_guardrails/`), so `pulumi policy publish` of this folder alone works.
"""

from __future__ import annotations

import os
import sys

# The engine starts this file as a script; put its own folder first so `rules` and `ecr_guardrails` are these ones.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pulumi_policy import (
    EnforcementLevel, PolicyPack, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs,
    StackValidationPolicy,
)

import rules


def _resource_policy(rule: rules.Rule) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report_violation) -> None:
        for message in rule.check(args.resource_type, args.props, rules.stack_of(args.urn)):
            report_violation(message)

    return ResourceValidationPolicy(name=rule.name, description=rule.description, validate=validate)


def _stack_policy(rule: rules.StackRule) -> StackValidationPolicy:
    def validate(args: StackValidationArgs, report_violation) -> None:
        resources = [(r.resource_type, r.props, r.urn) for r in args.resources]
        stack = next((rules.stack_of(urn) for _, _, urn in resources), "")
        for message, urn in rule.check(resources, stack):
            report_violation(message, urn)

    return StackValidationPolicy(name=rule.name, description=rule.description, validate=validate)


PolicyPack(
    name="ecr-access-guardrails",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[_resource_policy(rule) for rule in rules.RULES] + [_stack_policy(rule) for rule in rules.STACK_RULES],
)
