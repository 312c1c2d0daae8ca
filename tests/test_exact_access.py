"""Exactness of access, property-based: for random stack configs, the rendered documents grant exactly the grants declared.

Access is decided from the rendered JSON by the IAM evaluator `report.evaluate` (documented there: Allow/Deny,
Action/NotAction and Resource/NotResource wildcards, Principal matching; conditions make a decision CONDITIONAL).
The expected decision is computed from the raw config values alone (`expected` below: what the strategy wrote), never
from the validated specs or grants the program reads them into, nor from the documents.
Configs are compiled with the pure compiler: no Pulumi in these tests.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecr_access.config.stack import StackConfig, load_stack_config
from ecr_access.iam.evaluate import Caller, Decision, Rule, evaluate, parse
from ecr_access.iam.levels import AUTH_TOKEN_ACTION, Level, actions_for
from ecr_access.stack.compile import CompiledStack, compile_stack

ACCOUNT = "123456789012"
OTHER = "210987654321"
REPOS = ("team-a/app", "team-a/web", "team-b/app", "shared", "tools/ci")
LATER = ("team-a/later", "team-b/later", "tools/later", "other")  # created later, outside the stack
NAMESPACES = ("team-a", "team-b", "tools")
EXTRA_ACTIONS = ("ecr:DescribeImages", "ecr:ListTagsForResource", "ecr:StartImageScan")
NEVER_GRANTED = ("ecr:DeleteRepository", "ecr:SetRepositoryPolicy", "ecr:PutLifecyclePolicy")
PROBED = tuple(sorted(set(actions_for(set(Level))) | set(EXTRA_ACTIONS) | set(NEVER_GRANTED)))
EXTERNAL_ROLE = f"arn:aws:iam::{OTHER}:role/puller"
ORG = "o-a1b2c3d4e5"
EXCEPT_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecr-admin"
EXTERNAL_CALLERS = (
    Caller("aws", EXTERNAL_ROLE), Caller("aws", f"arn:aws:iam::{OTHER}:root"),
    Caller("aws", "arn:aws:iam::999988887777:user/stranger"), Caller("service", "lambda.amazonaws.com"),
)
EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# `create` is a namespace-only level (tested in test_namespaces.py); these configs grant repositories and namespaces alike.
levels = st.lists(st.sampled_from([lv.value for lv in Level if lv is not Level.CREATE]), unique=True, max_size=3)
extra = st.lists(st.sampled_from(EXTRA_ACTIONS), unique=True, max_size=2)


@st.composite
def access(draw) -> dict[str, Any]:
    """`levels` and/or `actions` (at least one of them)."""
    lv, ac = draw(levels), draw(extra)
    if not lv and not ac:
        lv = ["pull"]
    return {**({"levels": lv} if lv else {}), **({"actions": ac} if ac else {})}


@st.composite
def identity_grant(draw, repos: list[str]) -> dict[str, Any]:
    """A grant on declared repositories and/or namespaces."""
    names = draw(st.lists(st.sampled_from(repos), unique=True, max_size=2))
    spaces = draw(st.lists(st.sampled_from(NAMESPACES), unique=True, max_size=2, min_size=0 if names else 1))
    return {**draw(access()), **({"repositories": names} if names else {}), **({"namespaces": spaces} if spaces else {})}


@st.composite
def repository_policy(draw) -> dict[str, Any]:
    """Grants to external principals (accounts, ARNs, the organization, a service) and explicit Denies."""
    grants = []
    for kind in draw(st.lists(st.sampled_from(["accounts", "principals", "organization", "services"]), unique=True, max_size=3)):
        who = {"accounts": [OTHER], "principals": [EXTERNAL_ROLE], "organization": ORG,
               "services": [{"name": "lambda.amazonaws.com"}]}[kind]
        grants.append({kind: who, **draw(access())})
    deny = []
    if draw(st.booleans()) or not grants:
        entry: dict[str, Any] = {"actions": draw(st.lists(st.sampled_from(["ecr:PutImage", "ecr:BatchGetImage"]), min_size=1, unique=True))}
        if draw(st.booleans()):
            entry["except"] = [EXCEPT_ROLE]
        deny.append(entry)
    return {**({"grants": grants} if grants else {}), **({"deny": deny} if deny else {})}


@st.composite
def stack_configs(draw) -> dict[str, Any]:
    """A random valid stack config as the model reads it."""
    repos = draw(st.lists(st.sampled_from(REPOS), min_size=1, max_size=4, unique=True))
    entries = []
    for name in repos:
        entry: dict[str, Any] = {"name": name}
        if draw(st.booleans()):
            entry["repositoryPolicy"] = draw(repository_policy())
        entries.append(entry)
    grants = st.lists(identity_grant(repos), min_size=1, max_size=2)
    groups = [{"name": f"g{i}", "grants": draw(grants)} for i in range(draw(st.integers(0, 2)))]
    users = []
    for i in range(draw(st.integers(0, 3))):
        member = draw(st.lists(st.sampled_from([g["name"] for g in groups]), unique=True)) if groups else []
        own = draw(st.lists(identity_grant(repos), min_size=0 if member else 1, max_size=2))
        users.append({"name": f"u{i}", **({"grants": own} if own else {}), **({"groups": member} if member else {})})
    roles = [{"name": f"r{i}", "trust": {"accountRoot": True}, "grants": draw(grants)} for i in range(draw(st.integers(0, 2)))]
    values = {"aws:region": "us-east-1", "ecr-access:accountId": ACCOUNT, "ecr-access:repositories": entries}
    for key, items in (("users", users), ("groups", groups), ("roles", roles)):
        if items:
            values[f"ecr-access:{key}"] = items
    return values


def load(values: dict[str, Any]) -> StackConfig:
    """The validated config (stack `dev`)."""
    return load_stack_config(values, project="ecr-access", stack="dev")


def identity_rules(compiled: CompiledStack) -> dict[str, tuple[str, list[Rule]]]:
    """Per user and role: its ARN and the rules of its own and its groups' rendered identity policies."""
    docs = {(p.spec.kind, p.spec.name): [r for pol in p.policies for r in parse(pol.document.parsed(), source=pol.name)]
            for p in compiled.principals}
    out = {}
    for p in compiled.principals:
        if p.spec.kind != "group":
            rules = docs[(p.spec.kind, p.spec.name)] + [r for g in p.spec.groups for r in docs[("group", g)]]
            out[f"{p.spec.kind} {p.spec.name}"] = (p.arn, rules)
    return out


