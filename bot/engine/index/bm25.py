"""The BM25 formula, in the one expression every path scores with (ranking, the threshold
walk, the stored walks' order), so every path scores to the same bit."""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence

BM25_K1 = 1.2
BM25_B = 0.75
_K1_PLUS_1 = BM25_K1 + 1


def bm25_addend(idf: float, frequency: int, norm: float) -> float:
    """One term's BM25 addend for one fact; `norm` is the fact's length normalisation."""
    return idf * frequency * _K1_PLUS_1 / (frequency + norm)


def bm25_idf(count: int, size: int) -> float:
    """A word's inverse document frequency: in `size` of `count` facts."""
    return math.log(1 + (count - size + 0.5) / (size + 0.5))


def by_weight(rows: Sequence[int], counts: Sequence[int], idf: float,
              norm: Sequence[float]) -> tuple[array[int], array[int]]:
    """A word's rows and counts, highest BM25 addend first (ties: row order): its walk."""
    weights = [-bm25_addend(idf, f, norm[p]) for p, f in zip(rows, counts, strict=True)]
    order = sorted(range(len(weights)), key=weights.__getitem__)  # stable: ties keep rows'
    return array("I", [rows[i] for i in order]), array("I", [counts[i] for i in order])
