"""Synthetic plan JSON in the shape of the offline plan's `--format json` (ecr_access.plan.render.to_json_object)."""

from __future__ import annotations

from typing import Any

from ecr_access.iam.levels import AUTH_TOKEN_ACTION, Level, actions_for

ACCOUNT = "123456789012"
PREFIX = f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository"
CACHE_USER = f"arn:aws:iam::{ACCOUNT}:user/ecr-pull-through-cache-user"


def repo_arn(name: str) -> str:
    """ARN of a repository of the test registry."""
    return f"{PREFIX}/{name}"


def res(type_: str, name: str, inputs: dict[str, Any], stack: str = "dev") -> dict[str, Any]:
    """One resource entry as `to_json_object` writes it."""
    return {
        "type": type_, "name": name, "parent": None, "inputs": inputs,
        "urn": f"urn:pulumi:{stack}::ecr-access::{type_}::{name}", "parentUrn": None,
        "options": {"protect": False, "retainOnDelete": False, "importId": None, "dependsOn": [], "aliases": []},
    }


def repository(name: str, **inputs: Any) -> dict[str, Any]:
    """An aws.ecr.Repository."""
    return res("aws:ecr/repository:Repository", name, {"name": name, "imageTagMutability": "IMMUTABLE",
                                                        "encryptionConfigurations": [{"encryptionType": "AES256"}],
                                                        **inputs})


def user(name: str) -> dict[str, Any]:
    """An aws.iam.User."""
    return res("aws:iam/user:User", name, {"name": name, "path": "/"})


def group(name: str) -> dict[str, Any]:
    """An aws.iam.Group."""
    return res("aws:iam/group:Group", name, {"name": name, "path": "/"})


def membership(user_name: str, *groups: str) -> dict[str, Any]:
    """An aws.iam.UserGroupMembership."""
    return res("aws:iam/userGroupMembership:UserGroupMembership", f"{user_name}-groups",
               {"user": user_name, "groups": list(groups)})


def role(name: str, trusted: str = f"arn:aws:iam::{ACCOUNT}:root") -> dict[str, Any]:
    """An aws.iam.Role trusting one principal."""
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": trusted}, "Action": "sts:AssumeRole"}]}
    return res("aws:iam/role:Role", name, {"name": name, "path": "/", "assumeRolePolicy": trust})


def policy(name: str, *statements: dict[str, Any]) -> dict[str, Any]:
    """An aws.iam.Policy (customer managed) with the given statements."""
    doc = {"Version": "2012-10-17", "Statement": list(statements)}
    return res("aws:iam/policy:Policy", name, {"name": name, "path": "/", "policy": doc})


def attach(kind: str, who: str, policy_name: str) -> dict[str, Any]:
    """A User/Group/RolePolicyAttachment of a customer-managed policy of the test account."""
    type_ = f"aws:iam/{kind}PolicyAttachment:{kind.capitalize()}PolicyAttachment"
    arn = f"arn:aws:iam::{ACCOUNT}:policy/{policy_name}"
    return res(type_, f"{who}-{policy_name}", {kind: who, "policyArn": arn})


def repository_policy(repo: str, *statements: dict[str, Any]) -> dict[str, Any]:
    """The aws.ecr.RepositoryPolicy of one repository."""
    doc = {"Version": "2012-10-17", "Statement": list(statements)}
    return res("aws:ecr/repositoryPolicy:RepositoryPolicy", f"{repo}-policy", {"repository": repo, "policy": doc})


def registry_policy(*statements: dict[str, Any]) -> dict[str, Any]:
    """The stack's aws.ecr.RegistryPolicy."""
    doc = {"Version": "2012-10-17", "Statement": list(statements)}
    return res("aws:ecr/registryPolicy:RegistryPolicy", "registry-policy", {"policy": doc})


def allow(actions: Any, resources: Any = None, **extra: Any) -> dict[str, Any]:
    """An Allow statement."""
    st: dict[str, Any] = {"Effect": "Allow", "Action": actions}
    if resources is not None:
        st["Resource"] = resources
    return {**st, **extra}


def deny(actions: Any, resources: Any = None, **extra: Any) -> dict[str, Any]:
    """A Deny statement."""
    return {**allow(actions, resources, **extra), "Effect": "Deny"}


def plan(*resources: dict[str, Any], stack: str = "dev") -> dict[str, Any]:
    """A plan JSON object with outputs like the real stack's."""
    repos = [r["inputs"]["name"] for r in resources if r["type"] == "aws:ecr/repository:Repository"]
    return {"project": "ecr-access", "stack": stack, "resources": list(resources),
            "outputs": {"registryId": ACCOUNT, "repositoryArns": {n: repo_arn(n) for n in repos}}}


REPOSITORIES = ("my-repo", "team-a/alpine", "team-a/api", "team-b/alpine")


def sample_plan(*extra: dict[str, Any]) -> dict[str, Any]:
    """The dev repositories, ecrUser pushing my-repo, a role listing team-a's images, and a pull-through cache's
    registry policy statement."""
    return plan(
        *(repository(n) for n in REPOSITORIES),
        user("ecrUser"),
        policy("ecrUser-ecr-access",
               allow(AUTH_TOKEN_ACTION, "*", Sid="Login"),
               allow(list(actions_for({Level.PUSH})), repo_arn("my-repo"), Sid="PushMyRepo")),
        attach("user", "ecrUser", "ecrUser-ecr-access"),
        role("ecr_access_teama_role"),
        policy("ecr_access_teama_policy", allow("ecr:ListImages", repo_arn("team-a/*"), Sid="ListTeamA")),
        attach("role", "ecr_access_teama_role", "ecr_access_teama_policy"),
        registry_policy(allow(["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"], repo_arn("ecr-public/*"),
                              Sid="PullThroughCache", Principal={"AWS": CACHE_USER})),
        *extra,
    )
