"""The answering layer's part of a machine-readable answer (`relations ask --json`)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..answering import Answer


def answer_extras(answer: Answer) -> dict[str, Any]:
    """"answer": {"text", "facts"} or null, "card" and "comparison" as data or null, and
    the words of the question passed over."""
    extras: dict[str, Any] = {
        "answer": {"text": answer.direct.text, "facts": list(answer.direct.facts)}
        if answer.direct is not None else None,
        "card": asdict(answer.card) if answer.card is not None else None,
        "comparison": asdict(answer.comparison) if answer.comparison is not None else None,
    }
    if answer.passed_over:
        extras["passed_over"] = list(answer.passed_over)
    if answer.note:
        extras["note"] = answer.note
    return extras
