"""Synthetic stack configs of N repositories and N principals with mixed, partly shared grants."""

from __future__ import annotations

import json
from typing import Any

# Plain values, not ecr_access's Registry: the baselines' processes import nothing of ecr_access.
REGION, ACCOUNT = "us-east-1", "123456789012"
TEAM_SIZE = 10  # repositories per namespace
BIG_LIST = 150  # repositories named one by one in a "big list" grant (needs several managed policies)
LIFECYCLE = {"keepTagged": [{"prefixes": ["v", "release-"], "count": 30}], "expireUntaggedAfterDays": 14}


def repo_name(i: int) -> str:
    """The i-th synthetic repository: ten per team namespace."""
    return f"team-{i // TEAM_SIZE:03d}/svc-{i:04d}"


def counts(size: int) -> dict[str, int]:
    """How many groups, users and roles a stack of `size` principals has (10% / 60% / 30%)."""
    groups = max(1, size // 10)
    roles = max(1, size * 3 // 10)
    return {"groups": groups, "roles": roles, "users": size - groups - roles}


def raw_sections(size: int) -> dict[str, Any]:
    """The `ecr-access:*` sections (plain values) of the synthetic stack of `size` repositories and principals."""
    repos = [repo_name(i) for i in range(size)]
    teams = sorted({r.split("/")[0] for r in repos})
    n = counts(size)

    def pick(seed: int, k: int) -> list[str]:
        return sorted({repos[(seed * 7 + j * 13) % size] for j in range(k)})

    groups = [
        {"name": f"group-{g:04d}", "grants": [
            {"levels": ["pull", "read"], "namespace": teams[g % len(teams)]},  # namespace target
            {"levels": ["push"], "repositories": pick(g, 3)},  # list target
        ]}
        for g in range(n["groups"])
    ]
    users = []
    for u in range(n["users"]):
        user: dict[str, Any] = {"name": f"user-{u:04d}", "groups": [groups[u % len(groups)]["name"]]}
        if u % 25 == 1:
            # A few users are named many repositories one by one: their statements span several managed policies.
            user["grants"] = [{"levels": ["pull"], "repositories": pick(u, min(BIG_LIST, size))}]
        elif u % 2 == 0:
            user["grants"] = [{"levels": ["push"], "repository": repos[u % size]}]  # single repository
        # the other users hold only their group's (shared) grants
        users.append(user)
    roles = [
        {"name": f"role-{r:04d}", "trust": {"accountRoot": True}, "grants": [
            {"levels": ["pull"], "repository": repos[(r * 3) % size]},
            {"levels": ["read"], "namespace": teams[(r + 1) % len(teams)]},
            {"levels": ["pull", "push"], "repositories": pick(r + 1000, 5)},
        ]}
        for r in range(n["roles"])
    ]
    return {
        "repositoryDefaults": {"lifecycle": LIFECYCLE, "tags": {"managed-by": "ecr-access"}},
        "repositories": [{"name": r} for r in repos],
        "groups": groups,
        "users": users,
        "roles": roles,
    }


def stack_config(size: int) -> dict[str, str]:
    """The synthetic stack's config as the CLI passes it to the program (every value a string)."""
    config = {"aws:region": REGION, "ecr-access:accountId": ACCOUNT}
    for key, value in raw_sections(size).items():
        config[f"ecr-access:{key}"] = json.dumps(value)
    return config


def grant_count(size: int) -> int:
    """Grant entries in the synthetic stack of `size`."""
    sections = raw_sections(size)
    return sum(len(p.get("grants", [])) for kind in ("groups", "users", "roles") for p in sections[kind])
