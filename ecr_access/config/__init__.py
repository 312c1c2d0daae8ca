"""The stack config schema: pydantic models per feature (ecr_access.features), errors in the user's words, botocore's
constraints, the whole-stack assembly and its JSON Schema."""
