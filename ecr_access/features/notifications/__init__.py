"""Notifications: EventBridge rules sending ECR scan findings and pushes to SNS topics, and the topic policy that lets
only those rules publish."""

from ecr_access.features.notifications.compile import CompiledNotifications, CompiledRule, compile_notifications
from ecr_access.features.notifications.read import read_notifications
from ecr_access.features.notifications.spec import NotificationSpec, RuleSpec

__all__ = ["CompiledNotifications", "CompiledRule", "NotificationSpec", "RuleSpec", "compile_notifications",
           "read_notifications"]
