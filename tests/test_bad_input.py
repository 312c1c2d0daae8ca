"""Every bad input is refused with one error naming the config path and the bad value: each case checked where the
schema and the compiler refuse it (no Pulumi runtime), and a few through the real program under mocks, where not a
single resource is registered. Cases span every config section."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers.bad_input import NO_VALUE, assert_refused_once, raw, refusal, run_program

KEY = "ecr-access:repositories"
R0 = f"{KEY}[0]"
POLICY = f"{R0}.repositoryPolicy.grants[0]"
ACCOUNT = "123456789012"
LAMBDA = "lambda.amazonaws.com"


def repo(**entry: Any) -> dict[str, Any]:
    """`repositories` holding one entry `aa` with the given keys."""
    return {"repositories": [{"name": "aa", **entry}]}


def policy(**grant: Any) -> dict[str, Any]:
    """One repository with one repositoryPolicy grant."""
    return repo(repositoryPolicy={"grants": [{"levels": ["pull"], **grant}]})


def user(**entry: Any) -> dict[str, Any]:
    """One repository `aa` and one user `u1` (pull on aa unless grants are given)."""
    return {**repo(), "users": [{"name": "u1", "grants": [{"levels": ["pull"], "repository": "aa"}], **entry}]}


def grant(**g: Any) -> dict[str, Any]:
    """One user with one grant on repository `aa`."""
    return user(grants=[{"repository": "aa", **g}])


def role(**entry: Any) -> dict[str, Any]:
    """One role trusted by the account root."""
    return {**repo(), "roles": [{"name": "r1", "trust": {"accountRoot": True}, "grants": [{"levels": ["pull"], "repository": "aa"}], **entry}]}


def cache(*entries: dict[str, Any]) -> dict[str, Any]:
    """pullThroughCache entries."""
    return {"pullThroughCache": list(entries)}


SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:ecr-pullthroughcache/hub-AbCdEf"
C0 = "ecr-access:pullThroughCache[0]"
OIDC = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"

# (id, ecr-access config, stack, config path, bad value)
CASES = [
    # repository names, settings, sizes, duplicates, unknown keys, wrong types
    ("name-uppercase", repo(name="Bad Name"), "dev", f"{R0}.name", "Bad Name"),
    ("name-too-short", repo(name="a"), "dev", f"{R0}.name", "a"),
    ("name-wrong-type", repo(name=42), "dev", f"{R0}.name", 42),
    ("name-duplicate", {"repositories": [{"name": "aa"}, {"name": "aa"}]}, "dev", f"{KEY}[1].name", "aa"),
    ("repo-unknown-key", repo(scanOnPsh=True), "dev", f"{R0}.scanOnPsh", NO_VALUE),
    ("repositories-wrong-type", {"repositories": {"name": "aa"}}, "dev", KEY, {"name": "aa"}),
    ("tag-mutability", repo(tagMutability="SOMETIMES"), "dev", f"{R0}.tagMutability", "SOMETIMES"),
    ("exclusion-three-stars", repo(tagMutabilityExclusions=["a*b*c*d"]), "dev", f"{R0}.tagMutabilityExclusions[0]", "a*b*c*d"),
    ("encryption", repo(encryption="DES"), "dev", f"{R0}.encryption", "DES"),
    ("kms-key-other-region", repo(encryption="KMS", kmsKey=f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/abc"), "dev", f"{R0}.kmsKey",
     f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/abc"),
    ("kms-key-without-kms", repo(kmsKey=f"arn:aws:kms:us-east-1:{ACCOUNT}:key/abc"), "dev", f"{R0}.kmsKey",
     f"arn:aws:kms:us-east-1:{ACCOUNT}:key/abc"),
    ("tag-key-aws-prefix", repo(tags={"aws:team": "x"}), "dev", f"{R0}.tags.aws:team", "aws:team"),
    ("tag-value-too-long", repo(tags={"team": "x" * 257}), "dev", f"{R0}.tags.team", "x" * 257),
    ("lifecycle-count-zero", repo(lifecycle={"keepTagged": [{"count": 0}]}), "dev", f"{R0}.lifecycle.keepTagged[0].count", 0),
    ("lifecycle-days-too-many", repo(lifecycle={"expireUntaggedAfterDays": 5000}), "dev", f"{R0}.lifecycle.expireUntaggedAfterDays", 5000),
    ("lifecycle-empty", repo(lifecycle={}), "dev", f"{R0}.lifecycle", {}),
    ("force-delete-protected", repo(forceDelete=True), "prod", f"{R0}.forceDelete", True),
    ("rename-protected", repo(renamedFrom="old-aa"), "prod", f"{R0}.renamedFrom", "old-aa"),
    ("retain-wrong-type", repo(retainOnDelete="always"), "dev", f"{R0}.retainOnDelete", "always"),
    ("defaults-scan-wrong-type", {"repositoryDefaults": {"scanOnPush": "yes"}}, "dev", "ecr-access:repositoryDefaults.scanOnPush", "yes"),
    ("protect-wrong-type", {"protect": "maybe"}, "dev", "ecr-access:protect", "maybe"),
    ("unknown-top-level-key", {"repositorys": []}, "dev", "ecr-access:repositorys", NO_VALUE),
    # registry: regions, account IDs, settings
    ("region-unknown", {"aws:region": "mars-1"}, "dev", "aws:region", "mars-1"),
    ("account-id-short", {"accountId": "12345678901"}, "dev", "ecr-access:accountId", "12345678901"),
    ("registry-scope", {"registryPolicyScope": "V3"}, "dev", "ecr-access:registryPolicyScope", "V3"),
    # repository policies: principals, ARNs, account IDs, conditions, levels
    ("policy-account-id", policy(accounts=["12345"]), "dev", f"{POLICY}.accounts[0]", "12345"),
    ("policy-principal-group-arn", policy(principals=[f"arn:aws:iam::{ACCOUNT}:group/devs"]), "dev", f"{POLICY}.principals[0]",
     f"arn:aws:iam::{ACCOUNT}:group/devs"),
    ("policy-principal-other-partition", policy(principals=[f"arn:aws-cn:iam::{ACCOUNT}:role/x"]), "dev",
     f"{POLICY}.principals[0]", f"arn:aws-cn:iam::{ACCOUNT}:role/x"),
    ("policy-organization-id", policy(organization="o-short"), "dev", f"{POLICY}.organization", "o-short"),
    ("policy-service-name", policy(services=["lambda"]), "dev", f"{POLICY}.services[0]", "lambda"),
    ("policy-source-arn-account", policy(services=[{"name": LAMBDA, "sourceAccount": ACCOUNT,
                                                    "sourceArn": "arn:aws:lambda:us-east-1:210987654321:function:f"}]),
     "dev", f"{POLICY}.services[0].sourceArn", "arn:aws:lambda:us-east-1:210987654321:function:f"),
    ("policy-condition-not-map", policy(accounts=[ACCOUNT], condition="aws:SourceVpce"), "dev", f"{POLICY}.condition", "aws:SourceVpce"),
    ("policy-condition-no-keys", policy(accounts=[ACCOUNT], condition={"StringEquals": {}}), "dev",
     f"{POLICY}.condition.StringEquals", {}),
    ("policy-level", policy(accounts=[ACCOUNT], levels=["owner"]), "dev", f"{POLICY}.levels[0]", "owner"),
    ("policy-deny-except-arn", repo(repositoryPolicy={"deny": [{"actions": ["ecr:PutImage"], "except": ["not-an-arn"]}]}), "dev",
     f"{R0}.repositoryPolicy.deny[0].except[0]", "not-an-arn"),
    # users, groups, roles and their grants
    ("user-name", user(name="bad user!"), "dev", "ecr-access:users[0].name", "bad user!"),
    ("user-duplicate-ignoring-case", {**repo(), "users": [{"name": "Alice", "grants": [{"levels": ["pull"], "repository": "aa"}]},
                                                           {"name": "alice", "grants": [{"levels": ["pull"], "repository": "aa"}]}]},
     "dev", "ecr-access:users[1].name", "alice"),
    ("grant-level", grant(levels=["owner"]), "dev", "ecr-access:users[0].grants[0].levels[0]", "owner"),
    ("grant-undeclared-repository", user(grants=[{"levels": ["pull"], "repository": "nope-repo"}]), "dev",
     "ecr-access:users[0].grants[0].repository", "nope-repo"),
    ("grant-unknown-action", grant(actions=["ecr:Fly"]), "dev", "ecr-access:users[0].grants[0].actions[0]", "ecr:Fly"),
    ("grant-wildcard-only-action-scoped", grant(actions=["ecr:CreatePullThroughCacheRule"]), "dev",
     "ecr-access:users[0].grants[0].actions[0]", "ecr:CreatePullThroughCacheRule"),
    ("grant-source-ip", grant(levels=["pull"], sourceIps=["300.1.1.1"]), "dev", "ecr-access:users[0].grants[0].sourceIps[0]", "300.1.1.1"),
    ("grant-source-ip-host-bits", grant(levels=["pull"], sourceIps=["10.0.0.1/8"]), "dev",
     "ecr-access:users[0].grants[0].sourceIps[0]", "10.0.0.1/8"),
    ("user-undeclared-group", user(groups=["ghosts"]), "dev", "ecr-access:users[0].groups[0]", "ghosts"),
    ("user-access-key-wrong-type", user(accessKey="yes"), "dev", "ecr-access:users[0].accessKey", "yes"),
    ("user-permissions-boundary", user(permissionsBoundary="AdminBoundary"), "dev", "ecr-access:users[0].permissionsBoundary",
     "AdminBoundary"),
    ("group-path", {**repo(), "groups": [{"name": "g1", "path": "no-slash", "grants": [{"levels": ["pull"], "repository": "aa"}]}]},
     "dev", "ecr-access:groups[0].path", "no-slash"),
    ("role-trust-wildcard", role(trust={"principals": ["*"]}), "dev", "ecr-access:roles[0].trust.principals[0]", "*"),
    ("role-session-duration", role(maxSessionDuration=100), "dev", "ecr-access:roles[0].maxSessionDuration", 100),
    ("role-view-own-permissions", role(viewOwnPermissions=True), "dev", "ecr-access:roles[0].viewOwnPermissions", True),
    ("max-policies-over-limit", {"maxManagedPoliciesPerPrincipal": "25"}, "dev", "ecr-access:maxManagedPoliciesPerPrincipal", 25),
    # pull-through caches: upstreams, prefixes, secrets, principals
    ("cache-upstream", cache({"upstream": "dockerhub", "prefix": "hub"}), "dev", f"{C0}.upstream", "dockerhub"),
    ("cache-prefix-root", cache({"upstream": "ecr-public", "prefix": "ROOT"}), "dev", f"{C0}.prefix", "ROOT"),
    ("cache-secret-other-account", cache({"upstream": "docker-hub", "prefix": "hub",
                                          "credentialArn": SECRET.replace(ACCOUNT, "210987654321")}), "dev",
     f"{C0}.credentialArn", SECRET.replace(ACCOUNT, "210987654321")),
    ("cache-secret-name", cache({"upstream": "docker-hub", "prefix": "hub",
                                 "credentialArn": SECRET.replace("ecr-pullthroughcache/", "")}), "dev",
     f"{C0}.credentialArn", SECRET.replace("ecr-pullthroughcache/", "")),
    ("cache-prefix-duplicate", cache({"upstream": "ecr-public", "prefix": "pub"}, {"upstream": "quay", "prefix": "pub"}), "dev",
     "ecr-access:pullThroughCache[1].prefix", "pub"),
    ("cache-foreign-key", cache({"upstream": "ecr-public", "prefix": "pub", "upstreamAccount": "210987654321"}), "dev",
     f"{C0}.upstreamAccount", "210987654321"),
    ("cache-ecr-upstream-is-self", cache({"upstream": "ecr", "prefix": "self", "upstreamAccount": ACCOUNT}), "dev",
     f"{C0}.upstreamAccount", ACCOUNT),
    ("cache-upstream-region", cache({"upstream": "ecr", "prefix": "up", "upstreamAccount": "210987654321",
                                     "upstreamRegion": "moon-1"}), "dev", f"{C0}.upstreamRegion", "moon-1"),
    # registry-wide settings: replication, scanning, account settings, namespaces, adoption
    ("replication-unknown-region", {"replication": [{"destinations": [{"region": "moon-1"}]}]}, "dev",
     "ecr-access:replication[0].destinations[0].region", "moon-1"),
    ("replication-to-itself", {"replication": [{"destinations": [{"region": "us-east-1"}]}]}, "dev",
     "ecr-access:replication[0].destinations[0]", {"region": "us-east-1"}),
    ("replication-source-account", {"replicationSources": [{"account": "12345"}]}, "dev",
     "ecr-access:replicationSources[0].account", "12345"),
    ("scanning-type", {"scanning": {"scanType": "DEEP"}}, "dev", "ecr-access:scanning.scanType", "DEEP"),
    ("scan-type-version", {"basicScanTypeVersion": "CLAIR2"}, "dev", "ecr-access:basicScanTypeVersion", "CLAIR2"),
    ("namespace-root-template", {"namespaces": [{"name": "ROOT"}]}, "dev", "ecr-access:namespaces[0].name", "ROOT"),
    ("namespace-name", {"namespaces": [{"name": "Team A"}]}, "dev", "ecr-access:namespaces[0].name", "Team A"),
    ("adopt-import-id", repo(importId="other-repo"), "dev", f"{R0}.importId", "other-repo"),
    ("user-adopt-import-id", user(importId="u2"), "dev", "ecr-access:users[0].importId", "u2",
     "must be the user name 'u1': IAM imports a user by its name"),
    ("adopt-registry-other-account", {"scanning": {"scanType": "BASIC"}, "adoptRegistrySettings": {"scanning": True, "importId": "210987654321"}},
     "dev", "ecr-access:adoptRegistrySettings.importId", "210987654321", "must be the registry ID '123456789012'"),
    ("adopt-registry-undeclared", {"adoptRegistrySettings": {"replication": True}}, "dev",
     "ecr-access:adoptRegistrySettings.replication", True, "but ecr-access:replication is not set"),
    # the GitHub Actions OIDC provider: one way to get it, of the stack's own account, used by a role
    ("oidc-provider-create-and-arn", {**role(trust={"githubActions": [{"repository": "o/r", "branches": ["main"]}]}),
                                      "githubOidcProvider": {"create": True, "arn": OIDC}}, "dev",
     "ecr-access:githubOidcProvider.arn", OIDC, "names an existing provider, but create: true creates one"),
    ("oidc-provider-other-account", {**role(trust={"githubActions": [{"repository": "o/r", "branches": ["main"]}]}),
                                     "githubOidcProvider": {"arn": OIDC.replace(ACCOUNT, "210987654321")}}, "dev",
     "ecr-access:githubOidcProvider.arn", OIDC.replace(ACCOUNT, "210987654321"), "a role can trust only an OIDC provider of its own account"),
    ("oidc-provider-unused", {**role(), "githubOidcProvider": "create"}, "prod", "ecr-access:githubOidcProvider", "create",
     "no role of this stack trusts githubActions, so the provider would be unused"),
    # what a non-dev stack allows (the CrossGuard pack's per-stack rules), and ARN patterns that must pin the account
    ("prod-mutable-tags-with-exclusions", repo(tagMutability="MUTABLE", tagMutabilityExclusions=["latest"]), "prod",
     f"{R0}.tagMutability", "MUTABLE"),
    ("prod-mutable-default-tags", {"repositoryDefaults": {"tagMutability": "MUTABLE"}, **repo()}, "prod",
     "ecr-access:repositoryDefaults.tagMutability", "MUTABLE"),
    ("prod-scan-on-push-off", repo(scanOnPush=False), "prod", f"{R0}.scanOnPush", False),
    ("prod-scan-on-push-off-by-default", {"repositoryDefaults": {"scanOnPush": False}, **repo()}, "prod",
     "ecr-access:repositoryDefaults.scanOnPush", False),
    ("prod-mutable-default-in-a-template", {"repositoryDefaults": {"tagMutability": "MUTABLE"},
                                            **cache({"upstream": "ecr-public", "prefix": "pub"})}, "prod",
     "ecr-access:repositoryDefaults.tagMutability", "MUTABLE"),
    ("prod-force-delete-unprotected", {"protect": False, **repo(forceDelete=True)}, "prod", f"{R0}.forceDelete", True),
    ("prod-mutable-cache-template", cache({"upstream": "ecr-public", "prefix": "pub", "template": {"tagMutability": "MUTABLE"}}),
     "prod", f"{C0}.template.tagMutability", "MUTABLE"),
    ("prod-mutable-namespace-template", {"namespaces": [{"name": "team-a", "tagMutability": "MUTABLE"}]}, "prod",
     "ecr-access:namespaces[0].tagMutability", "MUTABLE"),
    ("prod-scanning-on-a-prefix", {"scanning": {"scanType": "ENHANCED", "rules": [{"frequency": "CONTINUOUS_SCAN", "filters": ["team-a/*"]}]}},
     "prod", "ecr-access:scanning.rules", [{"frequency": "CONTINUOUS_SCAN", "filters": ["team-a/*"]}]),
    ("anyone-arn-any-partition", policy(anyone=True, condition={"StringLike": {"aws:PrincipalArn": f"arn:*:iam::{ACCOUNT}:*"}}),
     "dev", f"{POLICY}.condition.StringLike.aws:PrincipalArn", f"arn:*:iam::{ACCOUNT}:*"),
    ("anyone-arn-any-region", policy(anyone=True, condition={"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam:*:{ACCOUNT}:*"}}),
     "dev", f"{POLICY}.condition.ArnLike.aws:PrincipalArn", f"arn:aws:iam:*:{ACCOUNT}:*"),
    ("anyone-source-arn-any-service", policy(anyone=True, condition={"ArnLike": {"aws:SourceArn": [
        f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:*", f"arn:aws:*:us-east-1:{ACCOUNT}:function:*"]}}),
     "dev", f"{POLICY}.condition.ArnLike.aws:SourceArn[1]", f"arn:aws:*:us-east-1:{ACCOUNT}:function:*"),
    # pull-through prefixes and partitions, ASCII where AWS takes ASCII, tag patterns, PGP keys
    ("cache-prefix-covers-namespace", {**cache({"upstream": "k8s", "prefix": "team-a"}), "namespaces": [{"name": "team-a/api"}]}, "dev",
     f"{C0}.prefix", "team-a"),
    ("cache-prefix-is-namespace", {**cache({"upstream": "k8s", "prefix": "team-a"}), "namespaces": [{"name": "team-a"}]}, "dev",
     f"{C0}.prefix", "team-a", "is team namespace team-a (ecr-access:namespaces[0])"),
    ("cache-prefix-inside-namespace", {**cache({"upstream": "k8s", "prefix": "team-a/k8s"}), "namespaces": [{"name": "team-a"}]},
     "dev", f"{C0}.prefix", "team-a/k8s"),
    ("cache-prefix-nested", cache({"upstream": "k8s", "prefix": "cache"}, {"upstream": "quay", "prefix": "cache/sub"}), "dev",
     "ecr-access:pullThroughCache[1].prefix", "cache/sub"),
    ("namespace-root-pull-through", {"namespaces": [{"name": "ROOT", "appliedFor": ["PULL_THROUGH_CACHE"]}]}, "dev",
     "ecr-access:namespaces[0].name", "ROOT"),
    ("cache-pull-without-import", {**user(grants=[{"levels": ["pull"], "namespace": "k8s"}]), **cache({"upstream": "k8s", "prefix": "k8s"})},
     "dev", "ecr-access:users[0].grants[0]", "k8s"),
    ("kms-key-other-partition", repo(encryption="KMS", kmsKey=f"arn:aws-cn:kms:us-east-1:{ACCOUNT}:key/abc"), "dev", f"{R0}.kmsKey",
     f"arn:aws-cn:kms:us-east-1:{ACCOUNT}:key/abc"),
    ("cache-ecr-upstream-other-partition", cache({"upstream": "ecr", "prefix": "up", "upstreamAccount": "210987654321",
                                                  "upstreamRegion": "cn-north-1"}), "dev", f"{C0}.upstreamRegion", "cn-north-1"),
    ("policy-account-fullwidth", policy(accounts=["１２３４５６７８９０１２"]), "dev", f"{POLICY}.accounts[0]", "１２３４５６７８９０１２"),
    ("policy-account-newline", policy(accounts=[ACCOUNT + "\n"]), "dev", f"{POLICY}.accounts[0]", ACCOUNT + "\n"),
    ("trust-account-fullwidth", role(trust={"principals": ["２１０９８７６５４３２１"]}), "dev", "ecr-access:roles[0].trust.principals[0]",
     "２１０９８７６５４３２１"),
    ("trust-arn-account-fullwidth", role(trust={"principals": ["arn:aws:iam::２１０９８７６５４３２１:role/ci"]}), "dev",
     "ecr-access:roles[0].trust.principals[0]", "arn:aws:iam::２１０９８７６５４３２１:role/ci"),
    ("replication-account-fullwidth", {"replication": [{"destinations": [{"region": "us-west-2", "account": "２１０９８７６５４３２１"}]}]},
     "dev", "ecr-access:replication[0].destinations[0].account", "２１０９８７６５４３２１"),
    ("boundary-account-fullwidth", user(permissionsBoundary="arn:aws:iam::１２３４５６７８９０１２:policy/Boundary"), "dev",
     "ecr-access:users[0].permissionsBoundary", "arn:aws:iam::１２３４５６７８９０１２:policy/Boundary"),
    ("user-name-cyrillic", user(name="\u0430lice"), "dev", "ecr-access:users[0].name", "\u0430lice"),
    ("group-name-cyrillic", {**repo(), "groups": [{"name": "d\u0435vs", "grants": [{"levels": ["pull"], "repository": "aa"}]}]}, "dev",
     "ecr-access:groups[0].name", "d\u0435vs"),
    ("role-name-cyrillic", role(name="ci-r\u043ele"), "dev", "ecr-access:roles[0].name", "ci-r\u043ele"),
    ("user-tag-value-quote-brace", user(tags={"team": 'a"}'}), "dev", "ecr-access:users[0].tags.team", 'a"}'),
    ("role-tag-key-hash", role(tags={"team#1": "a"}), "dev", "ecr-access:roles[0].tags.team#1", "team#1"),
    ("repo-tag-value-angle", repo(tags={"team": "<a>"}), "dev", f"{R0}.tags.team", "<a>"),
    ("repo-tag-key-too-long", repo(tags={"k" * 129: "a"}), "dev", f"{R0}.tags.{'k' * 129}", "k" * 129),
    ("pgp-key-not-base64", user(accessKey={"pgpKey": "my key"}), "dev", "ecr-access:users[0].accessKey.pgpKey", "my key"),
    ("pgp-key-armored", user(accessKey={"pgpKey": "-----BEGIN PGP PUBLIC KEY BLOCK-----"}), "dev",
     "ecr-access:users[0].accessKey.pgpKey", "-----BEGIN PGP PUBLIC KEY BLOCK-----"),
    ("pgp-key-not-a-key", user(accessKey={"pgpKey": "aGVsbG8gd29ybGQ="}), "dev", "ecr-access:users[0].accessKey.pgpKey", "aGVsbG8gd29ybGQ="),
    # messages in the user's words (an optional sixth column is text the message must hold)
    ("anyone-unconditioned", policy(anyone=True), "dev", f"{POLICY}.anyone", True, "admits every AWS principal; add a restricting"),
    ("anyone-if-exists", policy(anyone=True, condition={"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}), "dev",
     f"{POLICY}.condition", {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
     "StringEqualsIfExists aws:PrincipalOrgID is true when the key is absent (...IfExists)"),
    ("anyone-for-all-values", policy(anyone=True, condition={"ForAllValues:StringEquals": {"aws:SourceAccount": ACCOUNT}}), "dev",
     f"{POLICY}.condition", {"ForAllValues:StringEquals": {"aws:SourceAccount": ACCOUNT}},
     "ForAllValues:StringEquals aws:SourceAccount is true when the key is absent (ForAllValues:"),
    ("namespace-empty", user(grants=[{"levels": ["pull"], "namespace": ""}]), "dev", "ecr-access:users[0].grants[0].namespace", "",
     "ecr-access:users[0].grants[0].namespace: is empty (got \"\")"),
    ("namespace-star", user(grants=[{"levels": ["pull"], "namespace": "*"}]), "dev", "ecr-access:users[0].grants[0].namespace", "*",
     "may not hold * or ?: a namespace is lowercase letters and digits, separated by . _ - or /"),
    ("policy-ecr-star", policy(accounts=[ACCOUNT], actions=["ecr:*"]), "dev", f"{POLICY}.actions[0]", "ecr:*",
     "is a pattern that matches actions which change, delete or create repositories (ecr:DeleteRepository, "
     "ecr:SetRepositoryPolicy, ecr:DeleteRepositoryPolicy and 13 more): give level admin"),
    ("policy-get-star-auth-token", policy(accounts=[ACCOUNT], actions=["ecr:Get*"]), "dev", f"{POLICY}.actions[0]", "ecr:Get*",
     "has no effect in a repository policy (it matches ecr:GetAuthorizationToken)"),
    ("deny-iam-star", repo(repositoryPolicy={"deny": [{"actions": ["iam:*"], "except": [f"arn:aws:iam::{ACCOUNT}:role/admin"]}]}), "dev",
     f"{R0}.repositoryPolicy.deny[0].actions[0]", "iam:*", "is not an ECR action (ecr:...)"),
    ("grant-ecr-star-on-repository", grant(actions=["ecr:*"]), "dev", "ecr-access:users[0].grants[0].actions[0]", "ecr:*", "give level admin"),
    ("grant-put-star-on-repository", grant(actions=["ecr:Put*"]), "dev", "ecr-access:users[0].grants[0].actions[0]", "ecr:Put*",
     "(ecr:PutLifecyclePolicy, ecr:PutImageScanningConfiguration, ecr:PutImageTagMutability)"),
    ("max-policies-negative", {"maxManagedPoliciesPerPrincipal": "-1"}, "dev", "ecr-access:maxManagedPoliciesPerPrincipal", -1,
     "must be between 1 and 20, not a negative number"),
    ("empty-value", repo(tagMutability=None), "dev", f"{R0}.tagMutability", None, "must be a string, not an empty value (got null)"),
    ("lifecycle-rule-without-tags", repo(lifecycle={"keepTagged": [{"count": 3, "prefixes": []}]}), "dev",
     f"{R0}.lifecycle.keepTagged[0]", {"count": 3, "prefixes": []}, "needs either tag prefixes or tag patterns"),
    ("scan-type-version-clair", {"basicScanTypeVersion": "CLAIR"}, "dev", "ecr-access:basicScanTypeVersion", "CLAIR",
     "is no longer accepted: Clair basic scanning is retired"),
    ("registry-scope-v1", {"registryPolicyScope": "V1"}, "dev", "ecr-access:registryPolicyScope", "V1",
     "is no longer accepted: AWS accepts only V2 for REGISTRY_POLICY_SCOPE"),
    # each real problem once: bad entries stay declared, defaults are reported at the defaults, partitions name aws:region
    ("bad-repository-still-declared", {"repositories": [{"name": "aa", "tagMutability": "X"}],
                                       "users": [{"name": "u1", "grants": [{"levels": ["pull"], "repository": "aa"}]}]},
     "dev", f"{R0}.tagMutability", "X"),
    ("defaults-lifecycle-once", {"repositoryDefaults": {"lifecycle": {"keepTagged": [{"count": 1, "prefixes": []}]}},
                                 "repositories": [{"name": "aa"}, {"name": "bb"}]}, "dev",
     "ecr-access:repositoryDefaults.lifecycle.keepTagged[0]", {"count": 1, "prefixes": []}),
    ("region-partition-mismatch", {"aws:region": "cn-north-1", **policy(principals=[f"arn:aws:iam::{ACCOUNT}:role/x"])}, "dev",
     f"{POLICY}.principals[0]", f"arn:aws:iam::{ACCOUNT}:role/x", "is an ARN of partition aws, but aws:region puts this stack in partition aws-cn"),
    # registry-wide admin by pattern, caches over declared repositories, tag-key case in IAM, service principals,
    # weak pins under anyone: true, duplicate JSON keys, numbers where strings belong
    ("registry-admin-pattern", user(grants=[{"levels": ["pull"], "repository": "aa"}, {"actions": ["ecr:*Registry*"]}]), "prod",
     "ecr-access:users[0].grants[1].actions[0]", "ecr:*Registry*", "is a pattern that matches registry-wide admin actions "
     "(ecr:DeleteRegistryPolicy, ecr:PutRegistryPolicy, ecr:PutRegistryScanningConfiguration): name each one you mean"),
    ("registry-admin-replication-pattern", user(grants=[{"levels": ["pull"], "repository": "aa"}, {"actions": ["ecr:PutRepl*"]}]),
     "dev", "ecr-access:users[0].grants[1].actions[0]", "ecr:PutRepl*", "registry-wide admin actions (ecr:PutReplicationConfiguration)"),
    ("registry-admin-cache-pattern", user(grants=[{"levels": ["pull"], "repository": "aa"}, {"actions": ["ecr:*PullThroughCache*"]}]),
     "dev", "ecr-access:users[0].grants[1].actions[0]", "ecr:*PullThroughCache*", "registry-wide admin actions "
     "(ecr:CreatePullThroughCacheRule, ecr:DeletePullThroughCacheRule, ecr:UpdatePullThroughCacheRule)"),
    ("registry-admin-template-pattern", user(grants=[{"levels": ["pull"], "repository": "aa"}, {"actions": ["ecr:*Template*"]}]),
     "dev", "ecr-access:users[0].grants[1].actions[0]", "ecr:*Template*", "registry-wide admin actions "
     "(ecr:CreateRepositoryCreationTemplate, ecr:DeleteRepositoryCreationTemplate, ecr:UpdateRepositoryCreationTemplate)"),
    ("registry-admin-and-repository-admin-pattern", grant(actions=["ecr:Delete*"]), "dev", "ecr-access:users[0].grants[0].actions[0]",
     "ecr:Delete*", "; it also matches registry-wide admin actions (ecr:DeletePullThroughCacheRule, ecr:DeleteRegistryPolicy, "
     "ecr:DeleteRepositoryCreationTemplate, ecr:DeleteSigningConfiguration)"),
    ("cache-prefix-covers-repository", {"repositories": [{"name": "pub/library/nginx"}],
                                        **cache({"upstream": "ecr-public", "prefix": "pub", "principals": ["999999999999"]})},
     "prod", f"{C0}.prefix", "pub", f"covers declared repository pub/library/nginx ({R0}): the cache's principals would get"),
    ("cache-prefix-covers-repository-of-its-name", {"repositories": [{"name": "ecr-public/app"}],
                                                    **cache({"upstream": "ecr-public", "prefix": "ecr-public"})},
     "dev", f"{C0}.prefix", "ecr-public", "covers declared repository ecr-public/app"),
    ("cache-prefix-is-repository", {"repositories": [{"name": "pub"}], **cache({"upstream": "ecr-public", "prefix": "pub"})},
     "dev", f"{C0}.prefix", "pub", f"is the name of declared repository pub ({R0})"),
    ("user-tag-keys-differ-in-case", user(tags={"Team": "a", "team": "b"}), "dev", "ecr-access:users[0].tags.team", "team",
     "differs from tag key Team only in letter case; IAM tag keys ignore case"),
    ("role-tag-keys-differ-in-case", role(tags={"cost-center": "a", "Cost-Center": "b"}), "dev", "ecr-access:roles[0].tags.Cost-Center",
     "Cost-Center", "differs from tag key cost-center only in letter case"),
    ("trust-service-empty-label", role(trust={"services": ["..amazonaws.com"]}), "dev", "ecr-access:roles[0].trust.services[0]",
     "..amazonaws.com", "must be an AWS service principal name: DNS labels"),
    ("trust-service-other-partition", role(trust={"services": ["lambda.amazonaws.com.cn"]}), "dev",
     "ecr-access:roles[0].trust.services[0]", "lambda.amazonaws.com.cn",
     "ends in .amazonaws.com.cn, the DNS suffix of partition aws-cn, but aws:region puts this stack in partition aws"),
    ("policy-service-other-partition", policy(services=["ecs-tasks.amazonaws.com.cn"]), "dev", f"{POLICY}.services[0]",
     "ecs-tasks.amazonaws.com.cn", "the DNS suffix of partition aws-cn"),
    ("policy-service-label-trailing-hyphen", policy(services=["lambda-.amazonaws.com"]), "dev", f"{POLICY}.services[0]",
     "lambda-.amazonaws.com", "must be an AWS service principal name"),
    ("anyone-arn-other-partition", policy(anyone=True, condition={"StringLike": {"aws:PrincipalArn": f"arn:aws-iso-b:iam::{ACCOUNT}:role/*"}}),
     "dev", f"{POLICY}.condition.StringLike.aws:PrincipalArn", f"arn:aws-iso-b:iam::{ACCOUNT}:role/*",
     "is an ARN of partition aws-iso-b, but aws:region puts this stack in partition aws: it matches no caller"),
    ("anyone-arn-trailing-newline", policy(anyone=True, condition={"StringEquals": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/x\n"}}),
     "dev", f"{POLICY}.condition.StringEquals.aws:PrincipalArn", f"arn:aws:iam::{ACCOUNT}:role/x\n",
     "holds whitespace or a control character"),
    ("anyone-arn-no-account", policy(anyone=True, condition={"StringEquals": {"aws:PrincipalArn": "arn:aws:iam:::role/x"}}),
     "dev", f"{POLICY}.condition.StringEquals.aws:PrincipalArn", "arn:aws:iam:::role/x", "names no account"),
    ("anyone-source-arn-bucket", policy(anyone=True, condition={"ArnLike": {"aws:SourceArn": "arn:aws:s3:::victim-bucket"}}),
     "dev", f"{POLICY}.condition.ArnLike.aws:SourceArn", "arn:aws:s3:::victim-bucket", "add StringEquals aws:SourceAccount"),
    ("json-duplicate-key", {"repositories": '[{"name": "aa", "tagMutability": "IMMUTABLE", "tagMutability": "MUTABLE"}]'}, "prod",
     KEY, "tagMutability", "holds the key 'tagMutability' twice in one map; JSON would keep only the last"),
    ("condition-value-number", policy(accounts=[ACCOUNT], condition={"StringEquals": {"aws:PrincipalAccount": 123456789012}}), "dev",
     f"{POLICY}.condition.StringEquals.aws:PrincipalAccount", 123456789012, "must be a string or a list of strings, not a number"),
    ("policy-account-number", policy(accounts=[123456789012]), "dev", f"{POLICY}.accounts[0]", 123456789012,
     "YAML read this unquoted value as a number; account IDs must be quoted"),
    ("trust-account-number", role(trust={"principals": [210987654321]}), "dev", "ecr-access:roles[0].trust.principals[0]", 210987654321,
     "YAML read this unquoted value as a number; account IDs must be quoted"),
    ("cache-upstream-account-number", cache({"upstream": "ecr", "prefix": "up", "upstreamAccount": 210987654321,
                                             "upstreamRegion": "eu-west-1"}), "dev", f"{C0}.upstreamAccount", 210987654321,
     "YAML read this unquoted value as a number"),
    ("cache-principal-number", cache({"upstream": "ecr-public", "prefix": "pub", "principals": [210987654321]}), "dev",
     f"{C0}.principals[0]", 210987654321, "YAML read this unquoted value as a number"),
    # names said in words (no regular expression), the account ID as given on the command line, typos outside ecr-access:
    ("namespace-name-in-words", {"namespaces": [{"name": "Team_A/"}]}, "dev", "ecr-access:namespaces[0].name", "Team_A/",
     "is not a namespace ECR accepts: must be lowercase letters and digits, with . _ or - between them and / between path"),
    ("user-name-in-words", user(name="b\u043eb"), "dev", "ecr-access:users[0].name", "b\u043eb",
     "is not an IAM user name: must be only ASCII letters, digits and + = , . @ - _"),
    ("user-path-in-words", user(path="/a b/"), "dev", "ecr-access:users[0].path", "/a b/",
     "is not an IAM path: must be / or a path that starts and ends with / (e.g. /division/team/), of printable ASCII"),
    ("account-id-from-the-command-line", {"accountId": "12345"}, "dev", "ecr-access:accountId", "12345",
     "must be a 12-digit AWS account ID, such as 012345678901 (got"),
    ("aws-key-region-typo", {"aws:regoin": "us-east-1"}, "dev", "aws:regoin", NO_VALUE, "unknown config key; did you mean aws:region?"),
    ("namespace-typo-underscore", {"ecr_access:users": json.dumps([{"name": "u1"}])}, "dev", "ecr_access:users", NO_VALUE,
     "is not in the ecr-access namespace, so the stack would ignore it; did you mean ecr-access:users?"),
    ("namespace-typo-joined", {"ecraccess:users": json.dumps([{"name": "u1"}])}, "dev", "ecraccess:users", NO_VALUE,
     "did you mean ecr-access:users?"),
    # stack-wide tags, required tag keys, pull-time update exclusions
    ("stack-tags-keys-differ-in-case", {"tags": {"Team": "a", "team": "b"}}, "dev", "ecr-access:tags.team", "team",
     "differs from tag key Team only in letter case"),
    ("required-tag-key-aws-prefix", {"requiredTagKeys": ["aws:owner"]}, "dev", "ecr-access:requiredTagKeys[0]", "aws:owner",
     "may not start with aws:"),
    ("required-tag-key-missing", {**repo(tags={"Team": "a"}), "requiredTagKeys": ["team"]}, "dev", f"{R0}.tags", {"Team": "a"},
     "lacks the tag key team that ecr-access:requiredTagKeys asks every repository for"),
    ("required-tag-key-missing-template", {"requiredTagKeys": ["team"], "namespaces": [{"name": "team-a"}]}, "dev",
     "ecr-access:namespaces[0].tags", {}, "lacks the tag key team that ecr-access:requiredTagKeys asks every repository for, "
     "and the repositories this template creates carry its tags; set it in the template's tags"),
    ("exclusion-group-arn", {"pullTimeUpdateExclusions": [f"arn:aws:iam::{ACCOUNT}:group/readers"]}, "dev",
     "ecr-access:pullTimeUpdateExclusions[0]", f"arn:aws:iam::{ACCOUNT}:group/readers", "IAM groups cannot be excluded"),
    ("exclusion-undeclared-name", {"pullTimeUpdateExclusions": ["scanner"]}, "dev", "ecr-access:pullTimeUpdateExclusions[0]",
     "scanner", "is not the name of a user or role declared in ecr-access:users or ecr-access:roles"),
    ("exclusion-other-partition", {"pullTimeUpdateExclusions": [f"arn:aws-cn:iam::{ACCOUNT}:role/scanner"]}, "dev",
     "ecr-access:pullTimeUpdateExclusions[0]", f"arn:aws-cn:iam::{ACCOUNT}:role/scanner", "is an ARN of partition aws-cn"),
    ("exclusion-twice", {**user(), "pullTimeUpdateExclusions": ["u1", f"arn:aws:iam::{ACCOUNT}:user/u1"]}, "dev",
     "ecr-access:pullTimeUpdateExclusions[1]", f"arn:aws:iam::{ACCOUNT}:user/u1",
     f"names the same principal as ecr-access:pullTimeUpdateExclusions[0] (u1: arn:aws:iam::{ACCOUNT}:user/u1)"),
    # lifecycle rules ECR would refuse (every one: tests/test_lifecycle_refusals.py)
    ("lifecycle-archive-under-90-days", repo(lifecycle={"rules": [{"select": {"tagStatus": "any", "storageClass": "archive"},
                                                                   "countType": "sinceImageTransitioned", "countNumber": 30}]}),
     "dev", f"{R0}.lifecycle.rules[0].countNumber", 30, "must be at least 90 with countType sinceImageTransitioned"),
    ("lifecycle-any-rule-not-last", repo(lifecycle={"preset": "development", "rules": [
        {"select": {"tagStatus": "any"}, "countType": "imageCountMoreThan", "countNumber": 9, "priority": 1}]}),
     "dev", f"{R0}.lifecycle.rules[0].priority", 1, "puts this tagStatus any rule before preset (priority 2)"),
    ("lifecycle-preset-capitalised", repo(lifecycle={"preset": "Production"}), "dev", f"{R0}.lifecycle.preset", "Production",
     "is not a lifecycle preset: development, production or archiveThenExpire; did you mean 'production'?"),
    ("lifecycle-keep-tagged-prefix-twice", repo(lifecycle={"keepTagged": [{"prefixes": ["v", "release-"], "count": 5},
                                                                         {"prefixes": "release-", "count": 9}]}),
     "dev", f"{R0}.lifecycle.keepTagged[1].prefixes[0]", "release-",
     "selects the same tags of storage class standard as keepTagged[0].prefixes[1]"),
]


def test_the_table_is_big_and_distinct():
    assert len(CASES) >= 40
    assert len({c[0] for c in CASES}) == len(CASES)
    assert len({json.dumps(c[1], sort_keys=True) + c[2] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("config, stack, path, value, text", [(*c[1:5], c[5] if len(c) > 5 else "") for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_input_is_refused_at_its_path_with_its_value(config, stack, path, value, text):
    assert_refused_once(refusal(raw(config), stack), path, value, text)


# Through the real program: the error is the program's, and nothing at all is registered.
END_TO_END = ("name-uppercase", "repo-unknown-key", "grant-undeclared-repository", "cache-prefix-covers-namespace",
              "prod-scan-on-push-off")


@pytest.mark.parametrize("config, stack, path, value, text", [(*c[1:5], c[5] if len(c) > 5 else "") for c in CASES
                                                              if c[0] in END_TO_END],
                         ids=[c[0] for c in CASES if c[0] in END_TO_END])
def test_bad_input_stops_the_program_before_anything_is_registered(config, stack, path, value, text):
    errors, result = run_program(raw(config), stack)
    assert result.registrations == []
    assert len(errors) == 1, errors
    assert_refused_once(errors[0], path, value, text)
