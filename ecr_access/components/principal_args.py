"""What users, groups and roles have in common as component arguments, and how their documents are built."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ecr_access.components.checks import ArgsCheck
from ecr_access.config.base import range_problem
from ecr_access.features.principals.access import MAX_POLICIES
from ecr_access.features.principals.compile import CompiledPolicy, IdentitySpec, compile_identity
from ecr_access.features.principals.config import IAM_PATH_SHAPES, NAME_SHAPES, NO_USERNAME_IN_ROLES, boundary_problem
from ecr_access.features.trust.document import Trust
from ecr_access.iam.arns import Registry
from ecr_access.iam.grants import Grant, Placement
from ecr_access.iam.identity import IdentityOptions
from ecr_access.iam.packing import DEFAULT_MAX_POLICIES
from ecr_access.iam.validate import RenderedPolicy

# A principal's compiled documents: its packed managed policies and (roles) its trust policy.
Documents = tuple[tuple[CompiledPolicy, ...], RenderedPolicy | None]


@dataclass(frozen=True)
class PrincipalArgs:
    """Arguments every principal takes.

    Args:
        registry: the registry the grants' ARNs are computed in (`Registry.of(region, account)`).
        name: the IAM name (default: the component's resource name).
        path: the IAM path (`/` or `/division/team/`); its managed policies sit on the same path.
        grants: identity grants: `repository.grant(Level.PULL)`, `Grant.on(repo, "app", levels=[...])`,
            `Grant.on_namespace("team-a", levels=[...])`, `namespace.grant(...)`.
        console: the ECR console minimum (list repositories, see images) besides the grants.
        view_own_permissions: (users and groups) read their own IAM user and policies.
        tags: tags of the principal and its managed policies.
        max_policies: how many managed policies the grants may be packed into (IAM default 10, at most 20).
        adopt: the principal exists already: import it by its name instead of creating it (its managed policies and
            their attachments are created). An adopted principal is retained on delete: dropping it from the program
            leaves it in IAM.
        protect_adopted: Pulumi refuses to delete an adopted principal (default on, as repositories are protected by
            default; the stack passes `ecr-access:protect`). A principal the program creates is not protected.
    """

    registry: Registry
    name: str | None = None
    path: str = "/"
    grants: Sequence[Grant] = ()
    console: bool = False
    view_own_permissions: bool = False
    tags: Mapping[str, str] = field(default_factory=dict)
    max_policies: int = DEFAULT_MAX_POLICIES
    adopt: bool = False
    protect_adopted: bool = True
    # Internal: the stack passes the documents compile_stack built from these same arguments (not built twice).
    precompiled: Documents | None = field(default=None, repr=False, compare=False)


def build_documents(
    kind: str, name: str, args: PrincipalArgs, owner: str, *, trust: Trust | None = None,
    user_paths: Sequence[str] = ("/",), boundary: str | None = None, has_access: bool = False,
    more: Callable[[ArgsCheck], None] | None = None,
) -> Documents:
    """Check a principal's arguments and build its documents; InvalidArgs naming every bad argument.

    Documents passed in `args.precompiled` (the stack's, compiled and validated from the same config) are used as
    they are.
    """
    if args.precompiled is not None:
        return args.precompiled
    check = ArgsCheck(owner)
    check.shaped("name", name, "iam", NAME_SHAPES[kind], f"an IAM {kind} name")
    for shape_name, what in IAM_PATH_SHAPES:  # the first problem only, as the config reports it
        if not check.shaped("path", args.path, "iam", shape_name, what):
            break
    if not isinstance(args.registry, Registry):
        check.add("registry", "must be an ecr_access.Registry (Registry.of(region, account))", repr(args.registry))
    if problem := range_problem(args.max_policies, *MAX_POLICIES):
        check.add("max_policies", problem, args.max_policies)
    partition = args.registry.partition if isinstance(args.registry, Registry) else None
    if boundary is not None and (problem := boundary_problem(boundary, partition)):
        check.add("permissions_boundary", problem, boundary)
    if kind == "role" and args.view_own_permissions:
        check.add("view_own_permissions", NO_USERNAME_IN_ROLES, True)
    if kind == "role" and not isinstance(trust, Trust):
        check.add("trust", "is required: who may assume the role (Trust(account_root=True), principals, github=...)", repr(trust))
    if kind != "role" and not (args.grants or args.console or args.view_own_permissions or has_access):
        check.add("grants", f"is empty: this {kind} would get no access (add grants, console, or groups for a user)")
    check.tags("tags", args.tags, iam=True)
    if more is not None:
        more(check)
    grants = check.grants("grants", args.grants, Placement.IDENTITY)
    check.raise_if_any()
    options = IdentityOptions(console=args.console, view_own_permissions=args.view_own_permissions,
                              user_paths=(args.path,) if kind == "user" else tuple(user_paths))
    spec = IdentitySpec(kind=kind, name=name, path=owner, iam_path=args.path, grants=grants, options=options,
                        trust=trust, max_policies=args.max_policies)
    documents: Documents = ((), None)
    with check.blame(""):
        documents = compile_identity(spec, args.registry)
    check.raise_if_any()
    return documents
