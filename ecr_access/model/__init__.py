"""Former home of the config readers, now `ecr_access.config` (schema, errors, loading) and `ecr_access.features`.

These modules only re-export, for importers not moved yet (the components, the benchmark).
"""
