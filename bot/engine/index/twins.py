"""Ranking over copies. Facts whose texts are made of the very same words (twins) score
alike: in a fact base of copies (thousands of facts sharing each text) each text is
scored once, and the best few are read a group of twins at a time.

Twins are numbered groups (bot/engine/index/build.py): each row's group, and each group's
rows end to end, read as bitmaps for the large groups.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import reduce
from itertools import islice
from operator import or_
from typing import TypeVar

from ..rows import Bitmap, RowSet
from .filters import Stretches

# Found rows are split by group on bitmaps while they fall in no more groups than one per
# PEEL_EVERY of them (8 at least): splitting a group off costs a few operations on a
# bitmap as long as the found set, some microseconds; listing the found rows, the other
# way, about 0.1 µs a row.
PEEL_EVERY = 256

Scorer = Callable[..., float]  # score_of(row, ...), as Ranking makes them
Best = list[tuple[int, float]]  # (row, score), best first, ties in row order
Split = dict[int, tuple[int, Bitmap]]  # group: (its first row found, its rows found)
Members = TypeVar("Members")  # a score's groups, as `_best` is given them


class Twins:
    """The groups of twins, and the best few of a found set scored a group at a time."""

    def __init__(self, group_of_row: Sequence[int], groups: Stretches):
        self._group_of = group_of_row
        self._groups = groups

    def scored_once(self, score_of: Scorer) -> Scorer:
        """`score_of`, each group's score worked out once (for its first row asked)."""
        group_of = self._group_of
        known: dict[int, float] = {}

        def twin_score(row: int, walker: int = -1, own: int = 0) -> float:
            group = group_of[row]
            score = known.get(group)
            if score is None:
                score = known[group] = score_of(row, walker, own)
            return score

        return twin_score

    def split(self, found: RowSet) -> Split | None:
        """The found rows by group, split off a group at a time; None unless they fall in
        few groups, each large enough to have a bitmap (listing the found rows is then the
        cheaper way)."""
        if found.bits is None:
            return None
        most = max(8, found.size // PEEL_EVERY)
        offset, bits = found.bits
        grouped: Split = {}
        while bits:
            low = (bits & -bits).bit_length() - 1
            offset, bits = offset + low, bits >> low  # the rows before are split off
            group = self._group_of[offset]
            group_bits = self._groups.bitmap(group)
            if group_bits is None or len(grouped) == most:
                return None
            shift = group_bits.offset - offset
            mine = bits & (group_bits.bits << shift if shift >= 0 else group_bits.bits >> -shift)
            grouped[group] = (offset, Bitmap(offset, mine))
            bits ^= mine
        return grouped

    @staticmethod
    def best_of_split(grouped: Split, score_of: Scorer, limit: int) -> Best:
        """The `limit` best found rows by (-score, row), from the found rows split by group
        (`split`): the rows of the highest scoring groups read from their bitmaps in row
        order, then the next score's (fewer than `limit`: every row scoring above zero)."""
        levels: dict[float, list[Bitmap]] = {}
        for row, rows in grouped.values():
            score = score_of(row)
            if score > 0:
                levels.setdefault(score, []).append(rows)
        return _best(levels, lambda bitmaps, most: RowSet(
            bits=reduce(or_, bitmaps)).ascending(most), limit)

    def best_listed(self, found: RowSet, score_of: Scorer, limit: int) -> Best:
        """As `best_of_split`, the found rows listed (in many groups): each group scored
        once, the highest score's rows in row order, then the next score's."""
        rows = found.ascending()
        group_of = self._group_of
        a_row = dict(zip(map(group_of.__getitem__, rows), rows, strict=True))  # a row a group
        levels: dict[float, set[int]] = {}
        for group, row in a_row.items():
            score = score_of(row)
            if score > 0:
                levels.setdefault(score, set()).add(group)
        return _best(levels, lambda groups, most: islice(
            (row for row in rows if group_of[row] in groups), most), limit)


def _best(levels: Mapping[float, Members], rows_of: Callable[[Members, int], Iterable[int]],
          limit: int) -> Best:
    """Each score's rows (`rows_of(its groups, at most how many)`, in row order), the
    highest score first, until there are `limit`."""
    best: Best = []
    for level in sorted(levels, reverse=True):
        best += [(row, level) for row in rows_of(levels[level], limit - len(best))]
        if len(best) == limit:
            break
    return best
