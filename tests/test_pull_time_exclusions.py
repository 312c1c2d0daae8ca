"""`ecr-access:pullTimeUpdateExclusions` and the PullTimeUpdateExclusions component: one aws.ecr.PullTimeUpdateExclusion
per principal (declared by name, or any user or role by ARN), waiting for the stack's own principals, and every bad
entry refused before anything is registered."""

from __future__ import annotations

from ecr_access import (
    Grant,
    InvalidArgs,
    PullTimeUpdateExclusions,
    PullTimeUpdateExclusionsArgs,
    Registry,
    RepoAccessGroup,
    RepoAccessGroupArgs,
    RepoAccessRole,
    RepoAccessRoleArgs,
    Trust,
)
from tests.helpers.registry import deployed, refused
from tests.helpers.stacks import REGISTRY, base_config, by_type, caught, register

EXCLUSION = "aws:ecr/pullTimeUpdateExclusion:PullTimeUpdateExclusion"
COMPONENT = "ecr-access:ecr:PullTimeUpdateExclusions"
PULL = [{"levels": ["pull"], "repository": "aa"}]
SCANNER = "arn:aws:iam::123456789012:role/security/scanner"
BACKUP = "arn:aws:iam::210987654321:user/backup-job"
PUBLIC = Registry.of(REGISTRY.region, REGISTRY.account)
USER_URN = "urn:pulumi:dev::ecr-access::ecr-access:iam:RepoAccessUser$aws:iam/user:User::ci"
ROLE_URN = "urn:pulumi:dev::ecr-access::ecr-access:iam:RepoAccessRole$aws:iam/role:Role::scanner"


def stack(*exclusions, **more) -> dict[str, str]:
    """A repository, a user `ci`, a role `scanner` on path /security/, and the exclusions."""
    return base_config(
        repositories=[{"name": "aa"}], users=[{"name": "ci", "grants": PULL}],
        roles=[{"name": "scanner", "path": "/security/", "trust": {"accountRoot": True}, "grants": PULL}],
        pullTimeUpdateExclusions=list(exclusions), **more,
    )


def test_each_principal_gets_one_exclusion_named_after_its_arn_under_one_component():
    result = deployed(stack("scanner", BACKUP, "ci"))
    (component,) = by_type(result, COMPONENT)
    exclusions = by_type(result, EXCLUSION)
    assert [(e.name, e.inputs) for e in exclusions] == [
        ("pull-time-update-exclusions-123456789012-role/security/scanner", {"principalArn": SCANNER}),
        ("pull-time-update-exclusions-123456789012-user/ci", {"principalArn": "arn:aws:iam::123456789012:user/ci"}),
        ("pull-time-update-exclusions-210987654321-user/backup-job", {"principalArn": BACKUP}),
    ]
    assert component.name == "pull-time-update-exclusions"
    assert all(e.parent_urn == component.urn for e in exclusions)
    assert result.outputs["pullTimeUpdateExclusions"] == [SCANNER, BACKUP, "arn:aws:iam::123456789012:user/ci"]


def _waits(*exclusions) -> dict[str, list[str]]:
    """Each exclusion's principal ARN and the URNs it waits for."""
    return {e.inputs["principalArn"]: e.dependencies for e in by_type(deployed(stack(*exclusions)), EXCLUSION)}


def test_each_exclusion_waits_only_for_the_declared_principal_it_names_by_name_or_by_arn():
    ci = "arn:aws:iam::123456789012:user/ci"
    assert _waits("scanner", "ci") == {SCANNER: [ROLE_URN], ci: [USER_URN]}
    assert _waits(SCANNER, BACKUP, ci) == {SCANNER: [ROLE_URN], BACKUP: [], ci: [USER_URN]}
    assert _waits(BACKUP) == {BACKUP: []}


def test_reordering_the_list_keeps_every_urn():
    first = deployed(stack("scanner", BACKUP, "ci"))
    second = deployed(stack("ci", BACKUP, "scanner"))
    assert sorted(r.urn for r in first.registrations) == sorted(r.urn for r in second.registrations)


def test_no_entries_register_no_component():
    for config in (stack(), base_config(repositories=[{"name": "aa"}])):
        result = deployed(config)
        assert not by_type(result, COMPONENT) and "pullTimeUpdateExclusions" not in result.outputs


