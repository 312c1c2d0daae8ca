"""Offline plan: run the real program under Pulumi's mock runtime and show what it would register."""
