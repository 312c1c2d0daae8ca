"""The key policy of a repository key: the account administers it, ECR uses it, the stack's principals only through ECR.

Statements (Resource "*" is the key the policy is attached to):
- `KeyAdministration`: the account (its IAM policies decide who) may manage the key - describe, policy, rotation,
  aliases, tags, enable/disable, schedule or cancel deletion, list and revoke grants - but not use it. The account keeps
  `kms:PutKeyPolicy`, so the key never becomes unmanageable (the KMS guide's rule for every key policy).
- `EcrCreateGrant`, `EcrRetireGrant`: creating a repository with the key makes ECR create grants on it for that
  repository, and deleting the repository retires them (ECR user guide, "Encryption at rest"). Allowed only through
  ECR in this region (`kms:ViaService`), for callers of this account (`kms:CallerAccount`), and - for CreateGrant -
  only for grants an AWS service asks for (`kms:GrantIsForAWSResource`). The principal that creates or deletes the
  repositories (the deployer) also needs these actions in its IAM policy.
- `Pull<Repo>` / `Push<Repo>`: the stack's users and roles that may pull (push) a repository may decrypt (generate
  data keys) through ECR for that repository only (`kms:EncryptionContext:aws:ecr:arn`, the repository's ARN, which ECR
  puts in every request it makes for the repository).

- `EcrEventRulesUseTopicKey`: for the notification topics the key encrypts, EventBridge may generate data keys and
  decrypt, for those topics only (the statement of features/notifications/policy.py, which says why it is scoped so).

Nobody may use the key directly (no Encrypt, Decrypt or GenerateDataKey outside ECR, or SNS for its topics).
"""

from __future__ import annotations

from collections.abc import Iterable

from ecr_access.config.constraints import partition_dns_suffixes
from ecr_access.features.notifications.policy import KEY_SID, key_statement
from ecr_access.iam import catalog
from ecr_access.iam.arns import Registry
from ecr_access.iam.document import Condition, PolicyDocument, Statement
from ecr_access.iam.errors import PolicyError
from ecr_access.iam.grants import Grant
from ecr_access.iam.levels import Level
from ecr_access.iam.principals import Principals
from ecr_access.iam.quotas import DocumentKind
from ecr_access.iam.sids import SidAllocator, camel
from ecr_access.iam.validate import RenderedPolicy, render_validated

# Managing the key without using it: the key-scoped actions of the KMS guide's "key administrators" statement.
ADMIN_ACTIONS = (
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey",
    "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus",
    "kms:ListGrants", "kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy",
    "kms:RevokeGrant", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource",
    "kms:UpdateAlias", "kms:UpdateKeyDescription",
)
DECRYPT_ACTIONS = ("kms:Decrypt",)
# The ECR guide names GenerateDataKey for a push and links GenerateDataKeyWithoutPlaintext: both, nothing broader.
ENCRYPT_ACTIONS = ("kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext")
CONTEXT_KEY = "kms:EncryptionContext:aws:ecr:arn"
# ECR actions that read image content (their data is decrypted) and that write it (a data key is generated).
READS_IMAGES = frozenset({"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"})
WRITES_IMAGES = frozenset({"ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"})


def via_ecr(registry: Registry) -> Condition:
    """`kms:ViaService` = ECR in the registry's region: the request came through ECR."""
    return Condition("StringEquals", "kms:ViaService", (f"ecr.{registry.region}.{partition_dns_suffixes()[registry.partition]}",))


def image_levels(actions: Iterable[str]) -> frozenset[Level]:
    """What a principal holding these ECR actions (patterns expanded) does with images: pull, push, both or neither."""
    names = {info.name for pattern in actions for info in catalog.expand(pattern)}
    out = set()
    if names & READS_IMAGES:
        out.add(Level.PULL)
    if names & WRITES_IMAGES:
        out.add(Level.PUSH)
    return frozenset(out)


