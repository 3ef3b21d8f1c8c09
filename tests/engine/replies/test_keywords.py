"""A mistyped command, kind or cue word found among the words of its length."""

from __future__ import annotations

import random
import string

from rapidfuzz.distance import OSA

from bot.engine.commands import COMMAND_BY_WORD
from bot.engine.kinds import KIND_BY_WORD
from bot.engine.replies.keywords import Keywords

WORDS = sorted({*COMMAND_BY_WORD, *KIND_BY_WORD, "recently", "compared", "latest", "newest"})


def _scan(word: str) -> str | None:
    """Every word compared: the closest within the budget, alphabetical among equals."""
    if len(word) < 5 or not word.isalpha():
        return None
    budget = 1 if len(word) <= 6 else 2
    found = sorted((OSA.distance(word, keyword), keyword) for keyword in WORDS
                   if len(keyword) >= 5)
    return next((keyword for distance, keyword in found if 0 < distance <= budget), None)


def test_a_typo_finds_what_comparing_every_word_finds() -> None:
    rng = random.Random(5)
    keywords = Keywords(WORDS)
    probes = ["meetigns", "agrements", "positons", "meetngs", "postions", "timelin",
              "meeting", "sorces", "hepl", "m33tings", "", "recentyl"]
    for word in WORDS:
        for _ in range(6):
            letters = list(word)
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(letters))
                choice = rng.randint(0, 2)
                if choice == 0:
                    letters[at] = rng.choice(string.ascii_lowercase)
                elif choice == 1 and len(letters) > 1:
                    del letters[at]
                else:
                    letters.insert(at, rng.choice(string.ascii_lowercase))
            probes.append("".join(letters))
    for probe in probes:
        assert keywords.closest(probe) == _scan(probe), probe
    assert keywords.closest("meetigns") == "meetings"
    assert keywords.closest("bananas") is None
