"""BM25 ranking. Every stemmed word of a fact's text maps to {row: term frequency}, and,
once a broad query needs it, to its rows ordered by BM25 addend, so the best few hits
are found without scoring every match (Fagin's threshold algorithm, below).

Results are exactly those of scoring every matching fact and sorting by (-score, row):
each addend is computed by `bm25_addend`, added in the same order, and the shortcuts
only skip facts that provably cannot rank higher.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Collection, Iterable
from typing import NamedTuple

from ..gc_tuning import paused_gc
from ..rows import RowSet
from .filters import Filters

BM25_K1 = 1.2
BM25_B = 0.75
_K1_PLUS_1 = BM25_K1 + 1


def bm25_addend(idf: float, frequency: int, norm: float) -> float:
    """One term's BM25 addend for one fact; `norm` is the fact's length normalisation.
    The one expression every path uses, so every path scores to the same bit."""
    return idf * frequency * _K1_PLUS_1 / (frequency + norm)


class Hit(NamedTuple):
    row: int
    score: float


class Ranking:
    """BM25 over the facts' words, with the walks that find a broad query's best few."""

    steps_per_score = 4  # walk steps costing as much as scoring one found fact for one term

    def __init__(self, postings: dict[str, dict[int, int]], lengths: list[int],
                 filters: Filters):
        """`postings`: each stem's {row: frequency}; `lengths`: each fact's word count."""
        self._postings = postings
        self._filters = filters
        count = len(lengths)
        average = sum(lengths) / count if count else 1.0
        self._norm = [BM25_K1 * (1 - BM25_B + BM25_B * n / average) for n in lengths]
        self._idf = {term: math.log(1 + (count - len(found) + 0.5) / (len(found) + 0.5))
                     for term, found in postings.items()}
        self._by_weight: dict[str, tuple[array[int], array[float]]] = {}  # on first use

    def prepare(self) -> None:
        """Build now the walks and word bitmaps that would make a first query slow."""
        with paused_gc():
            for term, postings in self._postings.items():
                if len(postings) > 512:
                    self._by_weight_of(term)
                self._filters.bitmap(("term", term), postings.keys())

    def _scored(self, terms: list[str], found: RowSet | None) -> dict[int, float]:
        """Positive scores of the found rows (all facts when None), in term order."""
        norm = self._norm
        if len(terms) == 1:  # the sum is its one addend: no running totals to look up
            postings, idf = self._postings[terms[0]], self._idf[terms[0]]
            return {row: bm25_addend(idf, postings[row], norm[row])
                    for row in self._occurrences(terms[0], found)}
        scores: dict[int, float] = {}
        for term in terms:
            postings = self._postings[term]
            idf = self._idf[term]
            get = scores.get
            for row in self._occurrences(term, found):
                scores[row] = get(row, 0.0) + bm25_addend(idf, postings[row],
                                                                     norm[row])
        return scores

    def _occurrences(self, term: str, found: RowSet | None) -> Iterable[int]:
        """The rows of `found` (all facts when None) whose text has `term`."""
        postings = self._postings[term]
        if found is None:
            return postings.keys()
        members = found.members_if_cheap()
        if members is None:  # a bitmap only: intersect it with the term's, if it has one
            term_bits = self._filters.bitmap(("term", term), postings.keys())
            if term_bits is not None and found.bits is not None:
                return RowSet(bits=found.bits & term_bits).ascending()
            return [p for p in postings if p in found]
        if len(postings) <= len(members):
            return [p for p in postings if p in members]
        return [p for p in members if p in postings]

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
            # Scoring every one found takes a lookup per term; walking the terms' rows
            # meets one of the found about every reach / len(found) steps, if they are
            # spread evenly. They may not be: a walk gives up once it has cost more.
            scoring = sum(min(len(found), len(self._postings[t])) for t in terms)
            reach = sum(len(self._postings[t]) for t in terms)
            steps = self.steps_per_score * scoring
            if limit * reach < steps * len(found):
                walked = self._threshold(terms, found, limit, give_up=steps)
        scores = walked if walked is not None else self._scored(terms, found)
        best = _top(scores, limit)
        hits = [Hit(p, s) for p, s in best]
        if len(hits) < limit:  # then every positive score is in: pad with zero scores
            hits.extend(Hit(p, 0.0) for p in self._filters.first(found, limit - len(hits),
                                                          exclude=scores))
        return hits

    def _by_weight_of(self, term: str) -> tuple[array[int], array[float]]:
        """A term's rows, highest BM25 addend first (ties: row order), and
        those addends."""
        walk = self._by_weight.get(term)
        if walk is None:
            postings = self._postings[term]
            idf, norm = self._idf[term], self._norm
            ranked = sorted((-bm25_addend(idf, f, norm[p]), p) for p, f in postings.items())
            # arrays: compact
            walk = array("I", [p for _, p in ranked]), array("d", [-a for a, _ in ranked])
            self._by_weight[term] = walk
        return walk

    def _threshold(self, terms: list[str], found: RowSet | None, limit: int,
                   give_up: int | None = None) -> dict[int, float] | None:
        """Fagin's threshold algorithm: enough scores to hold the true top `limit`.

        Walk every term's rows from its highest addend down, scoring each new
        candidate fully. A row not yet seen scores at most the sum of the addends at
        the current depth; once `limit` seen rows score strictly more, no unseen one
        can enter the top (nor tie with it). Exhausted lists mean every positive score
        has been seen. None when the walk would take more than `give_up` steps.
        """
        inside = _container(found)
        offset, flags = found.flags() if found is not None and inside is found else (0, None)
        span = len(flags or ()) * 8
        walks = [self._by_weight_of(t) for t in terms]
        scores: dict[int, float] = {}
        if len(walks) == 1:  # one term: a fact's score is its addend, met in falling order
            order, addends = walks[0]
            kth = -1.0  # the `limit`-th score, once that many are in
            for depth in range(len(order)):
                addend = addends[depth]
                if addend < kth:
                    break
                if give_up is not None and depth > give_up:
                    return None
                row = order[depth]
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
        weighted = [(self._postings[t], self._idf[t]) for t in terms]
        sized = [(order, addends, len(order)) for order, addends in walks]
        norm = self._norm
        heap: list[float] = []  # the best `limit` scores seen, smallest on top
        full = False
        depth = 0
        longest = max(size for _, _, size in sized)
        while depth < longest:
            bound = 0.0
            for order, addends, size in sized:
                if depth >= size:
                    continue
                row = order[depth]
                bound += addends[depth]
                if row in scores:
                    continue
                if flags is not None:
                    at = row - offset
                    if not (0 <= at < span and flags[at >> 3] >> (at & 7) & 1):
                        continue
                elif inside is not None and row not in inside:
                    continue
                score = 0.0
                for postings, idf in weighted:
                    frequency = postings.get(row)
                    if frequency:
                        score += bm25_addend(idf, frequency, norm[row])
                scores[row] = score
                if not full:
                    heapq.heappush(heap, score)
                    full = len(heap) == limit
                elif score > heap[0]:
                    heapq.heapreplace(heap, score)
            depth += 1
            if full and heap[0] > bound:
                return scores
            if give_up is not None and depth * len(sized) > give_up:
                return None
        return scores


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
    contenders = [(p, s) for p, s in scores.items() if s >= floor]
    contenders.sort(key=lambda item: (-item[1], item[0]))
    return contenders[:limit]
