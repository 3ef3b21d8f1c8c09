"""BM25 ranking. Every stemmed word of a fact's text has its rows and how often it is in
each (bot/engine/index/data.py), and its rows ordered by BM25 addend (stored for
frequent words), so the best few hits are found without scoring every match (Fagin's
threshold algorithm, below).

Results are exactly those of scoring every matching fact and sorting by (-score, row):
each addend is computed by `bm25_addend`, added in the same order, and the shortcuts
only skip facts that provably cannot rank higher.
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import islice
from typing import NamedTuple

from ..rows import Bitmap, RowSet, bitmap
from .data import IndexData
from .filters import Filters, Stretches

BM25_K1 = 1.2
BM25_B = 0.75
_K1_PLUS_1 = BM25_K1 + 1
BOUND_EVERY_FROM = 64  # the walk's bound checked at every depth up to here, then every 8th
LOOK_AHEAD = 16  # rows a walk looks through for its next row of the found, each turn
TIGHTEN_FROM = 32  # a walk of several words this deep, and twice as deep, and so on,...
TIGHTEN_SCORED = 64  # ...having scored this many rows,...
HELD_BY_MANY = 4  # ...scores the rows holding 2, 3 or 4 of them, if no more than it did
_ROUNDING = 1 + 1e-9  # a bound summed in another order than a score may round below it


def bm25_addend(idf: float, frequency: int, norm: float) -> float:
    """One term's BM25 addend for one fact; `norm` is the fact's length normalisation.
    The one expression every path uses, so every path scores to the same bit."""
    return idf * frequency * _K1_PLUS_1 / (frequency + norm)


def bm25_idf(count: int, size: int) -> float:
    """A word's inverse document frequency: in `size` of `count` facts."""
    return math.log(1 + (count - size + 0.5) / (size + 0.5))


class Hit(NamedTuple):
    row: int
    score: float


