"""'Did you mean' for ids, from an index rather than a comparison with every id.

ClosestIds serves the checker; NearbyIds, a bot asked for a fact id it does not know.

A fact base from a pull request may name a thousand wrong ids among a thousand real
ones; comparing each with every id (difflib) took half a minute. The index maps every
word of an id (ids are words joined by hyphens) and every one-letter deletion of it to
the ids that have it; a wrong id looks up its words with up to two letters deleted, so
a misspelt or half-right id finds its few candidates in a few lookups, and only those
are compared (rapidfuzz). The work per lookup is bounded however many ids there are:
words common to every id (`meeting`, a year) are looked at last, and only so far.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

CUTOFF = 0.6  # similarity (matching characters over both lengths) for a suggestion
_MAX_WORD = 24  # longer words are indexed whole, without their deletions
_MAX_LOOKED_AT = 4000  # index entries read per lookup, at most
_MAX_COMPARED = 200  # candidates compared in full (in C), at most
NEIGHBOURS = 64  # ids taken on each side of a wrong id in each sorted order


def _keys(value: str, deletions: int = 1) -> dict[str, int]:
    """The words of an id and every word with up to `deletions` letters left out, each with
    a weight: a whole word counts most, a word missing more letters less."""
    keys: dict[str, int] = {}
    for word in value.split("-"):
        found = {word}
        keys[word] = deletions + 1
        for weight in range(deletions, 0, -1):
            if len(word) > _MAX_WORD:
                break
            found = {w[:i] + w[i + 1:] for w in found for i in range(len(w))}
            for key in found:
                keys.setdefault(key, weight)
    return keys


class ClosestIds:
    """The known id most like a given one, found through an index of the ids' words."""

    def __init__(self, ids: Iterable[str]):
        self._ids = list(dict.fromkeys(ids))
        self._longest = max(map(len, self._ids), default=0)
        self._index: dict[str, list[int]] = defaultdict(list)
        for number, known in enumerate(self._ids):
            for key in _keys(known, 1):
                self._index[key].append(number)

    def closest(self, value: str) -> str | None:
        """The most similar known id (similarity at least CUTOFF), or None."""
        if len(value) > 3 * self._longest:  # no ratio can reach CUTOFF: 2 * n / (n + 3n) < 0.6
            return None
        shared: Counter[int] = Counter()
        budget = _MAX_LOOKED_AT
        # Two letters off on this side, one on the index's: words up to three edits apart meet.
        postings = sorted(((self._index[key], weight) for key, weight in _keys(value, 2).items()
                           if key in self._index), key=lambda item: len(item[0]))
        for posting, weight in postings:
            if budget <= 0:
                break
            for _ in range(weight):  # Counter.update runs in C; a loop adding weights does not
                shared.update(posting[:budget])
            budget -= len(posting)
        candidates = [self._ids[number] for number, _ in shared.most_common(_MAX_COMPARED)]
        found = process.extractOne(value, candidates, scorer=fuzz.ratio,
                                   score_cutoff=CUTOFF * 100)
        return found[0] if found else None


class NearbyIds:
    """The known ids most like a given one, among its neighbours in two sorted orders:
    ids beginning as it does (a slip late in the id) and ids ending as it does (a slip
    early in it); slips at both ends may find nothing.

    A bot holding 100,000 ids can afford neither comparing a wrong id with each of them
    (12 ms a question) nor ClosestIds' index of every id's deletions (millions of keys);
    this is two arrays of rows, two bisections and a few hundred comparisons.
    """

    def __init__(self, ids: list[str]):
        self._ids = ids
        rows = range(len(ids))
        self._forward = array("I", sorted(rows, key=ids.__getitem__))
        self._backward = array("I", sorted(rows, key=self._reversed))

    def _reversed(self, row: int) -> str:
        return self._ids[row][::-1]

    def closest(self, value: str, limit: int) -> list[str]:
        """Up to `limit` ids of similarity at least CUTOFF, the most similar first."""
        candidates: dict[str, None] = {}
        for order, key, of_row in ((self._forward, value, self._ids.__getitem__),
                                   (self._backward, value[::-1], self._reversed)):
            at = bisect_left(order, key, key=of_row)
            candidates.update(dict.fromkeys(
                self._ids[row] for row in order[max(0, at - NEIGHBOURS):at + NEIGHBOURS]))
        return [match[0] for match in process.extract(
            value, list(candidates), scorer=fuzz.ratio, limit=limit, score_cutoff=CUTOFF * 100)]
