"""'Did you mean' for ids from an index (bot/engine/suggest.py)."""

from __future__ import annotations

import difflib
import random
import time
from collections.abc import Callable

import pytest
from rapidfuzz import fuzz, process

from bot.engine import Engine, suggest
from bot.engine.suggest import ClosestIds, NearbyIds

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


def _slips(value: str, rng: random.Random) -> list[str]:
    """A letter left out, one changed and one added, each at a place of its own."""
    at = [rng.randrange(len(value)) for _ in range(3)]
    return [value[:at[0]] + value[at[0] + 1:],
            value[:at[1]] + "q" + value[at[1] + 1:],
            value[:at[2]] + "e" + value[at[2]:]]


def _best_score(value: str, ids: list[str]) -> float:
    found = process.extractOne(value, ids, scorer=fuzz.ratio)
    return found[1] if found else 0.0


def test_nearby_ids_agree_with_every_comparison_on_the_fact_base(engine: Engine) -> None:
    """A small fact base lies wholly within the neighbours: the same suggestions as
    comparing with every id, in the same order."""
    ids = list(engine.fact_base.row_of)
    nearby = NearbyIds(ids)
    rng = random.Random(3)
    for value in [slip for known in ids for slip in _slips(known, rng)] + [
            "meeting", "xi-japarov-astana", "zzz", "2025-06-17", ""]:
        every = process.extract(value, ids, scorer=fuzz.ratio, limit=3,
                                score_cutoff=suggest.CUTOFF * 100)
        assert nearby.closest(value, 3) == [match[0] for match in every], value


@pytest.fixture(scope="module")
def many_ids() -> list[str]:
    rng = random.Random(9)
    kinds, names = ("meeting", "agreement", "position"), (
        "xi-japarov", "wang-kasymaliev", "li-kulubaev", "xi-tokayev", "japarov-trade",
        "railway-financing", "energy-cooperation", "water-security")
    ids = {f"{rng.choice(kinds)}-20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-"
           f"{rng.randint(1, 28):02d}-{rng.choice(names)}-{rng.randint(1, 99)}"
           for _ in range(30_000)}
    return sorted(ids, key=lambda _: rng.random())


def test_a_slip_anywhere_in_an_id_finds_the_best_there_is(many_ids: list[str]) -> None:
    """Among 30,000 ids, a letter left out, changed or added at any place finds an id
    as similar as the most similar of all of them."""
    nearby = NearbyIds(many_ids)
    rng = random.Random(5)
    for meant in many_ids[:200]:
        for slip in _slips(meant, rng):
            found = nearby.closest(slip, 1)
            assert found and fuzz.ratio(slip, found[0]) == _best_score(slip, many_ids), slip


def test_a_lookup_compares_a_few_hundred_ids_however_many_there_are(
        many_ids: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[int] = []
    extract: Callable[..., list[tuple[str, float, int]]] = process.extract
    monkeypatch.setattr(suggest.process, "extract", lambda value, choices, **options: (
        compared.append(len(choices)), extract(value, choices, **options))[1])
    nearby = NearbyIds(many_ids)
    for value in ("meeting-2020-01-01-xyz", "zzz", many_ids[0], "x" * 200):
        nearby.closest(value, 3)
    assert compared and max(compared) <= 4 * suggest.NEIGHBOURS
