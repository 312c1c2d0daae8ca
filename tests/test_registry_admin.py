"""Registry-wide admin actions (registry policy, replication, caches, templates, ...) are granted only by name, and
the access report then shows every one of them: never hidden behind "+N more"."""

from __future__ import annotations

import json

from ecr_access.iam import catalog
from ecr_access.iam.guardrails import registry_admin
from ecr_access.plan.render import to_json_object
from ecr_access.plan.runner import run_stack
from ecr_access.report.access import REGISTRY_TARGET, compute
from ecr_access.report.render import to_markdown, to_table
from tests.helpers.stacks import base_config

ACCOUNT = "123456789012"
USER = f"arn:aws:iam::{ACCOUNT}:user/u1"
NAMED = ["ecr:PutRegistryPolicy", "ecr:PutReplicationConfiguration", "ecr:CreatePullThroughCacheRule",
         "ecr:UpdateRepositoryCreationTemplate"]
READS = ["ecr:DescribeRegistry", "ecr:GetRegistryPolicy", "ecr:GetRegistryScanningConfiguration",
         "ecr:DescribePullThroughCacheRules", "ecr:DescribeRepositoryCreationTemplates", "ecr:GetAccountSetting",
         "ecr:GetSigningConfiguration"]


def test_the_shared_list_is_what_the_catalog_calls_registry_admin():
    # Write or Permissions management, on the registry (Resource "*" only): the pack's list follows the catalog.
    derived = {info.name for info in catalog.expand("ecr:*")
               if info.wildcard_only and info.access_level in ("Write", "Permissions management")}
    assert derived == set(registry_admin.REGISTRY_ADMIN_ACTIONS)


def test_a_pattern_reaches_registry_admin_actions_in_any_letter_case():
    assert registry_admin.registry_admin_reached("ECR:put*registry*") == (
        "ecr:PutRegistryPolicy", "ecr:PutRegistryScanningConfiguration")
    assert registry_admin.registry_admin_reached("ecr:PutRegistryPolicy") == ()
    assert registry_admin.registry_admin_reached("ecr:Get*") == ()


def test_named_registry_admin_actions_are_granted_and_the_report_shows_every_one():
    config = base_config(repositories=[{"name": "aa"}], users=[{"name": "u1", "grants": [{"actions": READS + NAMED}]}])
    plan = run_stack("prod", config=config)
    [document] = [json.loads(r.inputs["policy"]) for r in plan.registrations if r.type == "aws:iam/policy:Policy"]
    granted = {a for st in document["Statement"] for a in ([st["Action"]] if isinstance(st["Action"], str) else st["Action"])}
    assert set(NAMED) <= granted
    matrix = compute(to_json_object(plan))
    row = matrix.rows(USER)[REGISTRY_TARGET]
    assert set(NAMED) <= set(row.actions) and len(row.actions) > 6
    table, markdown = to_table(matrix), to_markdown(matrix)
    shown = "registry admin: CreatePullThroughCacheRule, PutRegistryPolicy, PutReplicationConfiguration, " \
            "UpdateRepositoryCreationTemplate; "
    assert shown in table and shown in markdown
