"""The stack-file invariant checks (tests/helpers/stack_invariants.py) catch each break they exist for."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers.stack_invariants import invariant_problems
from tests.helpers.stacks import run_fixture

REPO = "aws:ecr/repository:Repository"


@pytest.fixture(scope="module")
def prod():
    return run_fixture("prod")


def _with(result, type_, name, **changes):
    regs = [replace(r, **changes) if (r.type, r.name) == (type_, name) else r for r in result.registrations]
    return replace(result, registrations=regs)


def test_the_fixture_stacks_keep_every_invariant(prod):
    assert invariant_problems(prod) == []
    assert invariant_problems(run_fixture("dev")) == []


def test_an_unprotected_or_force_deleted_repository_outside_dev_is_caught(prod):
    repo = next(r for r in prod.registrations if r.type == REPO)
    bare = _with(prod, REPO, repo.name, protect=False, retain_on_delete=False)
    assert invariant_problems(bare) == [f"repository {repo.name}: neither protected nor retained on delete outside dev"]
    forced = _with(prod, REPO, repo.name, inputs={**repo.inputs, "forceDelete": True})
    assert invariant_problems(forced) == [f"repository {repo.name}: forceDelete is not false (a delete would take its images)"]
    assert invariant_problems(replace(bare, stack="dev")) == []


def test_a_document_over_its_quota_is_caught(prod):
    policy = next(r for r in prod.registrations if r.type == "aws:iam/policy:Policy")
    doc = json.loads(policy.inputs["policy"])
    doc["Statement"][0] = {**doc["Statement"][0], "Resource": [f"arn:aws:ecr:us-east-1:345678901234:repository/r{i:04d}" for i in range(200)]}
    big = _with(prod, policy.type, policy.name, inputs={**policy.inputs, "policy": json.dumps(doc)})
    (problem,) = [p for p in invariant_problems(big) if "characters, over the" in p]
    assert problem.startswith(f"aws:iam/policy:Policy {policy.name}: policy is ") and "over the 6144 of an IAM managed policy" in problem


def test_a_document_parliament_flags_is_caught(prod):
    policy = next(r for r in prod.registrations if r.type == "aws:iam/policy:Policy")
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": "*"}]}
    flagged = _with(prod, policy.type, policy.name, inputs={**policy.inputs, "policy": json.dumps(doc)})
    assert [p for p in invariant_problems(flagged) if "parliament RESOURCE_STAR" in p]


def test_a_repository_missing_from_the_outputs_is_caught(prod):
    urls = dict(prod.outputs["repositoryUrls"])
    name = sorted(urls)[0]
    del urls[name]
    assert invariant_problems(replace(prod, outputs={**prod.outputs, "repositoryUrls": urls})) == [
        f"outputs.repositoryUrls: no entry for repository {name}"]
