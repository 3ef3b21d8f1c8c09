"""Problems found while loading: where, what, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
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
        """`path:line:column: severity: message`, then the fix on an indented line."""
        head = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return f"{head}\n    fix: {self.fix}" if self.fix else head

    def format_github(self) -> str:
        """A GitHub workflow annotation, so the problem shows on the PR's diff line."""
        text = f"{self.message}. Fix: {self.fix}" if self.fix else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.path},line={self.line},col={self.column}::{text}"


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