class Ranking:
    """BM25 over the facts' words, with the walks that find a broad query's best few."""

    steps_per_score = 4  # walk steps costing as much as scoring one found fact for one term

    def __init__(self, data: IndexData, term_number: dict[str, int], words: Stretches,
                 filters: Filters):
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
        self._twins = data.twins or None

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
        walked = None
        if found is None:
            walked = self._threshold(terms, None, limit)  # never gives up
        else:
            # Scoring every one found takes a lookup per term (with twins, reading the
            # found level by level, about a walk's step per row: a walk gets an eighth of
            # that); walking the terms' rows meets one of the found about every
            # reach / len(found) steps, if they are spread evenly. They may not be: a walk
            # gives up once it has cost more.
            sizes = [self._size(t) for t in terms]
            reach = sum(sizes)
            if self._twins is None:
                steps = self.steps_per_score * sum(min(len(found), size) for size in sizes)
            else:
                steps = len(found) // 8
            if limit * reach < steps * len(found):
                walked = self._threshold(terms, found, limit, give_up=steps)
        if walked is None and found is not None and self._twins is not None:
            best = self._best_of_twins(terms, found, limit)
            scores = dict(best)  # fewer than `limit`: every positive score
        else:
            scores = walked if walked is not None else self._scored(terms, found)
            best = _top(scores, limit)
        hits = [Hit(p, s) for p, s in best]
        if len(hits) < limit:  # then every positive score is in: pad with zero scores
            hits.extend(Hit(p, 0.0) for p in self._filters.first(found, limit - len(hits),
                                                                 exclude=scores))
        return hits

    def _best_of_twins(self, terms: list[str], found: RowSet,
                       limit: int) -> list[tuple[int, float]]:
        """The `limit` best (row, score) of `found` by (-score, row), each text scored once
        (a fact base of copies): the highest score's rows in row order, then the next's."""
        rows = found.ascending()
        twins = self._twins or ()
        score_of = self._scorer(terms, [self.idf(term) for term in terms])
        by_twin = {twin: score_of(twin) for twin in set(map(twins.__getitem__, rows))}
        best: list[tuple[int, float]] = []
        for level in sorted({score for score in by_twin.values() if score > 0}, reverse=True):
            scoring = {twin for twin, score in by_twin.items() if score == level}
            taken = islice((row for row in rows if twins[row] in scoring), limit - len(best))
            best += [(row, level) for row in taken]
            if len(best) == limit:
                break
        return best

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
        """Fagin's threshold algorithm: enough scores to hold the true top `limit`.

        Walk every term's rows of `found` from its highest addend down, a row each in
        turn (looking through LOOK_AHEAD rows at most for it), scoring each new candidate
        fully. A row not yet seen scores at most the sum of the addends of the rows the
        walks are at (summed in the order a score is, so exactly); once `limit` seen rows
        score more, no unseen one can enter the top.
        When they only tie with it, as copies of one fact do, `_ties_settled` decides by
        rows. Exhausted lists mean every positive score has been seen. None when the walk
        would look at more than `give_up` rows.

        That bound assumes an unseen row may hold every term. Words that seldom meet
        keep it high long after the top is found, so a walk still going TIGHTEN_FROM rows
        deep (and at each doubling of that) scores at once the rows that hold several of
        the terms, if they are no more than the rows it has scored: any row met after
        holds fewer, and only that many of the addends are summed.
        """
        inside = _container(found)
        offset, flags = found.flags() if found is not None and inside is found else (0, None)
        span = len(flags or ()) * 8
        norm = self._norm
        walks = [(*self._walk(t), self.idf(t)) for t in terms]
        scores: dict[int, float] = {}
        if len(walks) == 1:  # one term: a fact's score is its addend, met in falling order
            order, frequencies, idf = walks[0]
            kth = -1.0  # the `limit`-th score, once that many are in
            for depth in range(len(order)):
                row = order[depth]
                addend = bm25_addend(idf, frequencies[depth], norm[row])
                if addend <= kth:  # a tie comes after the top's rows: ties are in row order
                    break
                if give_up is not None and depth > give_up:
                    return None
                if flags is not None:  # a bitmap: tested inline, no call per row
                    at = row - offset
                    if not (0 <= at < span and flags[at >> 3] >> (at & 7) & 1):
                        continue
                elif inside is not None and row not in inside:
                    continue
                scores[row] = addend
                if len(scores) == limit:
                    kth = addend
            return scores
        score_of = self._scorer(terms, [idf for *_, idf in walks])

        heap: list[float] = []  # the best `limit` scores seen, smallest on top
        full = False
        settle_from = 0  # ties looked into again only once the scores have doubled
        sized = [(walker, order, frequencies, idf, len(order))
                 for walker, (order, frequencies, idf) in enumerate(walks)]
        met = [-1] * len(sized)  # where each walk is: its row of `found` met last, or its end
        least = len(sized) + 1  # every row met may hold all the terms
        held: list[tuple[int, Bitmap, int]] | None = None
        checkpoint = TIGHTEN_FROM
        steps = 0  # rows looked at, in all the walks
        depth = 0  # rows of `found` met in each walk
        while True:
            if depth == checkpoint and len(scores) < TIGHTEN_SCORED:
                checkpoint *= 2  # so far cheaper than counting on bitmaps
            elif depth == checkpoint:  # the words seldom meet: "health poverty cybersecurity"
                checkpoint *= 2
                held = self._held_by_many(terms, found) if held is None else held
                for fewest, rows, count in held:  # scoring them costs at most what it has
                    if fewest < least and count <= len(scores):
                        least = fewest
                        for row in RowSet(bits=rows).ascending():
                            if row not in scores:
                                scores[row] = score_of(row)
                        heap = heapq.nlargest(limit, scores.values())
                        heapq.heapify(heap)
                        full = len(heap) == limit
                        break
            # the bound is worked out at every depth at first, then at every 8th: addends
            # only fall, so a later check is as exact
            bounded = depth < BOUND_EVERY_FROM or depth % 8 == 7
            bound = 0.0
            addends: list[float] = []  # kept only once the bound sums fewer than all
            going = False
            for walker, order, frequencies, idf, size in sized:
                # on to the walk's next row of `found`, LOOK_AHEAD rows at most: the
                # bound is then only theirs, or that of the last row looked at
                position = start = met[walker] + 1
                end = min(size, start + LOOK_AHEAD)
                if flags is not None:  # a bitmap: tested inline, no call per row
                    while position < end:
                        gap = order[position] - offset
                        if 0 <= gap < span and flags[gap >> 3] >> (gap & 7) & 1:
                            break
                        position += 1
                elif inside is not None:
                    while position < end and order[position] not in inside:
                        position += 1
                steps += min(position + 1, end) - start  # rows looked at
                if position >= size:  # at its end
                    met[walker] = size
                    continue
                going = True
                hit = position < end  # else none of `found` among the rows looked at
                met[walker] = position = position if hit else end - 1
                row = order[position]
                own = frequencies[position]
                if bounded:
                    addend = bm25_addend(idf, own, norm[row])
                    bound += addend
                    if least <= len(sized):
                        addends.append(addend)
                if not hit or row in scores:
                    continue
                scores[row] = score = score_of(row, walker, own)
                if not full:
                    heapq.heappush(heap, score)
                    full = len(heap) == limit
                elif score > heap[0]:
                    heapq.heapreplace(heap, score)
            if not going:  # every walk at its end: every positive score is in
                return scores
            depth += 1
            if full and bounded:
                if len(addends) >= least:  # summed in another order than a score is
                    addends.sort()
                    if heap[0] > sum(addends[len(addends) - least + 1:]) * _ROUNDING:
                        return scores
                elif heap[0] > bound:  # summed as a score is: no row met later beats it
                    return scores
                elif heap[0] == bound and len(scores) >= settle_from:  # copies of a fact
                    if self._ties_settled(scores, heap[0], limit, sized, met):
                        return scores
                    settle_from = 2 * len(scores)
            if give_up is not None and steps > give_up:
                return None

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

        twins = self._twins
        if twins is None:
            return score_of
        known: dict[int, float] = {}

        def twin_score(row: int, walker: int = -1, own: int = 0) -> float:
            twin = twins[row]
            score = known.get(twin)
            if score is None:
                score = known[twin] = score_of(row, walker, own)
            return score

        return twin_score

    def _ties_settled(self, scores: dict[int, float], kth: float, limit: int,
                      walks: list[tuple[int, Sequence[int], Sequence[int], float, int]],
                      met: list[int]) -> bool:
        """Whether no row the walks have not met can rank above the `limit`-th score
        `kth`, when the bound, the sum of the addends where the walks are (`met`), is
        `kth`: copies of one fact tie.

        A row not met scores the bound only by holding every term with the addend where
        its walk is (checked: with any one of them the walk's next lower addend, or none,
        the bound falls below `kth`). A walk lists a run of equal addends in row order,
        so such a row comes after the row each walk is at, and ranks below `limit` rows
        met if they rank before that. Without this, a fact base of many copies of a few
        facts walks every copy of the best one."""
        norm = self._norm
        addends: list[tuple[float, float]] = []  # (where it is, the next lower) per walk
        after = -1
        for walker, order, frequencies, idf, size in walks:
            at = met[walker]
            if at >= size:
                continue

            def addend_at(depth: int, order: Sequence[int] = order,
                          frequencies: Sequence[int] = frequencies, idf: float = idf) -> float:
                return bm25_addend(idf, frequencies[depth], norm[order[depth]])

            addend = addend_at(at)
            past = bisect_left(range(at + 1, size), True,
                               key=lambda depth: addend_at(depth) < addend) + at + 1
            addends.append((addend, addend_at(past) if past < size else 0.0))
            after = max(after, order[at])
        for lowered in range(len(addends)):
            bound = 0.0
            for number, (addend, lower) in enumerate(addends):
                bound += lower if number == lowered else addend
            if bound >= kth:
                return False
        ahead = sum(1 for row, score in scores.items()
                    if score > kth or (score == kth and row <= after))
        return ahead >= limit

    def _held_by_many(self, terms: list[str],
                      found: RowSet | None) -> list[tuple[int, Bitmap, int]]:
        """For 2 up to HELD_BY_MANY of the terms, fewest first: the rows of `found` (all
        when None) holding at least that many, and how many they are; none when `found`
        is no bitmap (a few rows: the walk is short anyway).

        Counted on bitmaps, in C's loops: `at_least[i]` holds the rows that hold more
        than i of the terms, built up a term at a time."""
        within = found.bits if found is not None else None
        if found is not None and within is None:
            return []
        levels = min(len(terms), HELD_BY_MANY)
        at_least = [Bitmap(0, 0)] * levels
        for term in terms:
            number = self._term_number[term]
            bits = self._words.bitmap(number) or bitmap(self._words.rows(number), True)
            for level in range(levels - 1, 0, -1):
                at_least[level] = at_least[level] | (at_least[level - 1] & bits)
            at_least[0] = at_least[0] | bits
        held = []
        for level in range(1, levels):
            rows = at_least[level] if within is None else at_least[level] & within
            held.append((level + 1, rows, rows.bits.bit_count()))
        return held


def by_weight(rows: Sequence[int], counts: Sequence[int], idf: float,
              norm: Sequence[float]) -> tuple[array[int], array[int]]:
    """A word's rows and counts, highest BM25 addend first (ties: row order)."""
    weights = [-bm25_addend(idf, f, norm[p]) for p, f in zip(rows, counts, strict=True)]
    order = sorted(range(len(weights)), key=weights.__getitem__)  # stable: ties keep rows'
    return array("I", [rows[i] for i in order]), array("I", [counts[i] for i in order])


def _container(found: RowSet | None) -> Collection[int] | None:
    """The quickest membership test at hand for `found` (None: every fact)."""
    if found is None:
        return None
    return found if found.members is None else found.members


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
