"""The mock runtime every measured program runs under, ours and the baselines alike. It imports nothing of ecr_access,
so a baseline's process holds only the interpreter, the Pulumi SDK, pulumi_aws and this harness."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import pulumi
from pulumi.runtime import settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.stack import wait_for_rpcs

PARTITION = "aws"


class RecordingMocks(pulumi.runtime.Mocks):
    """Answers every registration with its inputs plus an ARN and, for repositories, a URL; records what was registered."""

    def __init__(self, account: str, region: str):
        self.account, self.region = account, region
        self.registered: list[tuple[str, str, dict[str, Any]]] = []  # (type, name, inputs), components included

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        """The ID and state of a new resource: its inputs, an ARN, and a URL (read by repository outputs)."""
        self.registered.append((args.typ, args.name, dict(args.inputs)))
        physical = args.inputs.get("name", args.name)
        service = args.typ.split(":")[1].split("/")[0]
        return str(physical), {
            **args.inputs,
            "arn": f"arn:{PARTITION}:{service}:{self.region}:{self.account}:{physical}",
            "repositoryUrl": f"{self.account}.dkr.ecr.{self.region}.amazonaws.com/{physical}",
        }

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
        """The caller's identity and partition (read by ours to check the account)."""
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {"accountId": self.account, "arn": f"arn:{PARTITION}:iam::{self.account}:user/bench",
                    "userId": "AIDABENCH", "id": self.account}
        if args.token == "aws:index/getPartition:getPartition":
            return {"partition": PARTITION, "dnsSuffix": "amazonaws.com", "id": PARTITION}
        return {}

    def types(self) -> dict[str, int]:
        """Registrations per resource type."""
        return dict(Counter(t for t, _, _ in self.registered))


def run(body: Callable[[], Any], config: Mapping[str, str], mocks: RecordingMocks, *, stack: str = "dev") -> None:
    """Run `body` as the Pulumi program of project ecr-access under `mocks`, until every registration is answered."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    settings.ROOT.set(None)
    set_all_config(dict(config), [])
    pulumi.runtime.set_mocks(mocks, project="ecr-access", stack=stack, preview=False)
    body()
    loop.run_until_complete(wait_for_rpcs())
