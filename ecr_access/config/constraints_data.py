"""Derive the AWS API constraints the program loads (`python -m ecr_access.aws_data` writes them).

botocore's service models are the source of names, lengths, patterns, enums and regions; importing botocore and
loading its ECR, EventBridge, IAM and KMS models costs a fifth of a second and 20 MB at every start. The committed
constraints_subset.json holds, derived from the pinned botocore: every string and list shape of the services in
SERVICES (only min, max, pattern and enum), every region botocore knows for ECR across partitions, and each partition's
DNS suffix.

botocore is a development requirement: only this generator and the test that holds the file current import it.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

SERVICES = ("ecr", "events", "iam", "kms")
SUBSET = Path(__file__).with_name("constraints_subset.json")
_FIELDS = ("min", "max", "pattern", "enum")


def derive() -> dict[str, Any]:
    """The constraints subset, from the installed botocore."""
    import botocore.loaders
    import botocore.session

    loader = botocore.loaders.Loader()
    shapes = {}
    for service in SERVICES:
        raw = loader.load_service_model(service, "service-2")["shapes"]
        shapes[service] = {
            name: {k: shape[k] for k in _FIELDS if k in shape}
            for name, shape in sorted(raw.items()) if shape["type"] in ("string", "list")
        }
    session = botocore.session.get_session()
    regions = {region for partition in session.get_available_partitions()
               for region in session.get_available_regions("ecr", partition_name=partition)}
    suffixes = {p["partition"]: p["dnsSuffix"] for p in loader.load_data("endpoints")["partitions"]}
    return {"source": f"botocore {version('botocore')}", "regions": sorted(regions), "dnsSuffixes": suffixes,
            "shapes": shapes}


def render(subset: dict[str, Any]) -> str:
    """The file's text: one shape a line, so a botocore update reads as a short diff."""
    services = ",\n".join(
        f"{json.dumps(service)}:{{\n" + ",\n".join(f"{json.dumps(n)}:{json.dumps(s, separators=(',', ':'))}" for n, s in shapes.items()) + "\n}"
        for service, shapes in subset["shapes"].items()
    )
    head = {k: subset[k] for k in ("source", "regions", "dnsSuffixes")}
    return json.dumps(head, separators=(",", ":"))[:-1] + ',"shapes":{\n' + services + "\n}}\n"

