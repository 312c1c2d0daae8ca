"""Typed principals: AWS accounts and ARNs, services, federated providers, and `*`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ecr_access.iam.errors import PolicyError

_KEYS = (("AWS", "aws"), ("CanonicalUser", "canonical_user"), ("Federated", "federated"), ("Service", "service"))


def _strings(value: Any) -> tuple[str, ...]:
    return (str(value),) if isinstance(value, str) or not isinstance(value, (list, tuple)) else tuple(str(v) for v in value)


def _norm(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


@dataclass(frozen=True)
class Principals:
    """The Principal (or NotPrincipal) element of a statement."""

    aws: tuple[str, ...] = ()
    service: tuple[str, ...] = ()
    federated: tuple[str, ...] = ()
    canonical_user: tuple[str, ...] = ()
    anyone: bool = False

    def __post_init__(self) -> None:
        for _, attr in _KEYS:
            object.__setattr__(self, attr, _norm(getattr(self, attr)))

    @classmethod
    def of_aws(cls, *arns_or_accounts: str) -> Principals:
        """IAM principals by ARN, or whole accounts by 12-digit ID."""
        return cls(aws=tuple(arns_or_accounts))

    @classmethod
    def of_service(cls, *services: str) -> Principals:
        """AWS service principals such as `lambda.amazonaws.com`."""
        return cls(service=tuple(services))

    @classmethod
    def of_federated(cls, *providers: str) -> Principals:
        """Federated (OIDC or SAML) identity providers."""
        return cls(federated=tuple(providers))

    @classmethod
    def everyone(cls) -> Principals:
        """`Principal: "*"`: valid only together with a restricting condition."""
        return cls(anyone=True)

    @property
    def is_wildcard(self) -> bool:
        """True when the element admits any principal (`"*"` or `{"AWS": "*"}`)."""
        return self.anyone or "*" in self.aws

    @property
    def is_empty(self) -> bool:
        """True when no principal at all is named."""
        return not self.anyone and not any(getattr(self, attr) for _, attr in _KEYS)

    def merged(self, other: Principals) -> Principals:
        """The union of two principal sets (used to combine statements)."""
        return Principals(
            aws=self.aws + other.aws,
            service=self.service + other.service,
            federated=self.federated + other.federated,
            canonical_user=self.canonical_user + other.canonical_user,
            anyone=self.anyone or other.anyone,
        )

    @classmethod
    def from_json(cls, value: Any) -> Principals:
        """The element read back from its JSON value (`"*"`, or a map of one value or a list per key)."""
        if value == "*":
            return cls(anyone=True)
        if not isinstance(value, Mapping):
            raise PolicyError(f'a Principal is "*" or a map of AWS, Service, Federated or CanonicalUser, not {value!r}')
        unknown = set(value) - {key for key, _ in _KEYS}
        if unknown:
            raise PolicyError(f"a Principal has no key {', '.join(sorted(unknown))}")
        found = {key: _strings(value[key]) for key, _ in _KEYS if key in value}
        return cls(aws=found.get("AWS", ()), service=found.get("Service", ()), federated=found.get("Federated", ()),
                   canonical_user=found.get("CanonicalUser", ()))

    def render(self) -> Any:
        """The JSON value of the element: `"*"` or a map with sorted values."""
        if self.anyone:
            return "*"
        out: dict[str, Any] = {}
        for key, attr in _KEYS:
            values = getattr(self, attr)
            if values:
                out[key] = values[0] if len(values) == 1 else list(values)
        return out
