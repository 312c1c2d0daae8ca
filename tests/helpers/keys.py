"""What the key tests expect of the stack's `ecr-prod` key: its ID and ARN under the plan's mocks, and the statements
every key policy holds whatever the grants (administration by the account, ECR's grants)."""

from __future__ import annotations

import uuid

from tests.helpers.stacks import REGISTRY

ACCOUNT = REGISTRY.account
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
KEY_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, f"kms:aws:us-east-1:{ACCOUNT}:ecr-prod"))
KEY_ARN = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{KEY_ID}"
VIA_ECR = {"kms:ViaService": "ecr.us-east-1.amazonaws.com"}
KEY = "aws:kms/key:Key"
ADMIN_ACTIONS = [
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey",
    "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus",
    "kms:ListGrants", "kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy",
    "kms:RevokeGrant", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource",
    "kms:UpdateAlias", "kms:UpdateKeyDescription",
]
FIXED = [
    {"Sid": "KeyAdministration", "Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": ADMIN_ACTIONS, "Resource": "*"},
    {"Sid": "EcrCreateGrant", "Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:CreateGrant", "Resource": "*",
     "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"},
                   "StringEquals": {"kms:CallerAccount": ACCOUNT, **VIA_ECR}}},
    {"Sid": "EcrRetireGrant", "Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:RetireGrant", "Resource": "*",
     "Condition": {"StringEquals": {"kms:CallerAccount": ACCOUNT, **VIA_ECR}}},
]
