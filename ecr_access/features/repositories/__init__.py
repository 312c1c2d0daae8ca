"""Repositories: settings shared with the defaults and templates, lifecycle, and the repository entries."""
