"""Pulumi mocks that answer as AWS would: ARNs, URLs and IDs built from the stack's account and region (a resource's
own `region` input where it names one)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pulumi

from ecr_access.iam.arns import Registry
from ecr_access.plan.stack_file import SECRET_PLACEHOLDER

__all__ = ["SECRET_PLACEHOLDER", "AwsShapedMocks"]


class AwsShapedMocks(pulumi.runtime.Mocks):
    """Mock provider for the resource types this stack registers; unknown types echo their inputs."""

    def __init__(self, registry: Registry, caller_account: str | None = None):
        self.registry = registry
        # The account the (mock) credentials belong to; differs from the config only in tests.
        self.caller_account = caller_account or registry.account
        self._state: dict[str, Callable[[dict[str, Any], str], tuple[str, dict[str, Any]]]] = {
            "aws:ecr/repository:Repository": self._repository,
            "aws:ecr/lifecyclePolicy:LifecyclePolicy": self._by_repository,
            "aws:ecr/repositoryPolicy:RepositoryPolicy": self._by_repository,
            "aws:ecr/registryPolicy:RegistryPolicy": self._registry_scoped,
            "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": self._registry_scoped,
            "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": self._registry_scoped,
            "aws:iam/user:User": self._iam("user"),
            "aws:iam/role:Role": self._iam("role"),
            "aws:iam/group:Group": self._iam("group"),
            "aws:iam/policy:Policy": self._iam("policy"),
            "aws:iam/accessKey:AccessKey": self._access_key,
            "aws:iam/openIdConnectProvider:OpenIdConnectProvider": self._oidc_provider,
            "aws:ecr/pullTimeUpdateExclusion:PullTimeUpdateExclusion": self._pull_time_update_exclusion,
            "aws:kms/key:Key": self._kms_key,
            "aws:kms/alias:Alias": self._kms_alias,
            "aws:sns/topic:Topic": self._topic,
            "aws:sns/topicPolicy:TopicPolicy": self._topic_policy,
            "aws:cloudwatch/eventRule:EventRule": self._event_rule,
            "aws:cloudwatch/eventTarget:EventTarget": self._event_target,
        }

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        """Return the ID and state AWS would report for a newly created resource."""
        build = self._state.get(args.typ)
        if build is None:
            return f"{args.name}-id", dict(args.inputs)
        return build(dict(args.inputs), args.name)

    # pulumi's stub declares `(result, failures)`, but its mock monitor takes a bare dict too (`isinstance(tup, dict)`),
    # and a tuple with failures None (as the stub allows) fails there: the bare dict is the form that works.
    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
        """Answer the data-source invokes the program makes."""
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            reg = self.registry
            return {
                "accountId": self.caller_account,
                "arn": f"arn:{reg.partition}:iam::{self.caller_account}:user/offline-plan",
                "userId": "AIDAOFFLINEPLAN",
                "id": self.caller_account,
            }
        if args.token == "aws:index/getPartition:getPartition":
            return {"partition": self.registry.partition, "dnsSuffix": "amazonaws.com", "id": self.registry.partition}
        return {}

    def _repository(self, inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
        repo = inputs.get("name", name)
        reg = self.registry.in_region(inputs.get("region"))
        return repo, {
            **inputs,
            "arn": reg.repository_arn(repo),
            "repositoryUrl": reg.repository_url(repo),
            "registryId": reg.account,
            "region": reg.region,
        }

    def _by_repository(self, inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
        return inputs.get("repository", name), {**inputs, "registryId": self.registry.account}

    def _registry_scoped(self, inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
        key = inputs.get("ecrRepositoryPrefix") or inputs.get("prefix") or self.registry.account
        return key, {**inputs, "registryId": self.registry.account}

    def _iam(self, kind: str) -> Callable[[dict[str, Any], str], tuple[str, dict[str, Any]]]:
        def build(inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
            physical = inputs.get("name", name)
            arn = self.registry.iam_arn(kind, physical, inputs.get("path", "/"))
            return (arn if kind == "policy" else physical), {**inputs, "arn": arn, "uniqueId": f"AID{abs(hash(arn)) % 10**12}"}

        return build

    def _oidc_provider(self, inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
        # IAM names the provider by its issuer URL without the scheme; its ID is its ARN.
        reg = self.registry
        arn = f"arn:{reg.partition}:iam::{reg.account}:oidc-provider/{str(inputs.get('url', name)).removeprefix('https://')}"
        return arn, {**inputs, "arn": arn}

    def _access_key(self, inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
        state = {**inputs, "secret": f"mock-secret-for-{name}", "status": "Active"}
        if inputs.get("pgpKey"):
            state["encryptedSecret"] = f"mock-encrypted-secret-for-{name}"
        return "AKIAOFFLINEPLAN0000", state

    def _pull_time_update_exclusion(self, inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
        # ECR's ID of an exclusion is its principal ARN (also its import ID); the provider reports the region.
        return inputs.get("principalArn", name), {**inputs, "region": self.registry.region}
    def _kms_key(self, inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
        # KMS makes the key ID (a UUID); the same one for the same stack and name, so plans are stable.
        reg = self.registry
        key_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"kms:{reg.partition}:{reg.region}:{reg.account}:{name}"))
        arn = f"arn:{reg.partition}:kms:{reg.region}:{reg.account}:key/{key_id}"
        return key_id, {**inputs, "arn": arn, "keyId": key_id, "keyUsage": "ENCRYPT_DECRYPT", "isEnabled": True,
                        "rotationPeriodInDays": 365}

    def _kms_alias(self, inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
        reg = self.registry
        alias = inputs.get("name", f"alias/{name}")
        key_id = inputs.get("targetKeyId", "")
        return alias, {**inputs, "arn": f"arn:{reg.partition}:kms:{reg.region}:{reg.account}:{alias}",
                       "targetKeyArn": f"arn:{reg.partition}:kms:{reg.region}:{reg.account}:key/{key_id}"}

    def _topic(self, inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
        # SNS identifies a topic by its ARN.
        arn = self.registry.topic_arn(inputs.get("name", name))
        return arn, {**inputs, "arn": arn, "owner": self.registry.account}

    def _topic_policy(self, inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
        return inputs.get("arn", name), {**inputs, "owner": self.registry.account}

    def _event_rule(self, inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
        rule = inputs.get("name", name)
        return rule, {**inputs, "arn": self.registry.event_rule_arn(rule), "eventBusName": "default"}

    def _event_target(self, inputs: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
        # The provider's ID of a target: `<rule>-<target id>` on the default bus.
        return f"{inputs.get('rule', name)}-{inputs.get('targetId', name)}", {**inputs, "eventBusName": "default"}