def test_every_bad_entry_is_refused_at_its_path_before_anything_is_registered():
    config = stack(
        "nobody", "bad name!", "arn:aws:iam::123456789012:group/readers", "readers", "arn:aws:iam::123456789012:root",
        "arn:aws-cn:iam::123456789012:role/x", "arn:aws:iam::1234:role/x", "scanner", "arn:aws:iam::123456789012:role/security/Scanner",
        "ci", 42, groups=[{"name": "readers", "grants": PULL}],
    )
    assert refused(config) == [
        "ecr-access:pullTimeUpdateExclusions[0]: is not the name of a user or role declared in ecr-access:users or "
        'ecr-access:roles (name a principal the stack does not declare by its ARN) (got "nobody")',
        "ecr-access:pullTimeUpdateExclusions[1]: must be an IAM user or role ARN, or the name of a user or role declared "
        'in ecr-access:users or ecr-access:roles (got "bad name!")',
        "ecr-access:pullTimeUpdateExclusions[2]: IAM groups cannot be excluded: ECR records pulls by user or role; exclude "
        'the group\'s users (got "arn:aws:iam::123456789012:group/readers")',
        "ecr-access:pullTimeUpdateExclusions[3]: names group readers: IAM groups cannot be excluded: ECR records pulls by "
        'user or role; exclude the group\'s users (got "readers")',
        "ecr-access:pullTimeUpdateExclusions[4]: is not an IAM user or role ARN ECR accepts: arn:aws:iam::<12-digit "
        "account>:user/<name> or :role/<name> (a path may come before the name), at most 200 characters "
        '(got "arn:aws:iam::123456789012:root")',
        "ecr-access:pullTimeUpdateExclusions[5]: is an ARN of partition aws-cn, but aws:region puts this stack in "
        'partition aws (got "arn:aws-cn:iam::123456789012:role/x")',
        "ecr-access:pullTimeUpdateExclusions[6]: is not an IAM user or role ARN ECR accepts: arn:aws:iam::<12-digit "
        "account>:user/<name> or :role/<name> (a path may come before the name), at most 200 characters "
        '(got "arn:aws:iam::1234:role/x")',
        "ecr-access:pullTimeUpdateExclusions[8]: names the same principal as ecr-access:pullTimeUpdateExclusions[7] "
        '(scanner: arn:aws:iam::123456789012:role/security/scanner) (got "arn:aws:iam::123456789012:role/security/Scanner")',
        "ecr-access:pullTimeUpdateExclusions[10]: must be a string, not a number (got 42)",
    ]


def test_a_name_declared_as_a_user_and_a_role_is_ambiguous():
    config = base_config(repositories=[{"name": "aa"}], users=[{"name": "svc", "grants": PULL}],
                         roles=[{"name": "svc", "trust": {"accountRoot": True}}], pullTimeUpdateExclusions=["svc"])
    assert refused(config) == [
        'ecr-access:pullTimeUpdateExclusions[0]: names both user svc and role svc; write the ARN of the one meant (got "svc")'
    ]


def test_more_exclusions_than_a_registry_keeps_are_refused():
    config = base_config(pullTimeUpdateExclusions=[f"arn:aws:iam::123456789012:role/r{i}" for i in range(101)])
    assert refused(config) == ["ecr-access:pullTimeUpdateExclusions: has 101 principals; ECR keeps at most 100 per registry (got 101)"]
    assert refused(base_config(pullTimeUpdateExclusions="scanner")) == [
        'ecr-access:pullTimeUpdateExclusions: must be a list, not a string (got "scanner")'
    ]


def test_the_component_from_code_takes_arns_and_role_components_and_waits_for_them():
    found = {}

    def body():
        role = RepoAccessRole("scanner", RepoAccessRoleArgs(registry=PUBLIC, path="/security/", trust=Trust(account_root=True),
                                                            grants=[Grant.on("aa", levels=["pull"])]))
        found["component"] = PullTimeUpdateExclusions("exclusions", PullTimeUpdateExclusionsArgs(
            registry=PUBLIC, principals=[role, BACKUP]))

    result = register(body)
    scanner, backup = by_type(result, EXCLUSION)
    assert (scanner.inputs, backup.inputs) == ({"principalArn": SCANNER}, {"principalArn": BACKUP})
    assert scanner.name == "exclusions-123456789012-role/security/scanner"
    assert scanner.dependencies == [ROLE_URN]  # the role the component registers, not its policies
    assert backup.dependencies == []
    outputs = result.component_outputs["urn:pulumi:dev::ecr-access::ecr-access:ecr:PullTimeUpdateExclusions::exclusions"]
    assert outputs == {"principal_arns": [SCANNER, BACKUP]}


def test_the_component_refuses_bad_principals_before_registering_anything():
    def body():
        group = RepoAccessGroup("readers", RepoAccessGroupArgs(registry=PUBLIC, console=True))
        PullTimeUpdateExclusions("exclusions", PullTimeUpdateExclusionsArgs(
            registry=PUBLIC, principals=[SCANNER, SCANNER.replace("scanner", "Scanner"), group,
                                         "arn:aws-us-gov:iam::123456789012:user/x", "scanner"]))

    (err,), result = caught(body, InvalidArgs)
    assert {r.type for r in result.registrations}.isdisjoint({EXCLUSION, COMPONENT})  # the group's resources only
    assert [str(p) for p in err.problems] == [
        "PullTimeUpdateExclusionsArgs.principals[1]: names the same principal as principals[0] "
        '(got "arn:aws:iam::123456789012:role/security/Scanner")',
        "PullTimeUpdateExclusionsArgs.principals[2]: IAM groups cannot be excluded: ECR records pulls by user or role; "
        'exclude the group\'s users (got "arn:aws:iam::123456789012:group/readers")',
        "PullTimeUpdateExclusionsArgs.principals[3]: is an ARN of partition aws-us-gov, but aws:region puts this stack in "
        'partition aws (got "arn:aws-us-gov:iam::123456789012:user/x")',
        "PullTimeUpdateExclusionsArgs.principals[4]: must be an IAM user or role ARN (arn:aws:iam::<account>:role/<name>) "
        '(got "scanner")',
    ]