def fixed_statements(registry: Registry) -> tuple[Statement, ...]:
    """The statements every repository key has: the account administers it, ECR creates and retires its grants."""
    account = Principals.of_aws(registry.root_arn)
    caller = (via_ecr(registry), Condition("StringEquals", "kms:CallerAccount", (registry.account,)))
    return (
        Statement(sid="KeyAdministration", actions=ADMIN_ACTIONS, resources=("*",), principal=account),
        Statement(sid="EcrCreateGrant", actions=("kms:CreateGrant",), resources=("*",), principal=account,
                  conditions=caller + (Condition("Bool", "kms:GrantIsForAWSResource", ("true",)),)),
        Statement(sid="EcrRetireGrant", actions=("kms:RetireGrant",), resources=("*",), principal=account, conditions=caller),
    )


def use_statements(registry: Registry, grants: Iterable[Grant]) -> tuple[Statement, ...]:
    """`Pull...` and `Push...` statements from key grants: repositories with the same principals share a statement."""
    uses: dict[str, dict[str, set[str]]] = {"Pull": {}, "Push": {}}
    for grant in grants:
        assert grant.grantee is not None  # key grants are checked for a grantee before (Grant.problems)
        levels = image_levels(grant.all_actions)
        for repository in grant.target.repositories:
            for verb, level in (("Pull", Level.PULL), ("Push", Level.PUSH)):
                if level in levels:
                    uses[verb].setdefault(repository, set()).update(grant.grantee.aws_principals)
    sids = SidAllocator({"KeyAdministration", "EcrCreateGrant", "EcrRetireGrant", KEY_SID})
    out = []
    for verb, actions in (("Pull", DECRYPT_ACTIONS), ("Push", ENCRYPT_ACTIONS)):
        by_principals: dict[frozenset[str], list[str]] = {}
        for repository in sorted(uses[verb]):
            by_principals.setdefault(frozenset(uses[verb][repository]), []).append(repository)
        for principals, repositories in sorted(by_principals.items(), key=lambda item: item[1]):
            context = Condition("StringEquals", CONTEXT_KEY, tuple(registry.repository_arn(r) for r in repositories))
            out.append(Statement(
                sid=sids.take(verb + camel(repositories[0]) + ("AndMore" if len(repositories) > 1 else "")),
                actions=actions, resources=("*",), principal=Principals.of_aws(*principals),
                conditions=(via_ecr(registry), context),
            ))
    return tuple(out)


def key_policy(registry: Registry, grants: Iterable[Grant], label: str, topic_arns: Iterable[str] = ()) -> RenderedPolicy:
    """The key policy, validated (KMS rules, 32,768 characters); PolicyError names what is wrong. `topic_arns`: the
    SNS topics the key encrypts, which EventBridge publishes to."""
    topics = tuple(topic_arns)
    events = (key_statement(topics),) if topics else ()
    document = PolicyDocument(fixed_statements(registry) + use_statements(registry, grants) + events)
    return render_validated(document, DocumentKind.KEY, label)


def grant_problems(grant: Grant, registry: Registry) -> list[tuple[str, str, object]]:
    """What makes a key grant unusable beyond Grant.problems(): its grantee must be this account's users and roles,
    and it must give a pull or push."""
    out: list[tuple[str, str, object]] = []
    if grant.grantee is not None:
        own = f"arn:{registry.partition}:iam::{registry.account}:"
        principals = grant.grantee.principals
        for arn in principals.aws:
            if not arn.startswith(own) or arn.split(":", 5)[5].split("/")[0] not in ("user", "role"):
                out.append(("grantee", f"a key policy names IAM users and roles of account {registry.account} only", arn))
        if principals.service or principals.federated or principals.canonical_user or principals.anyone:
            out.append(("grantee", "a key policy names IAM users and roles only", grant.grantee.kind))
    try:
        levels = image_levels(grant.all_actions)
    except PolicyError:  # an unknown action: Grant.problems() reports it
        return out
    if not levels:
        written = sorted(getattr(level, "value", level) for level in grant.levels)
        out.append(("levels", "gives neither pull nor push: a key is used only to pull and push images", written))
    return out
