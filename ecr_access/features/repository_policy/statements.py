"""ECR repository policies: statements for principals outside the identity policies, and explicit Denies.

The grantee constructors (`iam_principals`, `organization`, `service`, ...) build the `Grantee` of a Grant placed in a
repository policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecr_access.iam import catalog
from ecr_access.iam.arns import is_account_id, root_arn
from ecr_access.iam.document import Condition, PolicyDocument, Statement
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.grants import Grant, Grantee
from ecr_access.iam.levels import Level
from ecr_access.iam.merge import merge_statements
from ecr_access.iam.principals import Principals

# Denying these to everyone would leave the policy unchangeable: a Deny naming them needs admin exceptions.
POLICY_ADMIN_ACTIONS = ("ecr:DeleteRepositoryPolicy", "ecr:SetRepositoryPolicy")
_IAM_ARN = re.compile(r"arn:(aws[a-z-]*):iam::([0-9]{12}):(root|user/\S+|role/\S+)", re.ASCII)


def iam_principals(partition: str, *values: str) -> Grantee:
    """IAM principals by ARN (this or another account), and whole accounts by 12-digit ID (their root ARN)."""
    arns = []
    for value in values:
        if is_account_id(value):
            arns.append(root_arn(partition, value))
        elif _IAM_ARN.fullmatch(value):
            arns.append(value)
        else:
            raise PolicyError(f"{value!r} is neither a 12-digit account ID nor an IAM root, user or role ARN")
    return Grantee(Principals.of_aws(*arns), kind="Principals")


def organization(*org_ids: str) -> Grantee:
    """Every principal of an AWS Organization: Principal "*" narrowed by aws:PrincipalOrgID."""
    return Grantee(Principals.everyone(), (Condition("StringEquals", "aws:PrincipalOrgID", org_ids),), kind="Org")


def organization_paths(*paths: str) -> Grantee:
    """Every principal under organizational-unit paths (`o-xxx/r-xxx/ou-xxx/`), by aws:PrincipalOrgPaths."""
    condition = Condition("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", paths)
    return Grantee(Principals.everyone(), (condition,), kind="OrgPaths")


def service(name: str, source_account: str, source_arns: tuple[str, ...] = ()) -> Grantee:
    """An AWS service principal acting for `source_account` (and, where given, for the resources `source_arns`)."""
    if not is_account_id(source_account):
        raise PolicyError(f"service {name!r}: source account must be 12 digits, got {source_account!r}")
    conditions = [Condition("StringEquals", "aws:SourceAccount", (source_account,))]
    if source_arns:
        conditions.append(Condition("ArnLike", "aws:SourceArn", source_arns))
    return Grantee(Principals.of_service(name), tuple(conditions), kind="Service")


def anyone(*conditions: Condition) -> Grantee:
    """Principal "*": the validator refuses it on an Allow unless a condition restricts the callers."""
    return Grantee(Principals.everyone(), tuple(conditions), kind="Conditional")


@dataclass(frozen=True)
class DenyRule:
    """An explicit Deny of actions to every principal except the ARNs (patterns allowed) in `except_arns`."""

    actions: tuple[str, ...]
    except_arns: tuple[str, ...] = ()


def _sid_word(grant: Grant) -> str:
    levels = "".join(level.value.capitalize() for level in Level if level in grant.levels)
    return levels + ("Actions" if grant.actions else "")


def grant_statements(repository: str, grants: tuple[Grant, ...] | list[Grant]) -> tuple[Statement, ...]:
    """One Allow statement per grant (no Resource: a repository policy applies to its repository).

    Each grant names its grantee; its target, when it names one, must cover the repository (an empty target is the
    repository holding the policy).
    """
    out = []
    for grant in grants:
        if grant.grantee is None:
            raise PolicyError("a repository policy grant needs a grantee (who gets the access)")
        if not grant.target.is_empty and not grant.target.covers(repository):
            raise PolicyError(f"a grant for {grant.target} was given to the policy of repository {repository!r}")
        out.append(
            Statement(
                sid=f"Allow{_sid_word(grant)}{grant.grantee.kind}",
                # Levels never hold ecr:GetAuthorizationToken; named, the validator refuses it here.
                actions=grant.all_actions,
                principal=grant.grantee.principals,
                conditions=grant.grantee.conditions + grant.conditions,
            )
        )
    return tuple(out)


def deny_statements(denies: tuple[DenyRule, ...] | list[DenyRule]) -> tuple[Statement, ...]:
    """One Deny statement per rule: Principal "*", exceptions by `StringNotLike aws:PrincipalArn`."""
    out = []
    for rule in denies:
        if not rule.actions:
            raise PolicyError("a deny rule needs actions")
        # Compare canonical names: `ecr:*RepositoryPolicy` or `ecr:setrepositorypolicy` lock the policy just the same.
        named = {info.name for pattern in rule.actions for info in catalog.expand(pattern)}
        locked = sorted(set(POLICY_ADMIN_ACTIONS) & named)
        if locked and not rule.except_arns:
            raise PolicyError(
                f"denying {', '.join(locked)} to everyone would leave the repository policy unchangeable; "
                "name the admin roles that keep it (except)"
            )
        conditions = (Condition("StringNotLike", "aws:PrincipalArn", rule.except_arns),) if rule.except_arns else ()
        out.append(Statement(sid="Deny", effect="Deny", actions=rule.actions, principal=Principals.everyone(), conditions=conditions))
    return tuple(out)


def repository_policy(
    repository: str, grants: tuple[Grant, ...] | list[Grant], denies: tuple[DenyRule, ...] | list[DenyRule] = ()
) -> PolicyDocument:
    """The repository's whole policy: its grants and denies, merged into as few statements as possible."""
    return PolicyDocument(merge_statements(grant_statements(repository, grants) + deny_statements(denies)))
