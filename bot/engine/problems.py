"""Problems found while loading: where, what, and how to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    fix: str = field(default="", compare=False)

    def format(self) -> str:
        """`path:line:column: severity: message`, then the fix on an indented line.

        A file name or a value from a pull request may hold terminal control sequences or
        bidirectional overrides: they are shown as escapes, never sent to the terminal.
        """
        head = printable(f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}")
        return f"{head}\n    fix: {printable(self.fix)}" if self.fix else head

    def format_github(self) -> str:
        """A GitHub workflow annotation, so the problem shows on the PR's diff line."""
        text = f"{self.message}. Fix: {self.fix}" if self.fix else self.message
        return (f"::{self.severity} file={printable(_escape_property(self.path))},line={self.line},"
                f"col={self.column}::{printable(_escape_data(text))}")


# C0 and C1 controls, DEL, and the bidirectional overrides and isolates ("Trojan Source");
# and the lone surrogates Python reads a file name's undecodable bytes as, shown as those
# bytes (printing them as they are fails: UTF-8 has no surrogates).
_UNPRINTABLE = {**{code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
                   for code in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
                                *range(0x2066, 0x206A)]},
                **{code: f"\\x{code - 0xDC00:02x}" for code in range(0xDC80, 0xDD00)}}


def printable(text: str) -> str:
    """`text` with control characters written as escapes, so a terminal shows them."""
    return text if text.isprintable() else text.translate(_UNPRINTABLE)


def first_unprintable(text: str, allowed: str = "") -> str | None:
    """The first control character or bidirectional override in `text` not in `allowed`."""
    if text.isprintable():
        return None
    found = _unprintable_pattern(allowed).search(text)
    return found.group() if found else None


@lru_cache(maxsize=8)
def _unprintable_pattern(allowed: str) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(code)) for code in _UNPRINTABLE
                                    if chr(code) not in allowed) + "]")


def _escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner expects (toolkit's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property (file=...): its ':' and ',' would end it early."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class Finding(NamedTuple):
    """A problem inside one fact, before it has a line: the path to the field (relative to the
    fact entry), its code in the loader's message table and the values that fill it in. The
    loader's rules turn it into a Problem."""

    path: tuple[str | int, ...]
    code: str
    values: dict[str, object]
    severity: Severity = "warning"


class FactBaseError(Exception):
    """The fact base has errors; `problems` lists all of them (warnings included)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        shown = "\n".join(p.format() for p in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"the fact base has {len(errors)} error(s):\n{shown}{more}")


def raise_on_errors(problems: list[Problem]) -> None:
    """FactBaseError if any of `problems` is an error (warnings alone load)."""
    if any(p.severity == "error" for p in problems):
        raise FactBaseError(problems)
