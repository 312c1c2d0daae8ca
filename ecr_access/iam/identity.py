"""Identity policy statements of one principal, derived from its grants (one statement per action set and target set)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecr_access.iam import catalog
from ecr_access.iam.arns import Registry
from ecr_access.iam.document import Condition, Statement
from ecr_access.iam.grants import Grant, namespaces_above
from ecr_access.iam.levels import AUTH_TOKEN_ACTION, Level
from ecr_access.iam.sids import SidAllocator, camel, verbs

AUTH_TOKEN_SID = "GetAuthorizationToken"
CONSOLE_SID = "ConsoleReadOnly"
NAVIGATE_SID = "NavigateInConsole"
VIEW_OWN_SID = "ViewOwnUserInfo"
# Statements allowed to carry repository-scoped actions on "*" (see render_validated).
WILDCARD_SIDS = frozenset({CONSOLE_SID, NAVIGATE_SID})

# What the ECR console needs to list repositories and show their images. A console-access policy often also
# allows BatchGetImage/GetDownloadUrlForLayer/BatchCheckLayerAvailability on "*", i.e. pulling every image of
# the account; viewing needs none of them, so they stay scoped to the grants.
CONSOLE_ACTIONS = ("ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:GetRepositoryPolicy", "ecr:ListImages")
_VIEW_OWN_ACTIONS = ("iam:GetUser", "iam:GetUserPolicy", "iam:ListAttachedUserPolicies", "iam:ListGroupsForUser", "iam:ListUserPolicies")
_NAVIGATE_ACTIONS = (
    "iam:GetGroupPolicy", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListAttachedGroupPolicies",
    "iam:ListGroupPolicies", "iam:ListPolicies", "iam:ListPolicyVersions", "iam:ListUsers",
)


@dataclass(frozen=True)
class IdentityOptions:
    """Extra statements a principal asks for: ECR console minimum, and (users) viewing their own permissions."""

    console: bool = False
    view_own_permissions: bool = False
    # The IAM path(s) of the users `${aws:username}` may resolve to (a group's members may use several).
    user_paths: tuple[str, ...] = ("/",)


def is_wildcard_only(action: str) -> bool:
    """True when an action (or every action a pattern matches) takes only Resource "*"."""
    return all(info.wildcard_only for info in catalog.expand(action))


def grant_statements(grants: tuple[Grant, ...], registry: Registry) -> tuple[Statement, ...]:
    """The statements of a principal's grants, `ecr:GetAuthorizationToken` first and alone on "*".

    Grants with equal conditions are merged per resource; resources that end with the same action set share one
    statement; actions a covering namespace (or an unconditional grant) already allows are not repeated.
    """
    if not grants:
        return ()
    sids = SidAllocator({AUTH_TOKEN_SID, CONSOLE_SID, NAVIGATE_SID, VIEW_OWN_SID})
    out = [Statement(sid=AUTH_TOKEN_SID, actions=(AUTH_TOKEN_ACTION,), resources=("*",))]
    groups: dict[tuple[Condition, ...], dict[tuple[str, str], set[str]]] = {}
    anywhere: dict[tuple[Condition, ...], set[str]] = {}
    regions = _regions(grants, registry)
    for grant in grants:
        conditions = tuple(grant.conditions)
        per_resource = groups.setdefault(conditions, {})
        for action in grant.all_actions:
            if action.lower() == AUTH_TOKEN_ACTION.lower():
                continue  # already granted, alone on "*"
            if is_wildcard_only(action):
                anywhere.setdefault(conditions, set()).add(action)
                continue
            for key in _keys(grant):
                per_resource.setdefault(key, set()).add(action)
    unconditional = groups.get((), {})
    for conditions in sorted(groups, key=_condition_order):
        per_resource = _without_covered(groups[conditions], unconditional if conditions else {}, regions)
        by_actions: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for key in sorted(per_resource):
            if per_resource[key]:
                by_actions.setdefault(tuple(sorted(per_resource[key])), []).append(key)
        for actions, keys in sorted(by_actions.items(), key=lambda item: (item[1], item[0])):
            sid = sids.take(_action_words(actions) + _target_words(keys) + _condition_words(conditions))
            arns = tuple(registry.in_region(region).namespace_arn(n) if kind == "ns" else registry.in_region(region).repository_arn(n)
                         for kind, n in keys for region in sorted(regions.get((kind, n), (registry.region,))))
            out.append(Statement(sid=sid, actions=actions, resources=arns, conditions=conditions))
    for conditions in sorted(anywhere, key=_condition_order):
        actions = tuple(sorted(anywhere[conditions]))
        words = _short(actions[0]) if len(actions) == 1 else "".join(verbs(actions)) + "RegistryWide"
        out.append(Statement(sid=sids.take(words + _condition_words(conditions)), actions=actions, resources=("*",), conditions=conditions))
    return tuple(out)


def option_statements(options: IdentityOptions, registry: Registry) -> tuple[Statement, ...]:
    """The console-minimum and view-own-permissions statements a principal asked for."""
    out = []
    if options.console:
        out.append(Statement(sid=CONSOLE_SID, actions=CONSOLE_ACTIONS, resources=("*",)))
    if options.view_own_permissions:
        users = tuple(registry.iam_arn("user", "${aws:username}", path) for path in options.user_paths)
        out.append(Statement(sid=VIEW_OWN_SID, actions=_VIEW_OWN_ACTIONS, resources=users))
        out.append(Statement(sid=NAVIGATE_SID, actions=_NAVIGATE_ACTIONS, resources=("*",)))
    return tuple(out)


def _keys(grant: Grant) -> list[tuple[str, str]]:
    return [("repo", r) for r in grant.target.repositories] + [("ns", n) for n in grant.target.namespaces]


def _regions(grants: tuple[Grant, ...], registry: Registry) -> dict[tuple[str, str], frozenset[str]]:
    # The regions of each target key outside the registry's own (a key absent lies in the registry's region only).
    if not any(grant.target.regions for grant in grants):
        return {}
    found: dict[tuple[str, str], set[str]] = {}
    for grant in grants:
        placed = dict(grant.target.regions)  # a repository name or `<namespace>/*` -> its regions outside the registry's
        for kind, name in _keys(grant):
            found.setdefault((kind, name), set()).update(placed.get(f"{name}/*" if kind == "ns" else name) or (registry.region,))
    return {key: frozenset(regions) for key, regions in found.items()}


def _without_covered(per_resource: dict, unconditional: dict,
                     regions: dict[tuple[str, str], frozenset[str]]) -> dict[tuple[str, str], set[str]]:
    # An action allowed on a namespace wildcard (or without conditions) needs no second, narrower Allow; a namespace
    # covers a name only in the regions it spans. Namespaces are looked up by the key's own prefixes: linear in the
    # keys (a principal may name thousands).
    namespaces = [{name: acts for (kind, name), acts in source.items() if kind == "ns"} for source in (per_resource, unconditional)]
    out = {}
    for key, actions in per_resource.items():
        covered: set[str] = set(unconditional.get(key, set()))
        for prefix in namespaces_above(key[1]):  # the namespaces that would cover it
            if regions and not regions.get(("ns", prefix), frozenset()) >= regions[key]:
                continue
            for index in namespaces:
                covered |= index.get(prefix, set())
        out[key] = set(actions) - covered
    return out


def _condition_order(conditions: tuple[Condition, ...]) -> tuple:
    return (len(conditions), [(c.operator, c.key, c.values) for c in conditions])


def _short(action: str) -> str:
    return action.split(":", 1)[1].replace("*", "")


def _action_words(actions: tuple[str, ...]) -> str:
    rest = set(actions)
    words = []
    if set(Level.ADMIN.actions) <= rest:
        words.append("Admin")
        rest -= set(Level.ADMIN.actions)
    pull, push_only = set(Level.PULL.actions), set(Level.PUSH.actions) - set(Level.PULL.actions)
    # "Push" names the upload actions even when pull is already allowed by a wider statement.
    if push_only <= rest:
        words.append("Push")
        rest -= push_only | pull
    elif pull <= rest:
        words.append("Pull")
        rest -= pull
    if set(Level.READ.actions) <= rest:
        words.append("Read")
        rest -= set(Level.READ.actions)
    if len(rest) == 1 and not words:
        return _short(next(iter(rest)))
    return "".join(words) + "".join(verbs(tuple(sorted(rest))))


def _target_words(keys: list[tuple[str, str]]) -> str:
    kind, name = keys[0]
    first = camel(name) + ("Namespace" if kind == "ns" else "")
    return first if len(keys) == 1 else f"{first}And{len(keys) - 1}More"


def _condition_words(conditions: tuple[Condition, ...]) -> str:
    words = {"aws:SourceIp": "FromIps", "aws:MultiFactorAuthPresent": "WithMfa"}
    return "".join(words.get(c.key, re.sub(r"[^A-Za-z0-9]", "", c.key.split(":")[-1])) for c in conditions)
