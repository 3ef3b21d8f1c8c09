"""Words about time: which end of the record a question wants (last, latest, most recent,
first, earliest) and which years it allows (before / after / since YEAR, between YEAR and
YEAR, from YEAR to YEAR)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Order = Literal["newest", "oldest"]

ORDER_WORDS: dict[str, Order] = {
    "last": "newest", "latest": "newest", "recent": "newest", "recently": "newest",
    "newest": "newest", "lately": "newest",
    "first": "oldest", "earliest": "oldest", "oldest": "oldest", "initially": "oldest",
}
_YEAR = re.compile(r"^(19|20)\d\d$")
FIRST_YEAR, LAST_YEAR = 1900, 2100  # the widest span a range is spelled out over


def order_of(tokens: list[str]) -> Order | None:
    """'newest' for last / latest / most recent, 'oldest' for first / earliest, else None."""
    for token in tokens:
        if token in ORDER_WORDS:
            return ORDER_WORDS[token]
    return None


@dataclass(frozen=True)
class YearRange:
    years: tuple[str, ...]  # every year allowed, spelled out: the index filters by year
    label: str  # "since 2022"
    used: frozenset[int]  # token positions the range took (the years and their cue words)


def year_range(tokens: list[str]) -> YearRange | None:
    """The span of years a question allows, if it names one with a cue word. Two or more
    narrow each other ("after 2020 before 2023": 2021 and 2022) unless "or" joins them
    ("before 2010 or after 2020")."""
    spans: list[YearRange] = []
    joined_by_or, i = False, 0
    while i < len(tokens):
        span = _span_at(tokens, i)
        if span is None:
            i += 1
            continue
        joined_by_or |= bool(spans) and "or" in tokens[max(spans[-1].used) + 1:i]
        spans.append(span)
        i = max(span.used) + 1
    if len(spans) <= 1:
        return spans[0] if spans else None
    allowed = [set(span.years) for span in spans]
    years = set.union(*allowed) if joined_by_or else set.intersection(*allowed)
    return YearRange(tuple(sorted(years)),
                     (" or " if joined_by_or else " and ").join(
                         dict.fromkeys(span.label for span in spans)),
                     frozenset().union(*(span.used for span in spans)))


def _span_at(tokens: list[str], i: int) -> YearRange | None:
    """The span a cue word at `i` names ("since 2022"), if it is one."""
    token = tokens[i]
    if i + 1 >= len(tokens) or not _YEAR.match(tokens[i + 1]):
        return None
    year = int(tokens[i + 1])
    if token in ("between", "from") and i + 3 < len(tokens) \
            and tokens[i + 2] in ("and", "to", "till", "until") and _YEAR.match(tokens[i + 3]):
        low, high = sorted((year, int(tokens[i + 3])))
        return _span(low, high, f"between {low} and {high}", {i, i + 1, i + 2, i + 3})
    if token == "before":
        return _span(FIRST_YEAR, year - 1, f"before {year}", {i, i + 1})
    if token in ("after", "since"):
        low = year if token == "since" else year + 1
        return _span(low, LAST_YEAR, f"{token} {year}", {i, i + 1})
    return None


def _span(low: int, high: int, label: str, used: set[int]) -> YearRange:
    return YearRange(tuple(str(y) for y in range(low, high + 1)), label, frozenset(used))
