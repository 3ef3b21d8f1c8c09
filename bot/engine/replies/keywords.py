"""Command and kind words read through typos, as every other word is: "meetigns", "agrements",
"positons". Only the table of words the query language knows is searched, so a real word of a
question is never bent into a command."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import OSA


class Keywords:
    """Words of the query language, sorted by length once: a typo's few candidates are
    those of about its length (the whole table sorted at each call cost 25 µs a word)."""

    def __init__(self, words: Iterable[str]):
        self._by_length: dict[int, tuple[str, ...]] = {}
        for word in sorted(set(words)):
            if len(word) >= 5:
                self._by_length[len(word)] = (*self._by_length.get(len(word), ()), word)

    def closest(self, word: str) -> str | None:
        """The keyword `word` is a typo of (one slip up to 6 letters, two beyond), or None;
        of several as close, the first in alphabetical order."""
        if len(word) < 5 or not word.isalpha():
            return None
        budget = 1 if len(word) <= 6 else 2
        found = [(distance, keyword)
                 for length in range(len(word) - budget, len(word) + budget + 1)
                 for keyword in self._by_length.get(length, ())
                 if 0 < (distance := OSA.distance(word, keyword, score_cutoff=budget)) <= budget]
        return min(found)[1] if found else None
