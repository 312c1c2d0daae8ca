"""The components as a Pulumi program uses them: typed public arguments, grant helpers, validation before anything is
registered, registered outputs, and the stack's own components built from the same public arguments."""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import replace

import pulumi
import pytest

import ecr_access
from ecr_access import (
    EcrRepository,
    EcrRepositoryArgs,
    Grant,
    InvalidArgs,
    Level,
    Placement,
    Registry,
    RepoAccessRole,
    RepoAccessRoleArgs,
    RepoAccessUser,
    RepoAccessUserArgs,
    RepoPolicy,
    RepoPolicyArgs,
    RepositoryTemplate,
    TeamNamespace,
    TeamNamespaceArgs,
    Trust,
    anyone,
)
from ecr_access.components.principal_args import build_documents
from ecr_access.components.repo_policy import build_policy
from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import load_stack_config
from ecr_access.stack.access import group_args, role_args, user_args
from ecr_access.stack.args import repo_policy_args
from ecr_access.stack.compile import compile_stack
from ecr_access.stack.config_source import decode_config
from tests.helpers.stacks import REGISTRY, base_config, by_type, fixture_config, register

PUBLIC = Registry.of(REGISTRY.region, REGISTRY.account)
ROLE_ARN = "arn:aws:iam::123456789012:role/templates"


def test_every_public_name_loads_and_every_args_class_is_a_typed_frozen_dataclass():
    args_classes = [getattr(ecr_access, name) for name in ecr_access.__all__ if name.endswith("Args") and name != "InvalidArgs"]
    components = [name for name in ecr_access.__all__
                  if isinstance(getattr(ecr_access, name), type) and issubclass(getattr(ecr_access, name), pulumi.ComponentResource)]
    assert components and {f"{name}Args" for name in components} <= {cls.__name__ for cls in args_classes}
    for cls in args_classes:
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, cls
        assert cls.__doc__ and len(cls.__doc__) > 40, cls
        hints = typing.get_type_hints(cls)
        assert all(f.name in hints for f in dataclasses.fields(cls)), cls
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        ecr_access.Nope  # noqa: B018


def test_grants_take_levels_by_name_and_targets_by_component_or_name():
    grant = Grant.on("app", "app", levels=["pull", Level.READ], namespaces=["team-a/*"])
    assert grant.levels == {Level.PULL, Level.READ}
    assert (grant.target.repositories, grant.target.namespaces) == (("app",), ("team-a",))
    assert grant.placement is Placement.IDENTITY and grant.source == ""
    assert Grant.allow(PUBLIC.accounts("210987654321"), levels=["pull"]).placement is Placement.REPOSITORY


def test_component_grant_helpers_name_the_repository_and_add_tagging_for_create_on_a_tagging_namespace():
    grants = {}

    def body():
        repo = EcrRepository("app", EcrRepositoryArgs(name="team-a/app", protect=False))
        tagged = TeamNamespace("team-b", TeamNamespaceArgs(template=RepositoryTemplate(tags={"team": "b"}, custom_role_arn=ROLE_ARN)))
        grants.update(push=repo.grant_push(), create=tagged.grant(Level.CREATE), pull=tagged.grant("pull"),
                      listed=tagged.grant(Level.CREATE, actions=(a for a in ["ecr:DescribeImages"])))

    register(body)
    assert grants["push"].target.repositories == ("team-a/app",) and grants["push"].levels == {Level.PUSH}
    assert grants["create"].target.namespaces == ("team-b",) and grants["create"].actions == ("ecr:TagResource",)
    assert grants["pull"].actions == ()
    assert grants["listed"].actions == ("ecr:DescribeImages", "ecr:TagResource")  # actions given as any iterable


def test_a_grant_reports_what_is_wrong_for_its_placement():
    assert Grant.on("app", levels=[Level.CREATE]).problems() == [
        ("levels", "level create applies to namespaces (ecr:CreateRepository on <namespace>/*), not to named repositories", ["app"])
    ]
    repository_grant = Grant(levels=[Level.PULL], placement=Placement.REPOSITORY)
    assert repository_grant.problems() == [("grantee", "a repository policy grant needs a grantee (who gets the access)", None)]
    assert Grant.on("app", actions=["s3:GetObject"]).problems() == [
        ("actions[0]", "is not an ECR action (ecr:...); grants give ECR access only", "s3:GetObject")
    ]


def test_repository_policy_arguments_are_checked_together_and_blamed_on_each_grant():
    args = RepoPolicyArgs(repository="app", grants=[
        Grant.allow(anyone(), levels=[Level.PULL]),
        Grant(levels=[Level.CREATE], placement=Placement.REPOSITORY),
    ])
    with pytest.raises(InvalidArgs) as err:
        register(lambda: RepoPolicy("app-policy", args))
    paths = [p.path for p in err.value.problems]
    assert paths == ["RepoPolicyArgs.grants[1].grantee", "RepoPolicyArgs.grants[1].levels"]
    with pytest.raises(InvalidArgs, match=r'RepoPolicyArgs\.grants\[0\]: Principal "\*" admits every AWS principal'):
        register(lambda: RepoPolicy("app-policy", replace(args, grants=args.grants[:1])))


def test_role_arguments_are_checked_before_the_role_is_registered():
    args = RepoAccessRoleArgs(registry=PUBLIC, max_session_duration=60, view_own_permissions=True)
    with pytest.raises(InvalidArgs) as err:
        build_documents("role", "ci", args, "RepoAccessRoleArgs", trust=args.trust)
    assert [p.path for p in err.value.problems] == ["RepoAccessRoleArgs.view_own_permissions", "RepoAccessRoleArgs.trust"]
    assert isinstance(err.value, ConfigError)  # the program's entrypoint reports it as it reports bad stack config


