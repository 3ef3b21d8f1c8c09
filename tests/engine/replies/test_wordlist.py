"""The English word list: loaded once, however many threads ask for it at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from bot.engine.replies import wordlist


@pytest.fixture
def unloaded(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The list as before its first load, read through a slow stand-in that counts how many
    callers are inside it at once; the real list again afterwards."""
    inside: list[int] = [0, 0]  # now, at most
    lock = threading.Lock()

    def slow(word: str) -> float:
        with lock:
            inside[0] += 1
            inside[1] = max(inside)
        time.sleep(0.05)  # a load takes 0.1-0.45 s
        with lock:
            inside[0] -= 1
        return 5.0

    monkeypatch.setattr(wordlist, "_frequency", slow)
    monkeypatch.setattr(wordlist, "_loaded", False)
    wordlist.zipf.cache_clear()
    yield inside
    wordlist.zipf.cache_clear()


def test_threads_asking_at_once_wait_for_one_load(unloaded: list[int]) -> None:
    """A bot's warm-up and its first questions ask at once: one loads, the others wait."""
    threads = [threading.Thread(target=wordlist.zipf, args=(word,))
               for word in ("the", "tied", "news", "talked")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert unloaded[1] == 1
    assert wordlist._loaded and wordlist.zipf("tied") == 5.0
