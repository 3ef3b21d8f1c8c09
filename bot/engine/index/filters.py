"""Filters: every filter value maps to the rows of the facts that have it (a stretch of
one array, bot/engine/index/data.py). A small one is read as a set when asked for; a
large one as a bitmap (bot/engine/rows.py) that intersects and counts in C. A query's
conditions become one RowSet; listing it in display order needs no sort.
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Collection, Iterable, Sequence
from functools import reduce

from ..kinds import KINDS
from ..query import Filter, ParsedQuery
from ..rows import Bitmap, RowSet, bitmap, intersection
from .data import IndexData

EMPTY: frozenset[int] = frozenset()
KEEP_SETS = 1024  # small filters and words kept as sets once read (each under bitmap_from)
KEEP_FLAGS = 256  # large words kept as bytes once walked (12.5 KB each at 100,000 facts)


class Stretches:
    """Lists of rows stored end to end (`rows[starts[i]:starts[i + 1]]` is list i), read
    as sets or bitmaps, made on first use and kept (the KEEP_SETS sets made last; every
    bitmap, one per large list at most)."""

    def __init__(self, starts: Sequence[int], rows: Sequence[int], bitmap_from: int):
        self._starts = starts
        self._rows = rows
        self.bitmap_from = bitmap_from
        self._sets: OrderedDict[int, frozenset[int]] = OrderedDict()
        self._bitmaps: dict[int, Bitmap] = {}  # at most one per large list: bounded
        self._flags: OrderedDict[int, tuple[int, bytes]] = OrderedDict()

    @property
    def count(self) -> int:
        """How many lists."""
        return len(self._starts) - 1

    def span(self, number: int) -> tuple[int, int]:
        """Where list `number` starts and ends in the long array."""
        return self._starts[number], self._starts[number + 1]

    def size(self, number: int) -> int:
        start, end = self.span(number)
        return end - start

    def rows(self, number: int) -> Sequence[int]:
        start, end = self.span(number)
        return self._rows[start:end]

    def members(self, number: int) -> frozenset[int]:
        found = self._sets.get(number)
        if found is None:
            found = self._sets[number] = frozenset(self.rows(number))
            if len(self._sets) > KEEP_SETS:
                self._sets.popitem(last=False)
        return found

    def bitmap(self, number: int) -> Bitmap | None:
        """The list as a bitmap, if it is long enough for one to pay off."""
        if self.size(number) < self.bitmap_from:
            return None
        bits = self._bitmaps.get(number)
        if bits is None:
            bits = self._bitmaps[number] = bitmap(self.rows(number), ascending=True)
        return bits

    def as_bitmap(self, number: int) -> Bitmap:
        """The list as a bitmap however short (a short one made now, not kept): for the
        bit operations of a union, a day's rows of a kind, words held together."""
        return self.bitmap(number) or bitmap(self.rows(number), ascending=True)

    def flags(self, number: int) -> tuple[int, bytes] | None:
        """A large list's bitmap as bytes (RowSet.flags), for loops that test many rows;
        None for a small list (read it with `members`)."""
        found = self._flags.get(number)
        if found is None:
            bits = self.bitmap(number)
            if bits is None:
                return None
            found = self._flags[number] = RowSet(bits=bits).flags()
            if len(self._flags) > KEEP_FLAGS:
                self._flags.popitem(last=False)
        return found

    def row_set(self, number: int | None) -> RowSet:
        """The list as a RowSet: a set when small, a bitmap when large (None: empty)."""
        if number is None:
            return RowSet(EMPTY)
        bits = self.bitmap(number)
        if bits is None:
            return RowSet(self.members(number))
        return RowSet(bits=bits, size=self.size(number))


