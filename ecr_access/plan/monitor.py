"""A mock monitor that records every registration with its parent, options and inputs."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any

from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockMonitor, Mocks

from ecr_access.plan.mocks import SECRET_PLACEHOLDER


def _mask_secrets(value: Any) -> Any:
    if rpc.is_rpc_secret(value):
        return SECRET_PLACEHOLDER
    if isinstance(value, dict):
        return {k: _mask_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_secrets(v) for v in value]
    return value


def urn_name(urn: str) -> str:
    """The logical name at the end of a URN."""
    return urn.split("::")[-1]


def urn_type(urn: str) -> str:
    """The resource type of a URN (the last of its parent-type chain)."""
    return urn.split("::")[2].split("$")[-1]


@dataclass
class Registration:
    """One resource the program registered, as the engine would have seen it."""

    type: str
    name: str
    urn: str
    parent_urn: str | None
    custom: bool
    inputs: dict[str, Any]
    protect: bool = False
    retain_on_delete: bool = False
    import_id: str | None = None
    dependencies: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


class RecordingMonitor(MockMonitor):
    """MockMonitor that keeps an ordered record of registrations (secret inputs masked)."""

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.registrations: list[Registration] = []
        self._thread_loops: list[asyncio.AbstractEventLoop] = []
        self._lock = threading.Lock()
        self._aliases: dict[str, tuple[str, list[str]]] = {}
        # What each component registered as its outputs (secrets masked): the state a user's `pulumi stack` shows.
        self.component_outputs: dict[str, dict[str, Any]] = {}  # urn -> (name, alias URNs), for children to inherit

    def _thread_loop(self) -> None:
        # The base monitor makes an event loop on each executor thread and never closes it; made here instead,
        # they are closed by close() while their sockets still exist, not garbage-collected in a cycle later.
        try:
            asyncio.get_event_loop()
        except RuntimeError:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            with self._lock:
                self._thread_loops.append(loop)

    def close(self) -> None:
        """Close the event loops made on executor threads."""
        with self._lock:
            loops, self._thread_loops = self._thread_loops, []
        for loop in loops:
            loop.close()

    def Invoke(self, request):
        """Answer an invoke from the mocks, on an event loop this monitor will close."""
        self._thread_loop()
        return super().Invoke(request)

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        """URNs as the engine makes them: children of the root stack carry no `pulumi:pulumi:Stack$` type prefix."""
        if parent and urn_type(parent) == "pulumi:pulumi:Stack":
            parent = ""
        return super().make_urn(parent, type_, name)

    def RegisterResource(self, request):
        """Record the request, then let the mocks answer it."""
        self._thread_loop()
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            parent = request.parent if request.parent and urn_type(request.parent) != "pulumi:pulumi:Stack" else None
            self.registrations.append(
                Registration(
                    type=request.type,
                    name=request.name,
                    urn=response.urn,
                    parent_urn=parent,
                    custom=bool(request.custom),
                    inputs=_mask_secrets(rpc.deserialize_properties(request.object)),
                    protect=bool(request.protect),
                    retain_on_delete=bool(request.retainOnDelete),
                    import_id=request.importId or None,
                    dependencies=list(request.dependencies),
                    aliases=self._alias_urns(request, response.urn),
                )
            )
        return response

    def RegisterResourceOutputs(self, request):
        """Record a component's registered outputs, secrets masked."""
        outputs = _mask_secrets(rpc.deserialize_properties(request.outputs))
        with self._lock:
            self.component_outputs[request.urn] = outputs
        return super().RegisterResourceOutputs(request)

    def _alias_urns(self, request, urn: str) -> list[str]:
        """Alias URNs as the engine resolves them: the request's alias specs, plus those inherited from the parent."""
        out = [str(a) for a in request.aliasURNs]
        for alias in request.aliases:
            if alias.urn:
                out.append(alias.urn)
                continue
            spec = alias.spec
            parent = "" if spec.noParent else (spec.parentUrn or request.parent)
            out.append(self.make_urn(parent, spec.type or request.type, spec.name or request.name))
        with self._lock:
            parent_name, parent_aliases = self._aliases.get(request.parent, ("", []))
        for parent_alias in parent_aliases:
            # A child named after its parent is renamed with it (`repo-lifecycle` under `repo`).
            name = request.name
            if parent_name and name.startswith(parent_name):
                name = urn_name(parent_alias) + name[len(parent_name):]
            out.append(self.make_urn(parent_alias, request.type, name))
        out = sorted(set(out) - {urn})
        with self._lock:
            self._aliases[urn] = (request.name, out)
        return out
