"""RowSet: whether a set or a bitmap, it lists and tests the same members."""

from __future__ import annotations

import random

import pytest

from bot.engine.rows import RowSet, bitmap, intersection

WIDTH = 20_000


def _samples(rng: random.Random) -> list[set[int]]:
    """Empty, single, sparse over the whole width, dense in one stretch, and everything."""
    return [set(), {0}, {WIDTH - 1}, set(rng.sample(range(WIDTH), 7)),
            set(rng.sample(range(WIDTH), 300)), set(range(5000, 9000)),
            set(rng.sample(range(3000, 3500), 400)), set(range(WIDTH))]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_bitmap_lists_what_the_set_holds(seed: int) -> None:
    rng = random.Random(seed)
    for members in _samples(rng):
        expected = sorted(members)
        as_bits = RowSet(bits=bitmap(members))
        as_set = RowSet(frozenset(members))
        for rows in (as_bits, as_set):
            assert len(rows) == len(members)
            assert rows.ascending() == expected
            assert rows.as_bitmap() == bitmap(members)
            assert list(rows) == expected
            assert list(rows.descending()) == expected[::-1]
            for limit in (0, 1, 3, 10, 2500):
                assert rows.ascending(limit) == expected[:limit]
            for probe in rng.sample(range(WIDTH), 200) + expected[:50]:
                assert (probe in rows) == (probe in members)


@pytest.mark.parametrize("count", [1, 2, 30, 600, 700, 5000, WIDTH])
def test_a_bitmap_is_the_same_number_built_either_way(count: int) -> None:
    """A few rows spread wide are set a bit at a time, more a byte each (rows._SPARSE)."""
    rows = sorted(random.Random(count).sample(range(WIDTH), count))
    expected = sum(1 << (row - rows[0]) for row in rows)
    assert bitmap(rows, ascending=True) == (rows[0], expected)
    assert bitmap(set(rows)) == (rows[0], expected)


def test_an_intersection_finds_its_members_whichever_way_is_cheaper() -> None:
    rng = random.Random(4)
    for narrow, wide in ((set(rng.sample(range(WIDTH), 80)), set(range(WIDTH // 2))),
                         (set(range(9000)), set(range(8995, WIDTH)))):
        parts = sorted((RowSet(frozenset(s), bitmap(s)) for s in (narrow, wide)), key=len)
        both = RowSet(bits=bitmap(narrow) & bitmap(wide), parts=parts)
        assert len(both) == len(narrow & wide)
        assert both.members is None  # nothing is made until asked for
        members = both.members_if_cheap()
        if len(narrow) == 80:  # a few lookups beat listing a bitmap: a set is made
            assert members == narrow & wide
        else:  # 9,000 lookups for 5 members: listing the bitmap is cheaper, no set is made
            assert members is None
        assert both.ascending() == sorted(narrow & wide)
        assert intersection(narrow, parts) == narrow & wide


def test_positions_need_members_or_bits() -> None:
    with pytest.raises(ValueError):
        RowSet()


def test_bitmaps_over_different_stretches_combine_as_sets_do() -> None:
    samples = _samples(random.Random(5))
    for first in samples:
        for second in samples:
            both = RowSet(bits=bitmap(first) & bitmap(second))
            either = RowSet(bits=bitmap(first) | bitmap(second))
            assert both.ascending() == sorted(first & second)
            assert len(both) == len(first & second)
            assert either.ascending() == sorted(first | second)
            assert list(either.descending()) == sorted(first | second, reverse=True)
