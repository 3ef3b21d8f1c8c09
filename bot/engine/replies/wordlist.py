"""English as people write it: wordfreq's frequency list (maintained, many sources), loaded on
first use (0.1-0.45 s with its imports, on the development machine) so a one-off command that
never needs it never pays for it; a bot loads it in its warm-up, in the background."""

from __future__ import annotations

import threading
from functools import lru_cache

ORDINARY = 4.0  # Zipf: once per 100,000 words ("statement" 4.6, "leadership" 4.8, "banana" 3.7)
REAL = 3.0  # once per million words: a real word, not a slip ("tied" 4.1, "taiwna" below 1)


def warm_word_list() -> None:
    """Load the list now (a bot at start-up), not during a reply."""
    zipf("the")


_loading = threading.Lock()
_loaded = False


@lru_cache(maxsize=8192)
def zipf(word: str) -> float:
    """How common `word` is (Zipf scale). The first call loads the list; threads asking
    meanwhile (the warm-up and a bot's first questions) wait for that load instead of
    each loading it again, 0.2 s of CPU apiece."""
    global _loaded
    if _loaded:
        return _frequency(word)
    with _loading:
        found = _frequency(word)
        _loaded = True
        return found


def _frequency(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def is_ordinary(word: str) -> bool:
    """A common English word: one that may be passed over when it alone blocks an answer."""
    return zipf(word) >= ORDINARY


def is_real_word(word: str) -> bool:
    """An English word in its own right, so never read as a typo of another ("tied")."""
    return zipf(word) >= REAL


def is_past_tense_verb(word: str) -> bool:
    """A common verb in the past ("talked", "raised", "announced"): common itself and made of
    a common word plus -ed or -d. Such a word tells what happened, not what about; nouns
    ending so ("speed", "greed") fail the second test. -ing forms are left out: many are
    subjects ("funding", "training")."""
    if len(word) < 5 or not word.endswith("ed") or not is_ordinary(word):
        return False
    return is_real_word(word[:-2]) or is_real_word(word[:-1])


# Nouns that ask for what happened without naming a subject ("any news on Taiwan?").
# wordfreq knows how common a word is, not what it names, so these few are listed.
GENERIC_NOUNS = frozenset({"news", "developments", "events", "happenings", "progress"})


def carries_no_subject(word: str) -> bool:
    """A word that tells what kind of thing is asked for, not what about: passed over when
    the rest of the question names a subject."""
    return word in GENERIC_NOUNS or is_past_tense_verb(word)
