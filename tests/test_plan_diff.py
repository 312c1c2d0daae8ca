"""The plan diff: dev against a modified copy reports the added access, replacements, and the exit code."""

from __future__ import annotations

import copy
import json

import pytest

from ecr_access.iam.levels import Level, actions_for
from ecr_access.plan.render import to_json_object
from ecr_access.report.conditions import relation
from ecr_access.report.diff import ACCESS_GRANTED, CHANGED, NO_CHANGE, diff, exit_code, main
from tests.helpers.plans import CACHE_USER, allow, attach, deny, policy, repo_arn, repository_policy, sample_plan
from tests.helpers.stacks import run_fixture


@pytest.fixture(scope="module")
def dev_plan():
    return json.loads(json.dumps(to_json_object(run_fixture("dev"))))


def _write(tmp_path, name, plan):
    path = tmp_path / name
    path.write_text(json.dumps(plan))
    return str(path)


def test_unchanged_plan_exits_zero(tmp_path, dev_plan, capsys):
    path = _write(tmp_path, "base.json", dev_plan)
    assert main([path, path]) == NO_CHANGE
    assert capsys.readouterr().out.strip() == "No change."


def test_added_external_access_is_reported_first_and_exits_20(tmp_path, dev_plan, capsys):
    head = copy.deepcopy(dev_plan)
    head["resources"].append(repository_policy(
        "team-b/alpine",
        allow(["ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer"],
              Sid="PartnerPull", Principal={"AWS": "111122223333"})))
    head["resources"].append(repository_policy(
        "team-a/api", allow(["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
                          "ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer"],
                         Sid="CachePush", Principal={"AWS": CACHE_USER})))
    code = main([_write(tmp_path, "base.json", dev_plan), _write(tmp_path, "head.json", head), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == ACCESS_GRANTED == out["exitCode"] == 20
    gained = [(c["label"], c["target"], c["granted"]) for c in out["access"]]
    assert gained == [
        # New principals from outside the stack come first; my-repo admits every principal of the organization,
        # so the new account also gains a conditional pull there.
        ("account 111122223333", "team-b/alpine", ["pull"]),
        ("account 111122223333", "my-repo", ["pull"]),
        # The cache user is already in the dev stack's registry policy: not new, but it gains push.
        ("user ecr-pull-through-cache-user (not in this stack)", "team-a/api", ["pull", "push"]),
    ]
    assert [(c["change"], c["name"]) for c in out["resources"]] == [
        ("added", "team-a/api-policy"), ("added", "team-b/alpine-policy")]


def test_replacement_and_removal_without_new_access_exit_10(dev_plan):
    head = copy.deepcopy(dev_plan)
    repo = next(r for r in head["resources"] if r["type"] == "aws:ecr/repository:Repository" and r["name"] == "team-a/api")
    repo["inputs"]["encryptionConfigurations"] = [{"encryptionType": "AES256"}]
    tag_only = next(r for r in head["resources"] if r["type"] == "aws:ecr/repository:Repository" and r["name"] == "my-repo")
    tag_only["inputs"]["tags"] = {"team": "other"}
    moved = next(r for r in head["resources"] if r["type"] == "aws:ecr/repository:Repository" and r["name"] == "team-b/alpine")
    moved["urn"] = moved["urn"].replace("::team-b/alpine", "::team-b-alpine-v2")
    resources, access = diff(dev_plan, head)
    assert [(c.change, c.name) for c in resources] == [
        ("replaced", "team-a/api"), ("replaced", "team-b/alpine"), ("updated", "my-repo")]
    assert resources[0].detail == "changed: encryptionConfigurations"
    assert access == [] and exit_code(resources, access) == CHANGED


def test_lost_access_is_listed_and_exits_10(tmp_path, dev_plan, capsys):
    head = copy.deepcopy(dev_plan)
    head["resources"].append(repository_policy("team-b/alpine", allow(["ecr:BatchGetImage"], Principal={"AWS": "111122223333"})))
    code = main([_write(tmp_path, "head.json", head), _write(tmp_path, "base.json", dev_plan)])
    assert code == CHANGED
    assert "- account 111122223333 on team-b/alpine: BatchGetImage" in capsys.readouterr().out


def test_unreadable_plan_exits_1(tmp_path):
    assert main([str(tmp_path / "nope.json"), str(tmp_path / "nope.json")]) == 1


def test_conditional_deny_removed_is_a_condition_removed_gain():
    guard = (policy("ip-guard", deny("ecr:PutImage", "*", Sid="OfficeOnly",
                                     Condition={"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
             attach("user", "ecrUser", "ip-guard"))
    resources, access = diff(sample_plan(*guard), sample_plan())
    assert [(c.change, c.label, c.target, c.granted, c.reasons, c.previous) for c in access] == [
        ("gained", "user ecrUser", "my-repo", ("push",), ("condition removed", "push"),
         "not (NotIpAddress aws:SourceIp = 203.0.113.0/24)")]
    assert exit_code(resources, access) == ACCESS_GRANTED
    resources, access = diff(sample_plan(), sample_plan(*guard))
    assert [(c.change, c.granted, c.reasons, c.conditions) for c in access] == [
        ("lost", ("push",), ("condition added",), "not (NotIpAddress aws:SourceIp = 203.0.113.0/24)")]
    assert exit_code(resources, access) == CHANGED


def test_condition_relations():
    org_a, org_b, ip = "StringEquals aws:PrincipalOrgID = o-a", "StringEquals aws:PrincipalOrgID = o-b", "IpAddress x"
    assert relation(((org_a,),), ((org_a,),)) == "same"
    assert relation(((org_a, ip),), ((org_a,),)) == "removed"  # one term fewer: broader
    assert relation(((org_a,),), ((org_a,), (ip,))) == "removed"  # one more alternative: broader
    assert relation(((),), ((ip,),)) == "added"
    assert relation(((org_a,),), ((org_b,),)) == "changed"


def test_the_admin_level_and_registry_admin_actions_are_flagged_as_admin_actions(tmp_path, capsys):
    admin = (policy("ecrUser-admin", allow(list(actions_for({Level.ADMIN})), repo_arn("my-repo"), Sid="AdminMyRepo"),
                    allow("ecr:PutRegistryScanningConfiguration", "*", Sid="Scanning")),
             attach("user", "ecrUser", "ecrUser-admin"))
    _, access = diff(sample_plan(), sample_plan(*admin))
    flagged = {(c.target, c.granted) for c in access if "admin actions" in c.reasons}
    assert ("my-repo", ("admin", "read")) in flagged
    assert any("ecr:PutRegistryScanningConfiguration" in granted for _, granted in flagged)
    base, head = _write(tmp_path, "base.json", sample_plan()), _write(tmp_path, "head.json", sample_plan(*admin))
    for fmt in ("text", "markdown", "json"):
        assert main([base, head, "--format", fmt]) == ACCESS_GRANTED
        out = capsys.readouterr().out
        line = next(line for line in out.splitlines() if "admin" in line and "my-repo" in line) if fmt != "json" else out
        assert "admin actions" in line, out


@pytest.mark.parametrize(("action", "resource"), [
    ("ecr:PutImageScanningConfiguration", "my-repo"), ("ecr:DeleteLifecyclePolicy", "my-repo"),
    ("ecr:UpdateImageStorageClass", "my-repo"), ("ecr:RegisterPullTimeUpdateExclusion", "*")])
def test_gaining_any_action_only_admin_or_registry_admin_holds_is_flagged_as_admin_actions(action, resource):
    arn = "*" if resource == "*" else repo_arn(resource)
    head = (policy("ecrUser-extra", allow(action, arn, Sid="Extra")), attach("user", "ecrUser", "ecrUser-extra"))
    _, access = diff(sample_plan(), sample_plan(*head))
    assert [c.reasons for c in access if any(action in g for g in c.granted)] == [("admin actions",)]
