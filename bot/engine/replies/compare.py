"""Comparisons over time or between sides: "how has Kyrgyzstan's position on Taiwan
changed?", "compare 2022 and 2025 on the railway", "China vs Kyrgyzstan on the railway".

The matching positions are put side by side, grouped by date (oldest first) or by side,
each with its own quote. Nothing is said about what changed: the reader compares."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..models import AnyFact
from ..query import ParsedQuery
from .phrases import speaker, spoken_date
from .questions import compares

if TYPE_CHECKING:
    from ..answering import Engine

COMPARED = 50  # positions put side by side at most


@dataclass(frozen=True)
class Comparison:
    by: str  # "date" or "side"
    groups: list[dict[str, Any]] = field(default_factory=list)  # label, items


def comparison(engine: Engine,
               query: ParsedQuery) -> tuple[Comparison, tuple[AnyFact, ...], int] | None:
    """Positions side by side, those positions in the same order, and how many matched
    (the oldest COMPARED are compared), if the question asks to compare and any match."""
    by = compares(query.text)
    if by is None:
        return None
    positions, matched = engine.matching(replace(query, kind="position", order="oldest"),
                                         COMPARED)
    if not positions:
        return None
    fact_base = engine.fact_base
    groups: dict[str, list[AnyFact]] = {}
    if by == "side":
        named = [v for f in query.filters if f.field == "countries" for v in f.values]
        order = {side: i for i, side in enumerate(named)}
        for fact in sorted(positions, key=lambda f: (order.get(_side(f), len(order)), f.date)):
            groups.setdefault(fact_base.name("countries", _side(fact)), []).append(fact)
    else:
        for fact in positions:  # oldest first already
            groups.setdefault(spoken_date(fact.date), []).append(fact)
    found = Comparison(by or "date", [
        {"label": label, "items": [{"id": f.id, "date": f.date, "speaker": speaker(f, fact_base),
                                    "quote": f.quotes[0].text} for f in facts]}
        for label, facts in groups.items()])
    return found, tuple(f for facts in groups.values() for f in facts), matched


def _side(fact: AnyFact) -> str:
    return fact.side if fact.kind == "position" else ""
