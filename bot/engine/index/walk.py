"""Fagin's threshold algorithm over a query's words: enough scores to hold the true top
`limit` without scoring every match. Each word's walk lists its rows from the highest BM25
addend down (ties in row order: bm25.by_weight); a row not met yet scores at most the sum
of the addends where the walks are, so once `limit` rows met score more, the walk stops.

The scores are exactly those of scoring every match (bot/engine/index/ranking.py scores
with the same `bm25_addend`, in the same order); the walk only skips rows that provably
cannot rank higher, ties included (they rank by row).
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence

from ..rows import Bitmap, RowSet
from .bm25 import bm25_addend

BOUND_EVERY_FROM = 64  # the bound checked at every depth up to here, then every 8th
LOOK_AHEAD = 16  # rows a walk looks through for its next row of the found, each turn
TIGHTEN_FROM = 32  # a walk of several words this deep, and twice as deep, and so on,...
TIGHTEN_SCORED = 64  # ...having scored this many rows, scores those holding several words
ROUNDING = 1 + 1e-9  # a bound summed in another order than a score may round below it
REACH_WORDS = 8  # the most words whose groups are weighed (2 ** 8 of them at most)
STEPS_PER_SCORE = 4  # walk steps costing as much as scoring one found fact for one term

Walk = tuple[Sequence[int], Sequence[int], float]  # a word's rows by weight, counts, idf
Walking = tuple[int, Sequence[int], Sequence[int], float, int]  # numbered, with its length
# the rows holding at least 2, 3, ... of the words: (how many, their bitmap, their count)
HeldByMany = Callable[[], list[tuple[int, Bitmap, int]]]
# the scores of the rows of `found` holding every word of at least one group (words by
# walk), or None when more rows than the number given do
ScoresHolding = Callable[[list[tuple[int, ...]], float], dict[int, float] | None]


def threshold(walks: Sequence[Walk], found: RowSet | None, limit: int, norm: Sequence[float],
              scorer: Callable[[], Callable[..., float]], held_by_many: HeldByMany,
              scores_holding: ScoresHolding,
              give_up: int | None = None) -> dict[int, float] | None:
    """Enough scores of `found` (all facts when None) to hold the true top `limit`, or
    None when the walk would look at more than `give_up` rows.

    Walk every term's rows of `found` from its highest addend down, a row each in
    turn (looking through LOOK_AHEAD rows at most for it), scoring each new candidate
    fully. A row not yet seen scores at most the sum of the addends of the rows the
    walks are at (summed in the order a score is, so exactly); once `limit` seen rows
    score more, no unseen one can enter the top.
    When they only tie with it, as copies of one fact do, `_ties_settled` decides by
    rows. Exhausted lists mean every positive score has been seen. `scorer()` gives the
    function that scores a row fully; `held_by_many()` counts the rows holding several of
    the terms, `scores_holding(groups, most)` scores those holding a group of them (all
    asked for only when needed).

    That bound assumes an unseen row may hold every term. A walk still going
    TIGHTEN_FROM rows deep (and at each doubling of that) first finds the rows that
    could still reach the `limit`-th score, and scores them and stops if they are few
    (`_scored_the_rest`: in "poverty cooperation agriculture" the top needs both rare
    words, held by a few hundred rows that the walks meet thousands of rows deep).
    Otherwise, for words that seldom meet, it scores at once the rows that hold several
    of the terms, if they are no more than the rows it has scored: any row met after
    holds fewer, and only that many of the addends are summed.
    """
    inside = _container(found)
    offset, flags = found.flags() if found is not None and inside is found else (0, None)
    span = len(flags or ()) * 8
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
    score_of = scorer()

    heap: list[float] = []  # the best `limit` scores seen, smallest on top
    full = False
    settle_from = 0  # ties looked into again only once the scores have doubled
    sized: list[Walking] = [(walker, order, frequencies, idf, len(order))
             for walker, (order, frequencies, idf) in enumerate(walks)]
    met = [-1] * len(sized)  # where each walk is: its row of `found` met last, or its end
    least = len(sized) + 1  # every row met may hold all the terms
    held: list[tuple[int, Bitmap, int]] | None = None
    checkpoint = TIGHTEN_FROM
    steps = 0  # rows looked at, in all the walks
    depth = 0  # rows of `found` met in each walk
    first_bound = bound = 0.0  # the bound at the start, and at the last depth bounded
    while True:
        if depth == checkpoint and len(scores) < TIGHTEN_SCORED:
            checkpoint *= 2  # so far cheaper than counting on bitmaps
        elif depth == checkpoint:
            checkpoint *= 2
            spent = len(scores) + steps / (STEPS_PER_SCORE * len(sized))  # in rows scored
            if full and _scored_the_rest(sized, met, norm, heap[0], scores, scores_holding,
                                         _left(first_bound, bound, heap[0], spent)):
                return scores  # any other row scores below the `limit`-th
            # the words seldom meet: "health poverty cybersecurity"
            held = held_by_many() if held is None else held
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
        if depth == 0:
            first_bound = bound
        depth += 1
        if full and bounded:
            if len(addends) >= least:  # summed in another order than a score is
                addends.sort()
                if heap[0] > sum(addends[len(addends) - least + 1:]) * ROUNDING:
                    return scores
            elif heap[0] > bound:  # summed as a score is: no row met later beats it
                return scores
            elif heap[0] == bound and len(scores) >= settle_from:  # copies of a fact
                if _ties_settled(scores, heap[0], limit, sized, met, norm):
                    return scores
                settle_from = 2 * len(scores)
        if give_up is not None and steps > give_up:
            return None


def _scored_the_rest(walks: list[Walking], met: list[int], norm: Sequence[float], kth: float,
                     scores: dict[int, float], scores_holding: ScoresHolding,
                     left: float) -> bool:
    """Score the rows that could still score `kth` (holding every word of a group
    `_in_reach` names), if they are no more than the rows scored so far or than what
    the walk has `left` to do (either way, scoring them costs less than walking on).
    Whether it did."""
    groups = _in_reach(walks, met, norm, kth)
    found = scores_holding(groups, max(len(scores), left)) if groups else None
    if found is None:
        return False
    scores.update(found)  # the same scores for the rows scored already
    return True


def _left(first_bound: float, bound: float, kth: float, spent: float) -> float:
    """About what a walk would cost before it stops (in rows scored), if its bound went on
    falling as it has: from `first_bound` to `bound` for the `spent` so far, and it must
    fall to `kth`. Less, most often: addends fall fastest at the top of a walk."""
    fallen = first_bound - bound
    return (bound - kth) / fallen * spent if fallen > 0 else math.inf


def _in_reach(walks: list[Walking], met: list[int], norm: Sequence[float],
              kth: float) -> list[tuple[int, ...]] | None:
    """The fewest-word groups of walks (by number) a row not scored yet must hold all of to
    score `kth` or more; None for more than REACH_WORDS words.

    Such a row comes after where each walk is (`met`): each of its terms adds at most
    the addend there, and none of the terms whose walks are at their end (every row of
    `found` holding one has been scored). A group is kept when its addends reach `kth`
    and no group of one word fewer does: every group that reaches it holds a kept one."""
    if len(walks) > REACH_WORDS:
        return None
    reach = [(walker, bm25_addend(idf, frequencies[max(at, 0)], norm[order[max(at, 0)]]))
             for (walker, order, frequencies, idf, size), at in zip(walks, met, strict=True)
             if at < size]
    sums = [0.0] * (1 << len(reach))  # by bit set: bit i for reach[i]
    reaches = [False] * len(sums)
    groups = []
    for chosen in range(1, len(sums)):
        lowest = chosen & -chosen
        sums[chosen] = sums[chosen ^ lowest] + reach[lowest.bit_length() - 1][1]
        if sums[chosen] * ROUNDING < kth:
            continue
        reaches[chosen] = True
        rest = chosen
        while rest and not reaches[chosen ^ (rest & -rest)]:  # one word fewer reaches it?
            rest &= rest - 1
        if not rest:
            groups.append(tuple(walker for i, (walker, _) in enumerate(reach)
                                if chosen >> i & 1))
    return groups


def _ties_settled(scores: dict[int, float], kth: float, limit: int, walks: list[Walking],
                  met: list[int], norm: Sequence[float]) -> bool:
    """Whether no row the walks have not met can rank above the `limit`-th score
    `kth`, when the bound, the sum of the addends where the walks are (`met`), is
    `kth`: copies of one fact tie.

    A row not met scores the bound only by holding every term with the addend where
    its walk is (checked: with any one of them the walk's next lower addend, or none,
    the bound falls below `kth`). A walk lists a run of equal addends in row order,
    so such a row comes after the row each walk is at, and ranks below `limit` rows
    met if they rank before that. Without this, a fact base of many copies of a few
    facts walks every copy of the best one."""
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


def _container(found: RowSet | None) -> Collection[int] | None:
    """The quickest membership test at hand for `found` (None: every fact)."""
    if found is None:
        return None
    return found if found.members is None else found.members
