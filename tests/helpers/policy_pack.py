"""Run the CrossGuard pack as the Pulumi engine does and speak its gRPC Analyzer protocol.

The engine starts a Python pack as `python -u -m pulumi.policy <engine address> <pack folder>` in the pack's folder;
`PolicyPack(...)` serves the Analyzer on a local port and prints the port on stdout. The engine then calls
GetAnalyzerInfo, Analyze once per resource (its inputs as a protobuf Struct: policy documents are JSON strings) and
AnalyzeStack with every resource. The pack never calls the engine back, so the address passed is never dialled.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from ecr_access.plan.runner import PlanResult

PACK_DIR = Path(__file__).resolve().parent.parent.parent / "policy-pack"
PROJECT = "ecr-access"
UNUSED_ENGINE_ADDRESS = "127.0.0.1:1"


@dataclass(frozen=True)
class Resource:
    """One resource as the engine sends it: type token, URN, logical name and input properties (camelCase)."""

    type: str
    urn: str
    name: str
    inputs: Mapping[str, Any]


@dataclass(frozen=True)
class Violation:
    """One diagnostic the pack reported."""

    policy: str
    message: str
    urn: str
    mandatory: bool


def urn(stack: str, type_: str, name: str) -> str:
    """A top-level resource URN of this project on `stack`."""
    return f"urn:pulumi:{stack}::{PROJECT}::{type_}::{name}"


def resource(stack: str, type_: str, inputs: Mapping[str, Any], name: str = "r") -> Resource:
    """A resource of `type_` on `stack` with these inputs."""
    return Resource(type_, urn(stack, type_, name), name, inputs)


def plan_resources(result: PlanResult) -> list[Resource]:
    """Every resource an offline plan registered, with the inputs the program registered (documents as JSON strings)."""
    return [Resource(r.type, r.urn, r.name, r.inputs) for r in result.registrations]


def _struct(inputs: Mapping[str, Any]) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update({k: v for k, v in inputs.items() if v is not None})
    return out


class PolicyPackAnalyzer:
    """The pack in `pack_dir` running in its own process, and a client of its Analyzer (a context manager)."""

    def __init__(self, pack_dir: Path = PACK_DIR, python: str = sys.executable):
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        self.process = subprocess.Popen(
            [python, "-u", "-m", "pulumi.policy", UNUSED_ENGINE_ADDRESS, str(pack_dir)],
            cwd=pack_dir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        port = self.process.stdout.readline().strip()
        if not port.isdigit():
            self.process.kill()
            _, err = self.process.communicate()
            raise RuntimeError(f"the policy pack did not start (printed {port!r}):\n{err}")
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stub = analyzer_pb2_grpc.AnalyzerStub(self.channel)

    def __enter__(self) -> PolicyPackAnalyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the pack's process (the one this client started)."""
        self.channel.close()
        self.process.terminate()
        self.process.communicate()

    def info(self) -> analyzer_pb2.AnalyzerInfo:
        """GetAnalyzerInfo: the pack's name and policies."""
        return self.stub.GetAnalyzerInfo(empty_pb2.Empty())

    @staticmethod
    def _violations(response: analyzer_pb2.AnalyzeResponse) -> list[Violation]:
        return [Violation(d.policyName, d.message, d.urn, d.enforcementLevel == analyzer_pb2.MANDATORY)
                for d in response.diagnostics]

    def analyze(self, res: Resource) -> list[Violation]:
        """Analyze: the resource policies' violations for one resource."""
        request = analyzer_pb2.AnalyzeRequest(type=res.type, properties=_struct(res.inputs), urn=res.urn, name=res.name)
        return self._violations(self.stub.Analyze(request))

    def analyze_stack(self, resources: Iterable[Resource]) -> list[Violation]:
        """AnalyzeStack: the stack policies' violations for every resource at once."""
        request = analyzer_pb2.AnalyzeStackRequest(resources=[
            analyzer_pb2.AnalyzerResource(type=r.type, properties=_struct(r.inputs), urn=r.urn, name=r.name)
            for r in resources])
        return self._violations(self.stub.AnalyzeStack(request))

    def check(self, resources: Iterable[Resource]) -> list[Violation]:
        """What a preview with the pack reports: Analyze for each resource, then AnalyzeStack for all of them."""
        resources = list(resources)
        return [v for r in resources for v in self.analyze(r)] + self.analyze_stack(resources)
