"""A key of `ecr-access:kmsKeys` named by `ecr-access:repositoryDefaults` reaches the declared repositories only.

Creation templates (team namespaces, pull-through caches) inherit the defaults' encryption and key too, but a template
needs a key ARN, and the stack's key policies name the declared repositories (and topics) they encrypt, not the
repositories ECR creates under a prefix. A template that would inherit such a key is refused once, at the defaults'
`kmsKey`, naming every template concerned: the user wrote the key there, not in the templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecr_access.config.errors import Problems, listed
from ecr_access.config.sections import items
from ecr_access.features.repositories.settings import RepositorySettings

DEFAULTS_KEY = "ecr-access:repositoryDefaults.kmsKey"
_TEMPLATES = (("ecr-access:namespaces", None), ("ecr-access:pullThroughCache", "template"))


def inherits_key(written: Any) -> bool:
    """True when a template written as `written` (None: not written) takes the defaults' encryption and key (it sets
    neither)."""
    if written is None:
        return True
    return isinstance(written, Mapping) and written.get("encryption") is None and written.get("kmsKey") is None


def check_default_key(values: Mapping[str, Any], defaults: RepositorySettings, problems: Problems) -> None:
    """One problem at the defaults' `kmsKey` when it names a key of ecr-access:kmsKeys that templates would inherit."""
    if defaults.key_name is None or not defaults.encryption.startswith("KMS"):
        return
    heirs = []
    for section, sub in _TEMPLATES:
        for at, raw in items(values.get(section, []), section, Problems()):
            written = raw.get(sub) if sub is not None and isinstance(raw, Mapping) else raw
            if isinstance(raw, Mapping) and inherits_key(written):
                heirs.append(f"{at}.{sub}" if sub else at)
    if heirs:
        problems.add(DEFAULTS_KEY, "names a key of ecr-access:kmsKeys, which encrypts declared repositories only, but the "
                     f"creation templates of {listed(heirs)} would inherit it: give them an encryption of their own (AES256, or "
                     "KMS with a key ARN as kmsKey)", defaults.key_name)
