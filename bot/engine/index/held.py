"""The best few hits of a question of many words, found by how many of its words each fact
holds.

Past REACH_WORDS words the threshold walk (walk.py) cannot narrow down which rows could
still reach the top, and walks on until it has scored most matches, costing more than
scoring them all: at 100,000 generated facts a question of 14 common words took 100 ms
to walk where scoring every match took 56, one of 30 words 290 ms against 80. But a fact
holding `held` of the words scores at most the sum of the `held` highest addends any of
them has (where each word's walk starts), and the top of such a question holds many of
its words. So the rows are counted by how many of the words they hold (a binary counter
per row, each of its digits one big int over all rows, added a word at a time: C's loops
over machine words, under 0.5 ms for 47 words), the rows holding the most are scored
first, and scoring stops once the `limit`-th score beats what a row holding fewer words
could reach. Whole replies, side by side: 91 ms -> 19 for those 14 words, 286 -> 104 for
the 30, 125 -> 32 for 47 (a slow phase of the machine).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from itertools import accumulate

from .walk import ROUNDING


def counted(bitmaps: Sequence[int]) -> list[int]:
    """The binary digits, lowest first, of how many of `bitmaps` have each bit set: bit i
    of `digits[j]` is digit j of bit i's count."""
    digits: list[int] = []
    for carry in bitmaps:
        for place, digit in enumerate(digits):
            if not carry:
                break
            digits[place], carry = digit ^ carry, digit & carry
        if carry:
            digits.append(carry)
    return digits


def holding_at_least(digits: list[int], least: int) -> int:
    """The bits counted `least` times or more (`least` at least 1), compared digit by digit
    from the highest: above it from the first digit greater, else equal all the way."""
    if least >= 1 << len(digits):
        return 0
    above, equal = 0, -1  # -1: every bit, until a digit of `least` narrows it
    for place in range(len(digits) - 1, -1, -1):
        if least >> place & 1:
            equal &= digits[place]
        else:
            above |= equal & digits[place]
            equal &= ~digits[place]
    return above | equal


def top_by_words_held(bitmaps: Sequence[int], highest: Sequence[float], limit: int,
                      scored: Callable[[int], dict[int, float]]) -> dict[int, float]:
    """Enough scores to hold the true top `limit`: of every row holding the most words,
    then fewer, until no row holding fewer can reach the `limit`-th score.

    `bitmaps`: each word's rows (of the found) as bits from row 0; `highest`: each word's
    highest addend; `scored(bits)`: the scores of those rows, as scoring every match
    gives them. A tie with a row left out is ruled out too (the bound must be beaten)."""
    digits = counted(bitmaps)
    # reach[n]: the most a row holding n of the words can score (summed in another order
    # than its score: ROUNDING)
    reach = list(accumulate(sorted(highest, reverse=True), initial=0.0))
    scores: dict[int, float] = {}
    done = 0  # the rows scored, as bits
    for held in range(len(bitmaps), 0, -1):
        rows = holding_at_least(digits, held)
        if held > 1 and rows.bit_count() < limit:
            continue  # too few to settle anything: scored with the next
        scores.update(scored(rows ^ done))  # `done` is a part of `rows`
        done = rows
        if held > 1 and heapq.nlargest(limit, scores.values())[-1] > reach[held - 1] * ROUNDING:
            break
    return scores