def test_components_register_their_outputs():
    def body():
        repo = EcrRepository("app", EcrRepositoryArgs(protect=False))
        RepoAccessUser("ci", RepoAccessUserArgs(registry=PUBLIC, grants=[repo.grant_pull()], access_key=True))
        RepoAccessRole("deployer", RepoAccessRoleArgs(registry=PUBLIC, trust=Trust(account_root=True), grants=[repo.grant_push()]))

    result = register(body)
    outputs = {urn.rsplit("::", 1)[1]: out for urn, out in result.component_outputs.items()}
    assert outputs["app"]["arn"] == "arn:aws:ecr:us-east-1:123456789012:repository/app"
    assert outputs["deployer"]["policy_arns"] == ["arn:aws:iam::123456789012:policy/deployer-ecr-access"]
    assert outputs["ci"]["access_key_id"] == "AKIAOFFLINEPLAN0000"
    (user,) = by_type(result, "aws:iam/user:User")
    assert user.inputs["name"] == "ci"


def test_registry_from_stack_config_reads_the_region_and_the_account():
    found = []
    register(lambda: found.append(Registry.from_stack_config()))
    assert found == [Registry(partition="aws", region="us-east-1", account="123456789012")]
    config = {"aws:region": "cn-north-1", "ecr-access:accountId": "12345"}
    with pytest.raises(ConfigError, match=r"ecr-access:accountId: must be a 12-digit AWS account ID, such as 012345678901 \(got \"12345\""):
        register(lambda: Registry.from_stack_config(), config=config)


def test_the_stacks_components_get_the_documents_their_public_arguments_build():
    config = fixture_config("dev")
    compiled = compile_stack(load_stack_config(decode_config(config), project="ecr-access", stack="dev"))
    groups = {p.spec.name: p.spec.name for p in compiled.principals_of("group")}  # a group is joined by name too
    for p in compiled.principals:
        kind = p.spec.kind
        args = {"group": lambda p=p: group_args(p, compiled), "user": lambda p=p: user_args(p, compiled, groups),
                "role": lambda p=p: role_args(p, compiled)}[kind]()
        built = build_documents(kind, p.spec.name, replace(args, precompiled=None), f"{kind}Args",
                                trust=getattr(args, "trust", None), user_paths=getattr(args, "member_paths", ("/",)),
                                has_access=bool(getattr(args, "groups", ())))
        assert built == (p.policies, p.trust_policy), p.spec.name
    policies = [r for r in compiled.repositories if r.repository_policy is not None]
    assert policies
    for r in policies:
        args = replace(repo_policy_args(r, None, ()), repository=r.spec.name, policy=None)
        assert build_policy(args)[0].json == r.repository_policy.json


def test_grants_carry_the_config_path_and_the_document_they_are_placed_in():
    compiled = compile_stack(load_stack_config(decode_config(fixture_config("dev")), project="ecr-access", stack="dev"))
    (repo,) = [r for r in compiled.repositories if r.policy_grants]
    assert {g.placement for g in repo.policy_grants} == {Placement.REPOSITORY}
    assert {g.source for g in repo.policy_grants} == {f"{repo.spec.path}.repositoryPolicy.grants[{i}]" for i in range(3)}
    caches = [c.contribution for c in compiled.pull_through_caches if c.contribution is not None]
    assert {(g.placement, g.source) for c in caches for g in c.grants} == {
        (Placement.REGISTRY, c.spec.path) for c in compiled.pull_through_caches if c.contribution is not None
    }


def test_a_role_given_as_a_template_role_is_waited_for():
    def body():
        role = RepoAccessRole("templates", RepoAccessRoleArgs(registry=PUBLIC, trust=Trust(services=("ecr.amazonaws.com",))))
        TeamNamespace("team-b", TeamNamespaceArgs(template=RepositoryTemplate(tags={"team": "b"}, custom_role_arn=role)))

    result = register(body, config=base_config())
    (template,) = by_type(result, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")
    (role,) = by_type(result, "aws:iam/role:Role")
    assert template.inputs["customRoleArn"] == ROLE_ARN
    assert role.urn in template.dependencies


def test_a_single_replication_rule_where_a_list_belongs_is_refused_before_anything_is_registered():
    from ecr_access import Destination, RegistrySettings, RegistrySettingsArgs, ReplicationRule

    rule = ReplicationRule(destinations=[Destination(region="us-west-2", account="210987654321")])

    def program():
        RegistrySettings("registry", RegistrySettingsArgs(replication=rule))  # type: ignore[arg-type]

    with pytest.raises(ConfigError, match=r"RegistrySettingsArgs.replication: must be a list of ReplicationRule"):
        register(program)


def test_iam_tag_keys_differing_only_in_case_are_refused_on_a_user_as_in_the_stack_config():
    args = RepoAccessUserArgs(registry=PUBLIC, grants=[Grant.on("app", levels=["pull"])], tags={"Team": "a", "team": "b"})
    with pytest.raises(InvalidArgs) as err:
        register(lambda: RepoAccessUser("u1", args))
    assert [str(p) for p in err.value.problems] == [
        "RepoAccessUserArgs.tags['team']: differs from tag key Team only in letter case; IAM tag keys ignore case, so it "
        'would be the same tag: keep one (got "team")']
