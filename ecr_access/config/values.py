"""Value types several config sections share: account IDs, regions, IAM and service principals, ARNs, resource tags.

Checks that depend on the stack (its partition, its own account) read the loader's context: `partition`, `region`,
`registry`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo

from ecr_access.config.base import MISSING, Str, context, fail, refusals, refused_when
from ecr_access.config.constraints import known_regions, partition_dns_suffixes, shape
from ecr_access.config.errors import other_partition
from ecr_access.iam.arns import is_account_id, partition_for_region

# IAM names and account IDs are ASCII ((?a), re.ASCII: Python's \w and \d would also match other scripts' letters and digits).
# The patterns are strings: `re` compiles each on first use and keeps it (a stack that never needs one never compiles it).
_NAME = r"[\w+=,.@-]"
_IAM_ARN = rf"(?a)arn:(aws[a-z-]*):iam::([0-9]{{12}}):(root|(user|role)/({_NAME}+/)*{_NAME}{{1,64}})"
# Deny exceptions are aws:PrincipalArn patterns: `*` and `?` may stand in the name.
_IAM_ARN_PATTERN = r"(?a)arn:(aws[a-z-]*):iam::([0-9]{12}):(root|(user|role)/[\w+=,.@*?/-]+)"
_ORG_ID = r"o-[a-z0-9]{10,32}"
_ORG_PATH = r"o-[a-z0-9]{10,32}/(\*|r-[0-9a-z]{4,32}/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}/)*\*?)"
# A service principal is DNS labels (lowercase letters, digits, inner hyphens; 1-63 each) and a partition's suffix.
_LABELS = r"(?a)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
_COMMON_SUFFIX = "amazonaws.com"  # service principals of every partition may use it
_SOURCE_ARN = r"arn:(aws[a-z-]*):[a-z0-9-]+:[a-z0-9*-]*:([0-9]{12}|\*)?:.+"
MAX_TAGS = 50
_TAG_CHARACTERS = "letters, digits, spaces and _ . : / = + - @"


# An account ID YAML read as a number: unquoted digits (leading zeros lost) or hex such as 0x1CBE991A14.
YAML_NUMBER = 'YAML read this unquoted value as a number; account IDs must be quoted strings ("123456789012")'


def _quoted_account(value: Any) -> Any:
    # Before the type check: where an account ID may stand, a number is an unquoted account ID, and said so.
    if isinstance(value, int) and not isinstance(value, bool):
        raise fail(YAML_NUMBER)
    return value


def account_problem(value: Any) -> str | None:
    """Why `value` is no AWS account ID (12 digits, as a string), or None (the config and the components ask here)."""
    return None if is_account_id(value) else "must be a 12-digit AWS account ID"


def _account_number(value: Any) -> Any:
    # Where the CLI passes the value as text or YAML typed it, a number is taken (quoting is the safe habit).
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# What the stack (and `Registry.from_stack_config`) needs from Pulumi config before it can build an ARN.
REGION_REQUIRED = "is required (pulumi config set aws:region <region>)"
ACCOUNT_REQUIRED = "is required: the 12-digit account the stack deploys to (used to build ARNs offline)"


def account_number_problem(value: Any) -> str | None:
    """Why `value` is no account ID where it may be written unquoted (`ecr-access:accountId`), or None."""
    return None if is_account_id(value) else "must be a 12-digit AWS account ID, such as 012345678901"


# A 12-digit AWS account ID, as a quoted string (so leading zeros survive).
_ACCOUNT_SCHEMA = Field(min_length=1, json_schema_extra={"pattern": "^[0-9]{12}$"})
AccountId = Annotated[str, BeforeValidator(_quoted_account), _ACCOUNT_SCHEMA, refused_when(account_problem)]
# A 12-digit AWS account ID where an unquoted number is taken too.
AccountNumber = Annotated[str, BeforeValidator(_account_number), _ACCOUNT_SCHEMA, refused_when(account_number_problem)]


def region_problem(value: Any) -> str | None:
    """Why `value` is no region botocore knows for ECR, or None (the config and the components ask here)."""
    return None if isinstance(value, str) and value in known_regions() else "is not an AWS region botocore knows for ECR"


# An AWS region botocore knows for ECR.
Region = Annotated[Str, refused_when(region_problem)]


def _stack_region(value: str, info: ValidationInfo) -> str:
    home = context(info, "home_region")  # aws:region ("region" is the region of the entry being read)
    if home is None:
        return value
    found, partition = partition_for_region(value), partition_for_region(home)
    if found != partition:
        raise fail(f"is in partition {found}, but aws:region {home} puts this stack in partition {partition}; a stack's "
                   "regions are all in one partition")
    return value


# The region of one resource of the stack (default aws:region): a region botocore knows for ECR, in the stack's partition.
ResourceRegion = Annotated[Region, AfterValidator(_stack_region)]


def _in_partition(value: str, match: re.Match, info: ValidationInfo) -> str:
    partition = context(info, "partition", "aws")
    if match.group(1) != partition:
        raise fail(other_partition(match.group(1), partition))
    return value


def _iam_principal(value: str, info: ValidationInfo) -> str:
    match = re.fullmatch(_IAM_ARN, value)
    if not match:
        partition = context(info, "partition", "aws")
        raise fail(f"must be an IAM principal ARN: arn:{partition}:iam::<12-digit account>:(root|user/<name>|role/<name>)")
    return _in_partition(value, match, info)


def _iam_pattern(value: str, info: ValidationInfo) -> str:
    match = re.fullmatch(_IAM_ARN_PATTERN, value)
    if not match:
        partition = context(info, "partition", "aws")
        raise fail(f"must be an IAM role or user ARN (wildcards allowed in the name): arn:{partition}:iam::<account>:role/<name>")
    return _in_partition(value, match, info)


def _organization(value: str) -> str:
    if not re.fullmatch(_ORG_ID, value):
        raise fail("must be an AWS Organizations ID: o- followed by 10-32 lowercase letters or digits")
    return value


def _organization_path(value: str) -> str:
    if not re.fullmatch(_ORG_PATH, value):
        raise fail("must be an organization path: o-<org>/r-<root>/ou-<root>-<ou>/ (ending in / or *)")
    return value


def _service(value: str, info: ValidationInfo) -> str:
    # Trust and repository policies both read services with this rule: DNS labels and `.amazonaws.com`, or the stack
    # partition's own DNS suffix (`lambda.amazonaws.com.cn` only on aws-cn).
    partition = context(info, "partition", "aws")
    suffixes = partition_dns_suffixes()
    own = {_COMMON_SUFFIX, suffixes.get(partition, _COMMON_SUFFIX)}
    ends = " or ".join(f".{s}" for s in sorted(own))
    mine = [s for s in sorted(own, key=len, reverse=True) if value.endswith(f".{s}")]
    if mine and re.fullmatch(_LABELS, value[: -len(mine[0]) - 1]):
        return value
    for other, suffix in sorted(suffixes.items()):
        if suffix not in own and value.endswith(f".{suffix}") and re.fullmatch(_LABELS, value[: -len(suffix) - 1]):
            raise fail(f"ends in .{suffix}, the DNS suffix of partition {other}, but aws:region puts this stack in "
                       f"partition {partition} (service principals there end in {ends})")
    raise fail("must be an AWS service principal name: DNS labels (lowercase letters, digits and inner hyphens) "
               f"followed by {ends}, such as lambda.amazonaws.com")


def _source_arn(value: str, info: ValidationInfo) -> str:
    match = re.fullmatch(_SOURCE_ARN, value)
    if not match:
        partition = context(info, "partition", "aws")
        raise fail(f"must be an ARN such as arn:{partition}:lambda:<region>:<account>:function:<name> (* allowed)")
    return _in_partition(value, match, info)


def is_group_arn(value: Any) -> bool:
    """True for the ARN of an IAM group (which no resource policy, and no pull-time exclusion, can name)."""
    return isinstance(value, str) and re.match(r"arn:[a-z-]+:iam::[0-9]{12}:group/", value) is not None


def resource_principal_problem(value: Any, partition: str) -> str | None:
    """Why `value` cannot be a principal of a resource policy in `partition` (a 12-digit account, or an IAM user, role or
    account root ARN), or None (the config and the components ask here)."""
    if is_account_id(value):
        return None
    if is_group_arn(value):
        return "IAM groups cannot be principals of a resource policy; name the group's users or a role"
    match = re.fullmatch(_IAM_ARN, value) if isinstance(value, str) else None
    if not match:
        return ("must be an IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>), "
                "an account root ARN or a 12-digit account ID")
    return other_partition(match.group(1), partition) if match.group(1) != partition else None


def _resource_principal(value: str, info: ValidationInfo) -> str:
    problem = resource_principal_problem(value, context(info, "partition", "aws"))
    if problem:
        raise fail(problem)
    return value


def _own_role(value: str, info: ValidationInfo) -> str:
    registry = context(info, "registry")
    partition, account = (registry.partition, registry.account) if registry else ("aws", "<account>")
    match = re.fullmatch(_IAM_ARN, value)
    if shape("ecr", "CustomRoleArn").problem(value) or not match or match.group(4) != "role":
        raise fail(f"must be an IAM role ARN (arn:{partition}:iam::{account}:role/<name>)")
    if match.group(1) != partition or match.group(2) != account:
        raise fail(f"must be a role of the registry's own account {account} (partition {partition})")
    return value


# An IAM principal ARN: arn:<partition>:iam::<12 digits>:(root|user/<path/name>|role/<path/name>).
IamPrincipalArn = Annotated[Str, AfterValidator(_iam_principal)]
# An aws:PrincipalArn pattern: an IAM root, user or role ARN whose name may hold `*` or `?`.
IamArnPattern = Annotated[Str, AfterValidator(_iam_pattern)]
# An AWS Organizations ID (`o-` and 10-32 lowercase letters or digits).
OrganizationId = Annotated[Str, AfterValidator(_organization)]
# An organizational-unit path as aws:PrincipalOrgPaths reports it.
OrganizationPath = Annotated[Str, AfterValidator(_organization_path)]
# An AWS service principal name of the stack's partition such as lambda.amazonaws.com.
ServicePrincipal = Annotated[Str, AfterValidator(_service)]
# An ARN or ARN pattern the calling service acts for (aws:SourceArn).
SourceArn = Annotated[Str, AfterValidator(_source_arn)]
# A principal of a resource policy: a 12-digit account, or an IAM user, role or account root ARN.
ResourcePrincipal = Annotated[Str, BeforeValidator(_quoted_account), AfterValidator(_resource_principal)]
# An IAM role of the registry's own account (a role ECR assumes).
OwnRoleArn = Annotated[Str, AfterValidator(_own_role)]


def is_tag_key(key: Any) -> bool:
    """True for a tag key AWS accepts: 1-128 of its tag characters, not starting with `aws:` (in any letter case)."""
    return isinstance(key, str) and not shape("iam", "tagKeyType").problem(key) and not key.lower().startswith("aws:")


TAG_KEY_RULE = f"tag keys are 1-128 {_TAG_CHARACTERS} and may not start with aws:"


def merged_tags(*layers: Mapping[str, str], iam: bool = False) -> dict[str, str]:
    """Tags of several layers, each over the ones before it (a later layer's value wins).

    ECR tag keys are case-sensitive: `Team` and `team` are two tags. IAM's (`iam`: users, roles, policies) are not: a
    later key replaces an earlier one differing from it only in letter case, so the result never holds both.
    """
    out: dict[str, str] = {}
    for layer in layers:
        for key, value in layer.items():
            if iam:
                for same in [k for k in out if k.lower() == key.lower()]:
                    del out[same]
            out[key] = value
    return out


def tag_problems(tags: Mapping[Any, Any], iam: bool = False) -> list[tuple[Any, str, Any]]:
    """What AWS would refuse in resource tags, as (key, message, value); the config and the components both ask here.

    ECR tag keys are case-sensitive (`Team` and `team` are two tags); IAM's (`iam`: users, roles, policies) are not:
    keys differing only in letter case are refused there.
    """
    if len(tags) > MAX_TAGS:
        return [((), f"has {len(tags)} tags; AWS allows {MAX_TAGS}", len(tags))]
    problems: list[tuple[Any, str, Any]] = []
    folded: dict[str, str] = {}
    for key, item in tags.items():
        if not is_tag_key(key):
            problems.append(((key,), TAG_KEY_RULE, key))
        elif iam and key.lower() in folded:
            problems.append(((key,), f"differs from tag key {folded[key.lower()]} only in letter case; IAM tag keys ignore "
                             "case, so it would be the same tag: keep one", key))
        elif not isinstance(item, str) or shape("iam", "tagValueType").problem(item):
            problems.append(((key,), f"tag values are strings of 0-256 {_TAG_CHARACTERS}", item))
        else:
            folded.setdefault(key.lower(), key)
    return problems


def _tags(value: dict[str, Any], iam: bool = False) -> dict[str, str]:
    problems = tag_problems(value, iam)
    if problems and problems[0][0] == ():
        raise fail(problems[0][1])
    if problems:
        raise refusals(problems)
    return dict(value)


def _tag_map(value: Any) -> Any:
    if not isinstance(value, dict):
        raise fail("must be a map of tag keys to values", value=value if value is not None else MISSING)
    return value


# A tag key in the JSON Schema (editors check it as the user types).
TAG_KEY_SCHEMA: dict[str, Any] = {"minLength": 1, "maxLength": 128, "pattern": r"^(?![aA][wW][sS]:)[\w\s_.:/=+\-@]+$"}
_TAGS_SCHEMA = Field(json_schema_extra={
    "maxProperties": MAX_TAGS, "additionalProperties": {"type": "string", "maxLength": 256}, "propertyNames": TAG_KEY_SCHEMA})
# Resource tags as AWS accepts them: at most 50; keys 1-128 and values 0-256 letters, digits, spaces and `_.:/=+-@`
# (botocore `iam` `tagKeyType`/`tagValueType`; ECR tags follow the same rules); keys not aws:.
Tags = Annotated[dict[str, Any], BeforeValidator(_tag_map), AfterValidator(_tags), _TAGS_SCHEMA]
# Tags of an IAM user or role: as Tags, and no two keys differing only in letter case (IAM ignores it).
IamTags = Annotated[dict[str, Any], BeforeValidator(_tag_map), AfterValidator(lambda v: _tags(v, iam=True)), _TAGS_SCHEMA]
