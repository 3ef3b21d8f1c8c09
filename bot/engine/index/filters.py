"""Filters: every filter value maps to the rows of the facts that have it, kept as a set
and, for a large one, also as a bitmap (bot/engine/rows.py) that intersects and counts
in C. A query's conditions become one RowSet; listing it in display order needs no sort.
"""

from __future__ import annotations

import operator
from collections.abc import Collection, Sequence
from functools import reduce

from ..gc_tuning import paused_gc
from ..models import AnyFact
from ..query import Filter, ParsedQuery
from ..rows import Bitmap, Members, RowSet, bitmap, intersection
from .documents import timeline_key

EMPTY: frozenset[int] = frozenset()


class Filters:
    """The rows of each (field, value), the bitmaps of the large ones, and the listing of
    rows in display or timeline order."""

    def __init__(self, facts: Sequence[AnyFact], ordered: dict[tuple[str, str], list[int]],
                 postings: dict[str, dict[int, int]], bitmap_from: int):
        """`ordered`: each filter's rows; `postings`: each word's, for word conditions;
        `bitmap_from`: the fewest members a set needs to be kept as a bitmap as well."""
        self._facts = facts
        self._count = len(facts)
        self._filters: dict[tuple[str, str], frozenset[int]] = {
            key: frozenset(value) for key, value in ordered.items()}
        self._postings = postings
        self._bitmaps: dict[tuple[str, str], Bitmap] = {}  # built on first use, or by prepare()
        self.bitmap_from = bitmap_from
        self._all = RowSet(range(self._count))
        # Display order is newest date first; the timeline's shortcut relies on it.
        self._dates_descending = all(facts[i].date >= facts[i + 1].date
                                     for i in range(len(facts) - 1))

    def prepare(self) -> None:
        """Build now the bitmaps otherwise built on first use."""
        with paused_gc():
            for key, members in self._filters.items():
                self.bitmap(key, members)

    def bitmap(self, key: tuple[str, str], members: Members) -> Bitmap | None:
        """The bitmap of a filter or a word's facts, if it has enough of them to pay off."""
        if len(members) < self.bitmap_from:
            return None
        bits = self._bitmaps.get(key)
        if bits is None:
            bits = self._bitmaps[key] = bitmap(members)
        return bits

    def _row_set(self, key: tuple[str, str], members: Members) -> RowSet:
        return RowSet(members, self.bitmap(key, members), len(members))

    def _matching(self, condition: Filter) -> RowSet:
        """RowSet meeting one condition; its members are the index's own, never changed."""
        if condition.field == "term":
            term = condition.values[0]
            return self._row_set(("term", term), self._postings.get(term, {}).keys())
        if condition.field == "foreign":
            return RowSet(EMPTY)
        keys = []
        for value in condition.values:
            if condition.field == "countries" and ("countries", value) not in self._filters:
                # A country that is nobody's side (Kazakhstan, the host) means "in" it.
                keys.append(("location", value))
            else:
                keys.append((condition.field, value))
        parts = [self._row_set(key, self._filters.get(key, EMPTY)) for key in keys]
        if len(parts) == 1:
            return parts[0]
        bitmaps = [part.bits for part in parts if part.bits is not None]
        if len(bitmaps) == len(parts):
            return RowSet(bits=reduce(operator.or_, bitmaps))
        found: set[int] = set()
        for key in keys:
            found |= self._filters.get(key, EMPTY)
        return RowSet(found)

    def candidates(self, query: ParsedQuery) -> RowSet | None:
        """RowSet meeting every filter, or None for all facts (no filter at all)."""
        conditions = list(query.filters)
        if query.kind:
            conditions.append(Filter("kind", (query.kind,), query.kind))
        if not conditions:
            return None
        sets = sorted((self._matching(c) for c in conditions), key=len)
        smallest = sets[0]
        if len(sets) == 1:
            return smallest
        bitmaps = [s.bits for s in sets if s.bits is not None]
        if len(smallest) >= self.bitmap_from and len(bitmaps) == len(sets):
            return RowSet(bits=reduce(operator.and_, bitmaps), parts=sets)
        members = smallest.ascending() if smallest.members is None else smallest.members
        return RowSet(intersection(members, sets[1:]))

    def count(self, query: ParsedQuery) -> int:
        found = self.candidates(query)
        return self._count if found is None else len(found)

    def first(self, found: RowSet | None, limit: int | None,
               exclude: Collection[int] = EMPTY) -> list[int]:
        """The first `limit` rows of `found` (all facts when None) not in `exclude`,
        which holds fewer than `limit` of them when `limit` is given."""
        found = self._all if found is None else found
        if limit is None:
            return [p for p in found.ascending() if p not in exclude]
        head = found.ascending(limit + len(exclude))
        return [p for p in head if p not in exclude][:limit]

    def in_timeline(self, found: RowSet | None, limit: int | None) -> list[int]:
        """Oldest first. Row order is newest date first, so walking rows backwards
        meets dates oldest first; only the order within one date differs, so the walk goes
        on to the end of the date of the last one needed, then sorts what it took."""
        facts = self._facts
        found = self._all if found is None else found
        if limit is not None and self._dates_descending:
            taken: list[int] = []
            for row in found.descending():
                if len(taken) >= limit and facts[row].date != facts[taken[-1]].date:
                    break
                taken.append(row)
            return sorted(taken, key=lambda p: timeline_key(facts[p]))[:limit]
        ordered = sorted(found.ascending(), key=lambda p: timeline_key(facts[p]))
        return ordered if limit is None else ordered[:limit]
