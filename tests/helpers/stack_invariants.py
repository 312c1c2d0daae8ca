"""What every stack file must keep, whatever repositories and principals the user declares in it.

These checks run on the project's own Pulumi.<stack>.yaml files (tests/test_shipped_stacks.py), which are the user's to
edit: they never name a repository, principal or count, only rules that hold for any stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ecr_access.config.stack import default_protect
from ecr_access.iam.quotas import DocumentKind
from ecr_access.plan.render import to_json_object
from ecr_access.plan.runner import PlanResult
from tests.helpers.parliament import documents, lint

REPOSITORY = "aws:ecr/repository:Repository"
# Where each policy document of a plan goes, which sets its quota.
DOCUMENTS = {
    ("aws:iam/policy:Policy", "policy"): DocumentKind.IDENTITY,
    ("aws:iam/role:Role", "assumeRolePolicy"): DocumentKind.TRUST,
    ("aws:ecr/repositoryPolicy:RepositoryPolicy", "policy"): DocumentKind.REPOSITORY,
    ("aws:ecr/registryPolicy:RegistryPolicy", "policy"): DocumentKind.REGISTRY,
    ("aws:ecr/lifecyclePolicy:LifecyclePolicy", "policy"): DocumentKind.LIFECYCLE,
    ("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", "repositoryPolicy"): DocumentKind.REPOSITORY,
    ("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", "lifecyclePolicy"): DocumentKind.LIFECYCLE,
    ("aws:kms/key:Key", "policy"): DocumentKind.KEY,
}
# Resources that hold (or decrypt) images: protected or retained outside dev.
HOLDS_IMAGES = {REPOSITORY: "repository", "aws:kms/key:Key": "KMS key"}


def stack_names(project_dir: Path) -> list[str]:
    """Every stack with a stack file in the project (`Pulumi.<stack>.yaml`)."""
    return sorted(p.name[len("Pulumi."):-len(".yaml")] for p in project_dir.glob("Pulumi.*.yaml"))


def invariant_problems(result: PlanResult) -> list[str]:
    """Every way a stack's plan breaks a rule that holds for any stack; empty when it keeps them all."""
    plan = to_json_object(result)
    return _nothing_lost(result) + _documents_fit(result) + _documents_lint_clean(plan) + _outputs_name_repositories(plan)


def _nothing_lost(result: PlanResult) -> list[str]:
    out = []
    for reg in result.registrations:
        if reg.type not in HOLDS_IMAGES:
            continue
        if default_protect(result.stack) and not (reg.protect or reg.retain_on_delete):
            out.append(f"{HOLDS_IMAGES[reg.type]} {reg.name}: neither protected nor retained on delete outside dev")
        if reg.type == REPOSITORY and reg.inputs.get("forceDelete") is not False:
            out.append(f"repository {reg.name}: forceDelete is not false (a delete would take its images)")
    return out


def _documents_fit(result: PlanResult) -> list[str]:
    out = []
    for reg in result.registrations:
        for (type_, key), kind in DOCUMENTS.items():
            text = reg.inputs.get(key) if reg.type == type_ else None
            if isinstance(text, str) and kind.quota.measure(text) > kind.quota.limit:
                out.append(f"{reg.type} {reg.name}: {key} is {kind.quota.measure(text)} characters, over the "
                           f"{kind.quota.limit} of an {kind.title}")
    return out


def _documents_lint_clean(plan: dict[str, Any]) -> list[str]:
    return [f"{label}: parliament {f.issue} {f.detail}" for label, doc in documents(plan) for f in lint(doc)[0]]


def _outputs_name_repositories(plan: dict[str, Any]) -> list[str]:
    names = {r["inputs"]["name"] for r in plan["resources"] if r["type"] == REPOSITORY}
    out = []
    for output in ("repositoryUrls", "repositoryArns"):
        exported = plan["outputs"].get(output) or {}
        out += [f"outputs.{output}: no entry for repository {n}" for n in sorted(names - set(exported))]
    return out
