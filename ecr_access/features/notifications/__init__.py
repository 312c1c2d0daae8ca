"""Notifications: EventBridge rules sending ECR scan findings and pushes to SNS topics, and the topic policy that lets
only those rules publish.

The names below load on first use: a module of the package (`names`, `patterns`) is imported without the config
models and the compile step, which a stack without notifications never needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecr_access.lazy import lazy_exports

if TYPE_CHECKING:
    from ecr_access.features.notifications.compile import CompiledNotifications, CompiledRule, compile_notifications
    from ecr_access.features.notifications.read import read_notifications
    from ecr_access.features.notifications.spec import NotificationSpec, RuleSpec

# Public name -> the module that defines it.
_EXPORTS = {
    "CompiledNotifications": "ecr_access.features.notifications.compile",
    "CompiledRule": "ecr_access.features.notifications.compile",
    "compile_notifications": "ecr_access.features.notifications.compile",
    "read_notifications": "ecr_access.features.notifications.read",
    "NotificationSpec": "ecr_access.features.notifications.spec",
    "RuleSpec": "ecr_access.features.notifications.spec",
}

__all__ = ["CompiledNotifications", "CompiledRule", "NotificationSpec", "RuleSpec", "compile_notifications",
           "read_notifications"]


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())