def repository_rules(compiled: CompiledStack, name: str) -> list[Rule]:
    """The rules of a repository's rendered policy (statements apply to that repository)."""
    for r in compiled.repositories:
        if r.spec.name == name and r.repository_policy is not None:
            return list(parse(r.repository_policy.parsed(), source=name, kind="repository", default_resource=r.arn))
    return []


def listed(value: Any) -> list[Any]:
    """A key's value written as one item or a list of them, as a list (absent: empty)."""
    return [] if value is None else value if isinstance(value, list) else [value]


def entries(values: dict[str, Any], section: str) -> dict[str, dict[str, Any]]:
    """The entries of a list section (`repositories`, `users`, ...) as written, by name."""
    return {entry["name"]: entry for entry in values.get(f"ecr-access:{section}", [])}


def declared_actions(grant: dict[str, Any]) -> set[str]:
    """The actions a grant entry names: those of its levels and its named actions."""
    levels = listed(grant.get("level")) + listed(grant.get("levels"))
    return set(actions_for({Level(v) for v in levels})) | set(listed(grant.get("actions")))


def covers(grant: dict[str, Any], repo: str) -> bool:
    """Whether an identity grant entry's target holds the repository (named, or under one of its namespaces)."""
    names = listed(grant.get("repository")) + listed(grant.get("repositories"))
    spaces = listed(grant.get("namespace")) + listed(grant.get("namespaces"))
    return repo in names or any(repo.startswith(f"{ns.removesuffix('/*')}/") for ns in spaces)


def identity_grants(values: dict[str, Any], principal: str) -> list[dict[str, Any]]:
    """The grant entries a user or role holds, as written: its own and its groups'."""
    kind, name = principal.split(" ")
    entry = entries(values, f"{kind}s")[name]
    groups = entries(values, "groups")
    return listed(entry.get("grants")) + [g for group in listed(entry.get("groups")) for g in listed(groups[group].get("grants"))]


