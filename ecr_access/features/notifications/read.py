"""Reading `ecr-access:notifications`: each entry validated, then what only the whole stack can tell - unique topics
and rule names, namespaces the stack knows, and findings of the scan type the registry runs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from ecr_access.config.errors import Problems
from ecr_access.config.sections import items
from ecr_access.config.validation import validate
from ecr_access.features.keys.names import stack_key_name
from ecr_access.features.notifications import scanned
from ecr_access.features.notifications.config import NotificationConfig
from ecr_access.features.notifications.spec import NotificationSpec
from ecr_access.features.scanning import ScanningSpec
from ecr_access.iam.arns import Registry


def read_notifications(
    value: Any, path: str, registry: Registry, problems: Problems, context: dict[str, Any],
    namespaces: Iterable[str], elsewhere: Mapping[str, str] | None = None,
    scanning: ScanningSpec | None = None, scan_on_push: Mapping[str, bool] | None = None,
) -> tuple[NotificationSpec, ...]:
    """The valid entries of the section; every problem recorded at its config path.

    `namespaces` are the team namespaces and pull-through cache prefixes of the stack; `elsewhere` the declared
    repositories outside aws:region, with their region (the rules are in aws:region, and EventBridge rules see their own
    region's events); `scanning` aws:region's scanning configuration (a rule's findings are of its scan type, basic
    when the stack sets none) and `scan_on_push` the declared repositories' own setting: findings of what nothing scans
    are refused (scanned.py).
    """
    specs: list[NotificationSpec] = []
    topics: dict[str, str] = {}
    rules: dict[str, str] = {}
    elsewhere = elsewhere or {}
    scan_type = scanning.scan_type if scanning is not None else None  # None: the registry's is set outside the stack
    known = set(namespaces) | {repo.rsplit("/", 1)[0] for repo in context.get("declared", ()) if "/" in repo}
    for at, raw in items(value, path, problems):
        entry = validate(NotificationConfig, raw, at, problems, context)
        if entry is None:
            continue
        spec = entry.spec(at, scan_type or "BASIC")
        spec = replace(spec, key_name=stack_key_name(spec.kms_key, context.get("kms_keys", ()), registry))
        arn, key = spec.arn(registry), "topic" if spec.creates_topic else "topicArn"
        if arn in topics:
            problems.add(f"{at}.{key}", f"is the topic of {topics[arn]} too; put both entries' rules in one entry",
                         spec.topic_name or spec.topic_arn)
            continue
        topics[arn] = at
        for rule, written in zip(spec.rules, raw["rules"]):
            if rule.name in rules:
                problems.add(f"{rule.path}.name", f"is the name of {rules[rule.name]} too: EventBridge rule names are "
                             "unique in the account and region", rule.name)
            rules.setdefault(rule.name, rule.path)
            for where, repository in _listed(rule.path, "repositories", written.get("repositories")):
                on_push = (scan_on_push or {}).get(repository)
                if repository in elsewhere:
                    problems.add(where, f"lies in region {elsewhere[repository]}, but notification rules are in aws:region "
                                 f"({registry.region}) and EventBridge rules see only their own region's events; leave it "
                                 "out of the rule", repository)
                elif rule.findings is not None and on_push is not None and (
                        problem := scanned.repository_problem(repository, on_push, scanning, rule.scan_type)):
                    problems.add(where, problem, repository)
            for where, namespace in _listed(rule.path, "namespaces", written.get("namespaces")):
                bare = namespace[:-2] if namespace.endswith("/*") else namespace.rstrip("/")
                if not any(k == bare or k.startswith(f"{bare}/") for k in known):
                    problems.add(where, "is not a namespace of this stack: no team namespace, pull-through cache prefix "
                                 "or declared repository lies in it", namespace)
                elif rule.findings is not None and (problem := scanned.namespace_problem(bare, scanning)):
                    problems.add(where, problem, namespace)
            if rule.findings is not None and scan_type is not None and rule.scan_type != scan_type:
                problems.add(f"{rule.path}.scanType", f"differs from ecr-access:scanning.scanType ({scan_type}): the "
                             f"registry sends no {rule.scan_type} findings; leave scanType out", rule.scan_type)
        specs.append(spec)
    return tuple(specs)


def _listed(path: str, key: str, written: Any) -> list[tuple[str, str]]:
    # Each value of `key` as written, at its path (`namespaces` for one value, `namespaces[1]` in a list).
    if isinstance(written, list):
        return [(f"{path}.{key}[{i}]", value) for i, value in enumerate(written)]
    return [(f"{path}.{key}", written)] if isinstance(written, str) else []
