"""The baseline: a plain pulumi_aws program registering the same resources with hand-written JSON, no validation."""

from __future__ import annotations

import gc
import json
from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_aws as aws

from bench.synthetic import ACCOUNT, REGION, raw_sections

# Hand-written, as a plain program would have them: no catalog, no checks.
_ACTIONS = {
    "pull": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
    "push": ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"],
    "read": ["ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:ListImages", "ecr:ListTagsForResource"],
}
_ARN = f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/"


def _statements(grants: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}]
    for g in grants:
        names = [g["repository"]] if "repository" in g else g.get("repositories", [])
        resources = [_ARN + n for n in names] + ([_ARN + g["namespace"] + "/*"] if "namespace" in g else [])
        actions = sorted({a for level in g["levels"] for a in _ACTIONS[level]})
        out.append({"Effect": "Allow", "Action": actions, "Resource": resources})
    return out


def _policies(name: str, grants: list, count: int, attach: Any, opts: pulumi.ResourceOptions | None,
              **principal: Any) -> list[pulumi.Output]:
    statements = _statements(grants)
    arns = []
    for i in range(count):
        chunk = statements[i::count] or statements[:1]
        policy_name = f"{name}-ecr-access" + (f"-{i + 1}" if i else "")
        policy = aws.iam.Policy(policy_name, name=policy_name, path="/",
                                policy=json.dumps({"Version": "2012-10-17", "Statement": chunk}), opts=opts)
        attach(f"{policy_name}-attachment", policy_arn=policy.arn, opts=opts, **principal)
        arns.append(policy.arn)
    return arns


class _Wrapper(pulumi.ComponentResource):
    """A bare component around one repository's or principal's resources (the `components` variant only)."""

    def __init__(self, kind: str, name: str):
        super().__init__(f"bench:plain:{kind}", name, None)


def _wrap(components: bool, kind: str, name: str) -> tuple[_Wrapper | None, pulumi.ResourceOptions | None]:
    if not components:
        return None, None
    wrapper = _Wrapper(kind, name)
    return wrapper, pulumi.ResourceOptions(parent=wrapper)


def _done(wrapper: _Wrapper | None, outputs: dict[str, Any]) -> None:
    if wrapper is not None:
        wrapper.register_outputs(outputs)


def program(size: int, policy_counts: Mapping[str, int], components: bool = False) -> None:
    """Register the synthetic stack's resources; `policy_counts` = managed policies per principal (as ours packs them).

    `components` wraps each repository's and each principal's resources in a bare ComponentResource, as ours does:
    the SDK's own cost of components, measured apart from ours.
    """
    # As ours does before its first registration (__main__.py): both sides run with the same collector settings
    # (docs/benchmark.md, "Garbage collection").
    gc.freeze()
    s = raw_sections(size)
    lifecycle = json.dumps({"rules": [
        {"rulePriority": 1, "selection": {"tagStatus": "tagged", "tagPrefixList": ["v"],
                                          "countType": "imageCountMoreThan", "countNumber": 30},
         "action": {"type": "expire"}},
        {"rulePriority": 2, "selection": {"tagStatus": "tagged", "tagPrefixList": ["release-"],
                                          "countType": "imageCountMoreThan", "countNumber": 30},
         "action": {"type": "expire"}},
        {"rulePriority": 3, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
                                          "countUnit": "days", "countNumber": 14}, "action": {"type": "expire"}},
    ]})
    urls, repo_arns = {}, {}
    for entry in s["repositories"]:
        name = entry["name"]
        wrapper, opts = _wrap(components, "Repository", name)
        repo = aws.ecr.Repository(name, name=name, image_tag_mutability="IMMUTABLE",
                                  image_scanning_configuration={"scan_on_push": True}, force_delete=False,
                                  tags=s["repositoryDefaults"]["tags"], opts=opts)
        aws.ecr.LifecyclePolicy(f"{name}-lifecycle", repository=repo.name, policy=lifecycle, opts=opts)
        urls[name], repo_arns[name] = repo.repository_url, repo.arn
        _done(wrapper, {"name": repo.name, "arn": repo.arn, "repository_url": repo.repository_url})
    groups, principal_arns = {}, {}
    for g in s["groups"]:
        wrapper, opts = _wrap(components, "Group", g["name"])
        group = groups[g["name"]] = aws.iam.Group(g["name"], name=g["name"], path="/", opts=opts)
        arns = _policies(g["name"], g["grants"], policy_counts.get(g["name"], 0), aws.iam.GroupPolicyAttachment, opts,
                         group=group.name)
        principal_arns[g["name"]] = group.arn
        _done(wrapper, {"name": group.name, "arn": group.arn, "policy_arns": arns})
    for u in s["users"]:
        wrapper, opts = _wrap(components, "User", u["name"])
        user = aws.iam.User(u["name"], name=u["name"], path="/", opts=opts)
        arns = _policies(u["name"], u.get("grants", []), policy_counts.get(u["name"], 0), aws.iam.UserPolicyAttachment,
                         opts, user=user.name)
        aws.iam.UserGroupMembership(f"{u['name']}-groups", user=user.name, groups=[groups[n].name for n in u["groups"]],
                                    opts=opts)
        principal_arns[u["name"]] = user.arn
        _done(wrapper, {"name": user.name, "arn": user.arn, "policy_arns": arns})
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}}]})
    for r in s["roles"]:
        wrapper, opts = _wrap(components, "Role", r["name"])
        role = aws.iam.Role(r["name"], name=r["name"], path="/", assume_role_policy=trust, opts=opts)
        arns = _policies(r["name"], r["grants"], policy_counts.get(r["name"], 0), aws.iam.RolePolicyAttachment, opts,
                         role=role.name)
        principal_arns[r["name"]] = role.arn
        _done(wrapper, {"name": role.name, "arn": role.arn, "policy_arns": arns})
    pulumi.export("repositoryUrls", urls)
    pulumi.export("repositoryArns", repo_arns)
    pulumi.export("principalArns", principal_arns)
