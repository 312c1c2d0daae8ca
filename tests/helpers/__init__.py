"""Helpers shared by the test suite, one module per concept (listed in tests/conftest.py)."""
