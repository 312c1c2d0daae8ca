"""CrossGuard pack `ecr-access-guardrails`: wires the rules of rules.py to resource types (run with --policy-pack)."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationArgs, ResourceValidationPolicy  # noqa: E402

import rules  # noqa: E402

REPOSITORY = "aws:ecr/repository:Repository"
RESOURCE_POLICIES = ("aws:ecr/repositoryPolicy:RepositoryPolicy", "aws:ecr/registryPolicy:RegistryPolicy")


def _policy(name: str, description: str, check) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report_violation) -> None:
        for message in check(args):
            report_violation(message)

    return ResourceValidationPolicy(name=name, description=description, validate=validate)


def _repo(check):
    return lambda args: check(args.props, rules.stack_of(args.urn)) if args.resource_type == REPOSITORY else []


PolicyPack(
    name="ecr-access-guardrails",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[
        _policy("ecr-scan-on-push", "ECR repositories scan images on push.",
                lambda a: rules.scan_on_push(a.props) if a.resource_type == REPOSITORY else []),
        _policy("ecr-tag-immutability", "ECR repositories have immutable tags outside dev stacks.",
                _repo(rules.tag_immutability)),
        _policy("ecr-no-force-delete", "No forceDelete on repositories of protected (non-dev) stacks.",
                _repo(rules.no_force_delete)),
        _policy("ecr-no-open-principal", "No unconditioned wildcard principal in repository or registry policies.",
                lambda a: rules.no_open_principal(a.props.get("policy")) if a.resource_type in RESOURCE_POLICIES else []),
        _policy("iam-no-broad-ecr-actions", "No `*` or `ecr:*` actions in identity policies.",
                lambda a: [m for d in rules.identity_documents(a.resource_type, a.props) for m in rules.no_broad_actions(d)]),
    ],
)