class Filters:
    """The rows of each (field, value), and the listing of rows in display or timeline
    order."""

    def __init__(self, data: IndexData, stretches: Stretches, words: Stretches,
                 term_number: dict[str, int]):
        """`stretches`: each filter's rows, in the order of `data.filter_keys`; `words`:
        each word's rows, in the order of `term_number`."""
        self._number = {key: number for number, key in enumerate(data.filter_keys)}
        self._stretches = stretches
        self._words = words
        self._term_number = term_number
        self._dates = data.dates
        self._dates_descending = data.dates_descending  # the timeline's shortcut needs it
        self._timeline = data.timeline
        self._count = len(data.dates)
        self._all = RowSet(range(self._count))
        self.bitmap_from = stretches.bitmap_from

    def _matching(self, condition: Filter) -> RowSet:
        """RowSet meeting one condition; its members are the index's own, never changed."""
        if condition.field == "term":
            return self._words.row_set(self._term_number.get(condition.values[0]))
        if condition.field == "foreign":
            return RowSet(EMPTY)
        numbers = []
        for value in condition.values:
            if condition.field == "countries" and ("countries", value) not in self._number:
                # A country that is nobody's side (Kazakhstan, the host) means "in" it.
                numbers.append(self._number.get(("location", value)))
            else:
                numbers.append(self._number.get((condition.field, value)))
        # "before 2023" names the 123 years from 1900, of which the fact base has a few
        held = [number for number in numbers if number is not None]
        if len(held) <= 1:
            return self._stretches.row_set(held[0] if held else None)
        if sum(map(self._stretches.size, held)) >= self.bitmap_from:  # one bitmap, in C
            return RowSet(bits=reduce(operator.or_, map(self._stretches.as_bitmap, held)))
        found: set[int] = set()
        for number in held:
            found.update(self._stretches.rows(number))
        return RowSet(found)

    def _conditions(self, query: ParsedQuery) -> list[Filter]:
        conditions = list(query.filters)
        if query.kind:
            conditions.append(Filter("kind", (query.kind,), query.kind))
        return conditions

    def candidates(self, query: ParsedQuery) -> RowSet | None:
        """RowSet meeting every filter, or None for all facts (no filter at all)."""
        conditions = self._conditions(query)
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

    def among(self, rows: Iterable[int], query: ParsedQuery) -> list[int]:
        """Those of `rows` meeting every filter, in their order: a few rows tested against
        each filter's set or bitmap, no intersection of the filters worked out."""
        listed = list(rows)
        kept = intersection(listed, [self._matching(c) for c in self._conditions(query)])
        return [row for row in listed if row in kept]

    def count(self, query: ParsedQuery) -> int:
        found = self.candidates(query)
        return self._count if found is None else len(found)

    def counts_without_each(self, query: ParsedQuery) -> list[int]:
        """How many rows meet all of the query's conditions but one, for each (filters in
        order, then the kind): what a question that finds nothing tries. Each count is of
        the intersection of the conditions before it and of those after it, 3n bitmap
        operations where intersecting all the others for each took n² (19 ms for a
        question of about 90 conditions at 100,009 replicated facts, now 3.5)."""
        bitmaps = [self._matching(condition).as_bitmap() for condition in self._conditions(query)]
        before = [Bitmap(0, (1 << self._count) - 1)]  # every row
        for bits in bitmaps[:-1]:
            before.append(before[-1] & bits)
        after, counts = before[0], [0] * len(bitmaps)
        for at in range(len(bitmaps) - 1, -1, -1):
            counts[at] = (before[at] & after).bits.bit_count()
            after = after & bitmaps[at]
        return counts

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
        on to the end of the date of the last one needed, then sorts what it took. A date
        of thousands of facts (copies of a day's facts) is read a kind at a time instead."""
        dates, place = self._dates, self._timeline.__getitem__
        found = self._all if found is None else found
        if limit is not None and self._dates_descending:
            taken: list[int] = []
            for row in found.descending():
                if len(taken) >= limit:
                    if dates[row] != dates[taken[-1]]:
                        break
                    if found is self._all or found.bits is not None:  # that day, by kind
                        older = [r for r in taken if dates[r] != dates[row]]
                        return (sorted(older, key=place)
                                + self._first_of_day(row, found, limit - len(older)))
                taken.append(row)
            return sorted(taken, key=place)[:limit]
        ordered = sorted(found.ascending(), key=place)
        return ordered if limit is None else ordered[:limit]

    def _first_of_day(self, row: int, found: RowSet, limit: int) -> list[int]:
        """The first `limit` rows of `found` (every fact, or a bitmap) dated as `row` is, in
        timeline order: a day's rows run in id order, so its rows of one kind are in
        timeline order, and kinds follow each other in their order within a day."""
        dates, day = self._dates, self._dates[row]
        first = bisect_left(range(row + 1), True, key=lambda r: dates[r] <= day)
        end = row + bisect_left(range(row, self._count), True, key=lambda r: dates[r] < day)
        within = Bitmap(first, (1 << (end - first)) - 1)
        if found.bits is not None:
            within = within & found.bits
        picked: list[int] = []
        for kind in sorted(KINDS, key=lambda kind: kind.day_order):
            number = self._number.get(("kind", kind.name))
            if number is not None and len(picked) < limit:
                kind_bits = self._stretches.as_bitmap(number)
                picked += RowSet(bits=within & kind_bits).ascending(limit - len(picked))
        return picked
