"""'Did you mean' for ids from an index (bot/engine/suggest.py)."""

from __future__ import annotations

import difflib
import random
import time

from bot.engine.suggest import ClosestIds

PEOPLE = ["sadyr-japarov", "xi-jinping", "wang-yi", "li-qiang", "adylbek-kasymaliev",
          "zheenbek-kulubaev", "akylbek-japarov"]


def test_typos_find_the_id_meant() -> None:
    closest = ClosestIds(PEOPLE)
    assert closest.closest("sadyr-japarow") == "sadyr-japarov"
    assert closest.closest("xi-jinpin") == "xi-jinping"
    assert closest.closest("jinping") == "xi-jinping"
    assert closest.closest("wangyi") == "wang-yi"
    assert closest.closest("emmanuel-macron") is None
    assert ClosestIds([]).closest("anything") is None
    assert closest.closest("x" * 100_000) is None


def test_agrees_with_difflib_on_one_and_two_letter_slips() -> None:
    rng = random.Random(4)
    ids = [f"meeting-20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{name}-{place}"
           for name in ("xi-japarov", "wang-kasymaliev", "li-kulubaev", "xi-tokayev")
           for place in ("astana", "beijing", "bishkek", "xian", "osh", "samarkand")]
    closest = ClosestIds(ids)
    for meant in ids:
        slip = meant[:-3] + meant[-2] + meant[-3] + meant[-1]  # two letters swapped
        assert closest.closest(slip) == difflib.get_close_matches(slip, ids, n=1)[0]


def test_a_thousand_lookups_among_ten_thousand_ids_are_fast() -> None:
    """Bounded work per lookup: the words every id shares are read only so far."""
    ids = [f"meeting-2025-06-17-delegate-{n}" for n in range(10_000)]
    closest = ClosestIds(ids)
    start = time.process_time()
    found = [closest.closest(f"meeting-2025-06-17-delegat-{n}") for n in range(0, 10_000, 10)]
    assert time.process_time() - start < 3.0  # difflib over every id: about a minute
    assert found[:3] == ["meeting-2025-06-17-delegate-0", "meeting-2025-06-17-delegate-10",
                         "meeting-2025-06-17-delegate-20"]