def expected(values: dict[str, Any], principal: str | None, caller: Caller, repo: str, action: str) -> Decision:
    """The decision the raw config declares: grants allow (conditionally for principal-"*" kinds), denies deny."""
    allows: list[bool] = []  # one entry per declared grant that covers the request: True when conditional
    if principal is not None:
        allows += [bool(g.get("sourceIps") or g.get("mfa")) for g in identity_grants(values, principal)
                   if covers(g, repo) and action in declared_actions(g)]
    hard_deny = soft_deny = False
    policy = entries(values, "repositories").get(repo, {}).get("repositoryPolicy", {})
    for grant in listed(policy.get("grants")):
        if action not in declared_actions(grant):
            continue
        accounts = [f"arn:aws:iam::{a}:root" for a in listed(grant.get("accounts"))]
        if caller.kind == "aws" and caller.id in listed(grant.get("principals")) + accounts:
            allows.append(bool(grant.get("condition")))
        if grant.get("organization"):
            allows.append(True)  # Principal "*" narrowed by aws:PrincipalOrgID: anyone, conditionally
        services = [s if isinstance(s, str) else s["name"] for s in listed(grant.get("services"))]
        if caller.kind == "service" and caller.id in services:
            allows.append(True)  # narrowed by aws:SourceAccount
    for deny in listed(policy.get("deny")):
        if action in listed(deny["actions"]) and caller.kind in ("aws", "service"):
            soft_deny |= bool(deny.get("except"))
            hard_deny |= not deny.get("except")
    if hard_deny:
        return Decision.DENY
    if not allows:
        return Decision.IMPLICIT_DENY
    return Decision.CONDITIONAL if soft_deny or all(allows) else Decision.ALLOW


@EXAMPLES
@given(stack_configs())
def test_every_document_is_valid_deterministic_and_inside_its_quota(values):
    first, second = compile_stack(load(values)), compile_stack(load(values))
    docs = first.documents()
    assert [d.json for d in docs] == [d.json for d in second.documents()]
    for doc in docs:
        assert doc.size <= doc.limit
        parsed = doc.parsed()
        assert parsed.get("Version") == "2012-10-17" or "rules" in parsed
        assert doc.json == doc.json.strip() and "\n" not in doc.json


@EXAMPLES
@given(stack_configs())
def test_access_granted_equals_the_grants_declared(values):
    config = load(values)
    compiled = compile_stack(config)
    callers = [(key, Caller("aws", arn), rules) for key, (arn, rules) in identity_rules(compiled).items()]
    callers += [(None, caller, []) for caller in EXTERNAL_CALLERS]
    registry = config.registry
    for principal, caller, rules in callers:
        for repo in tuple(r.name for r in config.repositories) + LATER:
            pool = rules + repository_rules(compiled, repo)
            for action in PROBED:
                got = evaluate(pool, action, registry.repository_arn(repo), caller).decision
                want = expected(values, principal, caller, repo, action)
                assert got is want, f"{principal or caller.id} {action} on {repo}: rendered {got.value}, declared {want.value}"
        if principal is not None:
            # Every principal with any grant may log in to the registry, and only that on "*".
            assert evaluate(rules, AUTH_TOKEN_ACTION, "*").decision is Decision.ALLOW
            assert evaluate(rules, "ecr:BatchGetImage", "*").decision is Decision.IMPLICIT_DENY


def test_the_oracle_and_the_evaluator_disagree_on_an_over_grant():
    # The property would catch an over-grant: a policy allowing team-b to a team-a-only role is reported.
    values = {"aws:region": "us-east-1", "ecr-access:accountId": ACCOUNT,
              "ecr-access:repositories": [{"name": "team-a/app"}, {"name": "team-b/app"}],
              "ecr-access:roles": [{"name": "r0", "trust": {"accountRoot": True},
                                    "grants": [{"actions": ["ecr:ListTagsForResource"], "namespace": "team-a"}]}]}
    config = load(values)
    arn, rules = identity_rules(compile_stack(config))["role r0"]
    over = parse({"Statement": [{"Effect": "Allow", "Action": "ecr:ListTagsForResource",
                                 "Resource": registry_arn("team-b/*")}]}, source="over-grant")
    action, repo = "ecr:ListTagsForResource", "team-b/app"
    assert expected(values, "role r0", Caller("aws", arn), repo, action) is Decision.IMPLICIT_DENY
    assert evaluate(rules, action, registry_arn(repo), Caller("aws", arn)).decision is Decision.IMPLICIT_DENY
    assert evaluate(rules + list(over), action, registry_arn(repo), Caller("aws", arn)).decision is Decision.ALLOW
    assert evaluate(rules, action, registry_arn("team-a/app"), Caller("aws", arn)).decision is Decision.ALLOW


def registry_arn(repo: str) -> str:
    """A repository ARN of the test account."""
    return f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/{repo}"
