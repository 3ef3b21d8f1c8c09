"""BM25 ranking. Every stemmed word of a fact's text has its rows and how often it is in
each (bot/engine/index/data.py), and its rows ordered by BM25 addend (stored for
frequent words), so the best few hits are found without scoring every match (the
threshold walk, bot/engine/index/walk.py).

Results are exactly those of scoring every matching fact and sorting by (-score, row):
each addend is computed by `bm25_addend`, added in the same order, and the shortcuts
only skip facts that provably cannot rank higher.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import NamedTuple

from ..rows import Bitmap, RowSet
from .bm25 import bm25_addend, bm25_idf, by_weight
from .data import IndexData
from .filters import Filters, Stretches
from .held import counted, holding_at_least, top_by_words_held
from .twins import Twins
from .walk import REACH_WORDS, STEPS_PER_SCORE, threshold

HELD_BY_MANY = 4  # the walk scores at once the rows holding 2, 3 or 4 of the words
# found rows from which counting the words each holds (a few bitmap operations a word)
# costs less than scoring each (a lookup a word)
COUNT_FROM = 100


class Hit(NamedTuple):
    row: int
    score: float


class Ranking:
    """BM25 over the facts' words, with the walks that find a broad query's best few."""

    def __init__(self, data: IndexData, term_number: dict[str, int], words: Stretches,
                 filters: Filters, twins: Twins | None):
        self._rows = data.posting_rows
        self._counts = data.posting_counts
        self._norm = data.norms
        self._term_number = term_number
        self._words = words
        self._filters = filters
        self._count = len(data.norms)
        self._walk_number = {term: walk for walk, term in enumerate(data.walk_terms)}
        self._walk_starts = data.walk_starts
        self._walk_rows = data.walk_rows
        self._walk_counts = data.walk_counts
        self._idf: dict[str, float] = {}
        self._short_walks: dict[str, tuple[Sequence[int], Sequence[int]]] = {}
        self._twins = twins

    def _span(self, term: str) -> tuple[int, int]:
        """Where the term's rows and counts are in the long arrays."""
        return self._words.span(self._term_number[term])

    def _size(self, term: str) -> int:
        return self._words.size(self._term_number[term])

    def idf(self, term: str) -> float:
        found = self._idf.get(term)
        if found is None:
            found = self._idf[term] = bm25_idf(self._count, self._size(term))
        return found

    def _frequency(self, term: str, row: int) -> int:
        """How often `term` is in the row's text (0: not at all): a binary search."""
        start, end = self._span(term)
        at = bisect_left(self._rows, row, start, end)
        return self._counts[at] if at < end and self._rows[at] == row else 0

    def _scored(self, terms: list[str], found: RowSet | None) -> dict[int, float]:
        """Positive scores of the found rows (all facts when None), in term order."""
        norm = self._norm
        scores: dict[int, float] = {}
        for term in terms:
            idf = self.idf(term)
            get = scores.get
            for row, frequency in self._occurrences(term, found):
                scores[row] = get(row, 0.0) + bm25_addend(idf, frequency, norm[row])
        return scores

    def _occurrences(self, term: str, found: RowSet | None) -> Iterable[tuple[int, int]]:
        """(row, frequency) for the rows of `found` (all facts when None) whose text has
        `term`."""
        start, end = self._span(term)
        rows, counts = self._rows[start:end], self._counts[start:end]
        if found is None:
            return zip(rows, counts, strict=True)
        members = found.members_if_cheap()
        if members is None:  # a bitmap only: intersect it with the term's, if it has one
            term_bits = self._words.bitmap(self._term_number[term])
            if term_bits is not None and found.bits is not None:
                return self._frequencies(term, RowSet(bits=found.bits & term_bits).ascending())
            return [(p, f) for p, f in zip(rows, counts, strict=True) if p in found]
        if len(rows) <= len(members):
            return [(p, f) for p, f in zip(rows, counts, strict=True) if p in members]
        word = self._words.row_set(self._term_number[term])  # a set, or a bitmap if large
        return self._frequencies(term, sorted(p for p in members if p in word))

    def _frequencies(self, term: str, ascending: list[int]) -> list[tuple[int, int]]:
        """(row, frequency) of rows known to hold `term`, listed in row order: each binary
        search starts where the last one ended."""
        start, end = self._span(term)
        rows, counts = self._rows, self._counts
        found = []
        for row in ascending:
            start = bisect_left(rows, row, start, end)
            found.append((row, counts[start]))
        return found

    def rank_all(self, terms: list[str], found: RowSet | None) -> list[Hit]:
        scores = self._scored(terms, found)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        hits = [Hit(p, s) for p, s in ranked]
        hits.extend(Hit(p, 0.0) for p in self._filters.first(found, None, exclude=scores))
        return hits

    def rank_top(self, terms: list[str], found: RowSet | None, limit: int) -> list[Hit]:
        twins, walked, best = self._twins, None, None
        many = len(terms) > REACH_WORDS  # too many for a walk: held.py
        if found is None:
            walked = (self._by_words_held(terms, None, limit) if many
                      else self._threshold(terms, None, limit))  # never gives up
        elif twins is not None and (grouped := twins.split(found)) is not None:
            best = twins.best_of_split(grouped, self._score_of(terms), limit)  # a few copies
        elif many and found.bits is not None and len(found) >= COUNT_FROM:
            walked = self._by_words_held(terms, found, limit)
        else:
            # Scoring every one found takes a lookup per term (with twins, reading the
            # found level by level, about a walk's step per row: a walk gets an eighth of
            # that); walking the terms' rows meets one of the found about every
            # reach / len(found) steps, if they are spread evenly. They may not be: a walk
            # gives up once it has cost more.
            sizes = [self._size(t) for t in terms]
            reach = sum(sizes)
            if twins is None:
                steps = STEPS_PER_SCORE * sum(min(len(found), size) for size in sizes)
            else:
                steps = len(found) // 8
            if limit * reach < steps * len(found):
                walked = self._threshold(terms, found, limit, give_up=steps)
            if walked is None and twins is not None:
                best = twins.best_listed(found, self._score_of(terms), limit)
        if best is not None:
            scores = dict(best)  # fewer than `limit`: every positive score
        else:
            scores = walked if walked is not None else self._scored(terms, found)
            best = _top(scores, limit)
        hits = [Hit(p, s) for p, s in best]
        if len(hits) < limit:  # then every positive score is in: pad with zero scores
            hits.extend(Hit(p, 0.0) for p in self._filters.first(found, limit - len(hits),
                                                                 exclude=scores))
        return hits

    def _by_words_held(self, terms: list[str], found: RowSet | None,
                       limit: int) -> dict[int, float]:
        """Enough scores of `found` (all facts when None) to hold the top `limit`, by
        how many of the terms each row holds (bot/engine/index/held.py)."""
        within = None if found is None else found.bits
        highest = []
        for term in terms:
            order, counts = self._walk(term)  # highest addend first
            highest.append(bm25_addend(self.idf(term), counts[0], self._norm[order[0]]))

        def scored(bits: int) -> dict[int, float]:
            return self._scored_rows(terms, RowSet(bits=Bitmap(0, bits)).ascending())

        return top_by_words_held([self._rows_as_bits(term, within) for term in terms],
                                 highest, limit, scored)

    def _walk(self, term: str) -> tuple[Sequence[int], Sequence[int]]:
        """A term's rows, highest BM25 addend first (ties: row order), and their
        frequencies: stored for frequent words, sorted on first use for the others."""
        number = self._walk_number.get(self._term_number[term])
        if number is not None:
            start, end = self._walk_starts[number], self._walk_starts[number + 1]
            return self._walk_rows[start:end], self._walk_counts[start:end]
        walk = self._short_walks.get(term)
        if walk is None:
            start, end = self._span(term)
            walk = by_weight(self._rows[start:end], self._counts[start:end], self.idf(term),
                             self._norm)
            if len(self._short_walks) >= 4096:
                self._short_walks.clear()
            self._short_walks[term] = walk
        return walk

    def _threshold(self, terms: list[str], found: RowSet | None, limit: int,
                   give_up: int | None = None) -> dict[int, float] | None:
        """The threshold walk (bot/engine/index/walk.py) over the terms' walks."""
        walks = [(*self._walk(term), self.idf(term)) for term in terms]
        return threshold(walks, found, limit, self._norm,
                         partial(self._scorer, terms, [idf for *_, idf in walks]),
                         partial(self._held_by_many, terms, found),
                         partial(self._scores_holding, terms, found), give_up)

    def _score_of(self, terms: list[str]) -> Callable[..., float]:
        return self._scorer(terms, [self.idf(term) for term in terms])

    def _scorer(self, terms: list[str], idfs: list[float]) -> Callable[..., float]:
        """`score_of(row, walker=-1, own=0)`: the row's score, its addends added in term
        order (`own`: its count of the term `walker`, already known). Twins, rows of the
        very same words, are scored once."""
        # Each term's count in a row is a binary search of its rows; the term's set (a
        # small term) or bitmap bytes (a large one) rule most rows out first, and the walk
        # a row was met in gives its own count.
        weighted: list[tuple[str, float, frozenset[int] | None, int, bytes, int]] = []
        for term, term_idf in zip(terms, idfs, strict=True):
            number = self._term_number[term]
            large = self._words.flags(number)
            if large is None:
                weighted.append((term, term_idf, self._words.members(number), 0, b"", 0))
            else:
                term_offset, term_flags = large
                weighted.append((term, term_idf, None, term_offset, term_flags,
                                 len(term_flags) * 8))
        frequency = self._frequency
        norm = self._norm

        def score_of(row: int, walker: int = -1, own: int = 0) -> float:
            score = 0.0
            for number, (term, term_idf, members, t_offset, t_flags, t_span) in \
                    enumerate(weighted):
                if number == walker:
                    count = own
                elif members is not None:
                    if row not in members:
                        continue
                    count = frequency(term, row)
                else:
                    at = row - t_offset
                    if not (0 <= at < t_span and t_flags[at >> 3] >> (at & 7) & 1):
                        continue
                    count = frequency(term, row)
                if count:
                    score += bm25_addend(term_idf, count, norm[row])
            return score

        return score_of if self._twins is None else self._twins.scored_once(score_of)

    def _scores_holding(self, terms: list[str], found: RowSet | None,
                        groups: list[tuple[int, ...]], most: float) -> dict[int, float] | None:
        """The scores of the rows of `found` (all when None) holding every term of at
        least one group (terms by number in `terms`), found on bitmaps; None when more
        than `most` rows hold one."""
        within = found.as_bitmap() if found is not None else None
        bits = {number: self._words.as_bitmap(self._term_number[terms[number]])
                for number in {number for group in groups for number in group}}
        union = Bitmap(0, 0)
        for group in groups:
            rows = bits[group[0]]
            for number in group[1:]:
                rows = rows & bits[number]
            union = union | rows
        if within is not None:
            union = union & within
        if union.bits.bit_count() > most:
            return None
        return self._scored_rows(terms, RowSet(bits=union).ascending())

    def _scored_rows(self, terms: list[str], rows: list[int]) -> dict[int, float]:
        """The scores of `rows` (ascending) holding a term, added term by term as in
        `_scored`: each term's set or bitmap bytes rule a row out inline, then
        `_frequencies` reads the counts of those holding it (a call per row and term, as
        `_scored` and `score_of` make, cost twice as much over a few thousand rows)."""
        norm = self._norm
        scores: dict[int, float] = {}
        get = scores.get
        for term in terms:
            number = self._term_number[term]
            idf = self.idf(term)
            large = self._words.flags(number)
            if large is None:
                held = self._words.members(number)
                holding = [row for row in rows if row in held]
            else:
                offset, flags = large
                span = len(flags) * 8
                holding = [row for row in rows if 0 <= (at := row - offset) < span
                           and flags[at >> 3] >> (at & 7) & 1]
            for row, count in self._frequencies(term, holding):
                scores[row] = get(row, 0.0) + bm25_addend(idf, count, norm[row])
        return scores

    def _held_by_many(self, terms: list[str],
                      found: RowSet | None) -> list[tuple[int, Bitmap, int]]:
        """For 2 up to HELD_BY_MANY of the terms, fewest first: the rows of `found` (all
        when None) holding at least that many, and how many they are; none when `found`
        is no bitmap (a few rows: the walk is short anyway). Counted on bitmaps, in C's
        loops (held.py)."""
        within = found.bits if found is not None else None
        if found is not None and within is None:
            return []
        digits = counted([self._rows_as_bits(term, within) for term in terms])
        held = []
        for fewest in range(2, min(len(terms), HELD_BY_MANY) + 1):
            rows = holding_at_least(digits, fewest)
            held.append((fewest, Bitmap(0, rows), rows.bit_count()))
        return held

    def _rows_as_bits(self, term: str, within: Bitmap | None) -> int:
        """The term's rows (of `within`, when given) as bits from row 0, to be counted."""
        rows = self._words.as_bitmap(self._term_number[term])
        if within is not None:
            rows = rows & within
        return rows.bits << rows.offset


def _top(scores: dict[int, float], limit: int) -> list[tuple[int, float]]:
    """The `limit` best (row, score) by (-score, row)."""
    if len(scores) <= 8 * limit:  # few: sorting them all is quicker than a heap
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    floor = heapq.nlargest(limit, scores.values())[-1]
    above = sorted(((p, s) for p, s in scores.items() if s > floor),
                   key=lambda item: (-item[1], item[0]))
    # then the first rows scoring the floor: thousands when they are copies of one fact
    tied = heapq.nsmallest(limit - len(above), (p for p, s in scores.items() if s == floor))
    return above + [(p, floor) for p in tied]
