"""The `pgpKey` of a user's access key: what AWS encrypts the secret with (Pulumi `aws.iam.AccessKey.pgpKey`)."""

from __future__ import annotations

import base64
import binascii
import re

from ecr_access.config.base import NO_VALUE, fail

# A Keybase username: letters, digits, _ and - (the provider fetches the key from Keybase by it).
_KEYBASE = re.compile(r"keybase:[A-Za-z0-9_-]{1,64}")
_PUBLIC_KEY_TAG = 6  # OpenPGP packet tag of a public key (RFC 4880, section 4.3)
_KEY_VERSIONS = (3, 4, 5, 6)
_SECRET_TAGS = (5, 7)  # secret key, secret subkey
_SECRET = "a secret key"


def pgp_key(value: str) -> str:
    """`keybase:<username>`, or a raw (not ASCII-armored) OpenPGP public key in base64, as the provider takes it."""
    if value.startswith("keybase:"):
        if not _KEYBASE.fullmatch(value):
            raise fail("must be keybase:<username> (letters, digits, _ or -) or a base64 PGP public key")
        return value
    problem = _public_key_problem(value)
    if problem == _SECRET:  # never echo a private key into logs
        raise fail(
            "is a PGP secret key (not shown): give the public key (gpg --export <key> | base64), and treat this one as exposed",
            value=NO_VALUE,
        )
    if problem:
        raise fail(f"must be keybase:<username> or a base64 PGP public key (gpg --export <key> | base64): {problem}")
    return value


def _public_key_problem(value: str) -> str | None:
    if "PRIVATE KEY" in value:
        return _SECRET
    if "-----BEGIN PGP" in value:
        return "this is an ASCII-armored key; export it without --armor and base64-encode it"
    try:
        data = base64.b64decode(value.replace("\r", "").replace("\n", ""), validate=True)
    except (binascii.Error, ValueError):
        return "it is not base64"
    if not data or not data[0] & 0x80:
        return "it does not start with an OpenPGP packet"
    new_format = bool(data[0] & 0x40)
    tag = data[0] & 0x3F if new_format else (data[0] >> 2) & 0x0F
    if tag in _SECRET_TAGS:
        return _SECRET
    if tag != _PUBLIC_KEY_TAG:
        return f"its first OpenPGP packet has tag {tag}, not a public key (6): export the public key"
    start, length = _body(data, new_format)
    if start is None or length is None or start + length > len(data) or data[start] not in _KEY_VERSIONS:
        return "its public key packet is cut short or malformed"
    return None


def _body(data: bytes, new_format: bool) -> tuple[int | None, int | None]:
    # Where the first packet's body starts and how long it is (RFC 4880, 4.2); None for lengths a key never uses.
    if new_format:
        if len(data) < 2:
            return None, None
        first = data[1]
        if first < 192:
            return 2, first
        if first < 224 and len(data) >= 3:
            return 3, ((first - 192) << 8) + data[2] + 192
        if first == 255 and len(data) >= 6:
            return 6, int.from_bytes(data[2:6], "big")
        return None, None
    size = {0: 1, 1: 2, 2: 4}.get(data[0] & 0x03)
    if size is None or len(data) < 1 + size:
        return None, None
    return 1 + size, int.from_bytes(data[1 : 1 + size], "big")
