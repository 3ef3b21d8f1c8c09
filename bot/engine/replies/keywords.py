"""Command and kind words read through typos, as every other word is: "meetigns", "agrements",
"positons". Only the table of words the query language knows is searched, so a real word of a
question is never bent into a command."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import OSA


def closest_keyword(word: str, keywords: Iterable[str]) -> str | None:
    """The keyword `word` is a typo of (one slip up to 6 letters, two beyond), or None."""
    if len(word) < 5 or not word.isalpha():
        return None
    budget = 1 if len(word) <= 6 else 2
    best = None
    best_distance = budget + 1
    for keyword in sorted(keywords):
        if len(keyword) < 5 or abs(len(keyword) - len(word)) > budget:
            continue
        distance = OSA.distance(word, keyword, score_cutoff=budget)
        if distance < best_distance and distance > 0:
            best, best_distance = keyword, distance
    return best
