"""Short, unique, alphanumeric statement IDs that say what a statement grants."""

from __future__ import annotations

import re

_MAX = 64  # long enough to read, short enough not to eat the policy's character quota


def camel(name: str) -> str:
    """A repository or namespace name as CamelCase letters and digits (`team-a/api` -> `TeamAApi`)."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)


_DASHED = re.compile(r"[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*")
# Separators spelled as capitals no lowercase name holds (injective_camel's second form).
_SEPARATORS = {"-": "H", ".": "D", "_": "U", "/": "S"}


def injective_camel(name: str) -> str:
    """A lowercase name as Sid letters, distinct for distinct names (`ab-c` -> `AbC`, `ab/c` -> `0abSc`).

    Words joined by `-` read as CamelCase; any other name keeps its letters and digits and spells each separator as
    a capital (H for -, D for ., U for _, S for /) after a leading 0, which no CamelCase form starts with.
    """
    if _DASHED.fullmatch(name):
        return camel(name)
    return "0" + "".join(_SEPARATORS.get(c, c) for c in name)


def verbs(actions: tuple[str, ...]) -> tuple[str, ...]:
    """The distinct leading verbs of actions, in order (`ecr:ListImages`, `ecr:ListTags...` -> `List`)."""
    out: list[str] = []
    for action in actions:
        match = re.match(r"[A-Z][a-z]*", action.split(":", 1)[-1])
        word = match.group(0) if match else "Act"
        if word not in out:
            out.append(word)
    return tuple(out)


class SidAllocator:
    """Hands out Sids unique within one principal's statements (`Name`, `Name2`, `Name3`, ...)."""

    def __init__(self, reserved: set[str] | frozenset[str] = frozenset()):
        self.used = set(reserved)

    def take(self, words: str) -> str:
        """A Sid based on `words` (non-alphanumerics dropped, truncated), made unique."""
        base = re.sub(r"[^A-Za-z0-9]", "", words)[:_MAX] or "Grant"
        sid, n = base, 1
        while sid in self.used:
            n += 1
            sid = f"{base}{n}"
        self.used.add(sid)
        return sid
