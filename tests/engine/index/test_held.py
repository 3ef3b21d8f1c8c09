"""Rows counted by how many of a question's words they hold, on bitmaps."""

from __future__ import annotations

import random

import pytest

from bot.engine.index.held import counted, holding_at_least, top_by_words_held


def _bitmaps(rng: random.Random, words: int, rows: int) -> list[int]:
    return [sum(1 << row for row in range(rows) if rng.random() < rng.random())
            for _ in range(words)]


@pytest.mark.parametrize("words", [1, 2, 3, 7, 8, 9, 31, 40])
def test_each_row_is_counted_and_compared_as_a_count_of_its_words(words: int) -> None:
    rng = random.Random(words)
    bitmaps = _bitmaps(rng, words, 300)
    digits = counted(bitmaps)
    held = [sum(bits >> row & 1 for bits in bitmaps) for row in range(300)]
    assert [sum((digit >> row & 1) << place for place, digit in enumerate(digits))
            for row in range(300)] == held
    for least in range(1, words + 3):
        expected = sum(1 << row for row, count in enumerate(held) if count >= least)
        assert holding_at_least(digits, least) == expected, least


def test_no_words_hold_no_rows() -> None:
    assert counted([]) == []
    assert holding_at_least([], 1) == 0
    assert holding_at_least(counted([0, 0]), 1) == 0


ROWS = 200


def _best(scores: dict[int, float], limit: int) -> list[tuple[int, float]]:
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_the_rows_scored_hold_the_true_top(limit: int) -> None:
    """Scores made up of per-word addends no higher than each word's highest: what is
    scored holds the best `limit` of scoring every row, with their scores, and is often
    fewer rows than that when the rows holding the most words settle it."""
    rng = random.Random(limit)
    settled_early = 0
    for _ in range(40):
        words = rng.randint(2, 16)
        bitmaps = _bitmaps(rng, words, ROWS)
        addends = [[rng.uniform(0.1, 1.0) * (word + 1) if bitmaps[word] >> row & 1 else 0.0
                    for row in range(ROWS)] for word in range(words)]
        highest = [max(addends[word]) for word in range(words)]

        def scored(bits: int, addends: list[list[float]] = addends) -> dict[int, float]:
            return {row: sum(word[row] for word in addends)
                    for row in range(ROWS) if bits >> row & 1}

        every = {row: score for row, score in scored((1 << ROWS) - 1).items() if score}
        scores = top_by_words_held(bitmaps, highest, limit, scored)
        assert _best(scores, limit) == _best(every, limit)
        assert all(scores[row] == every[row] for row in scores)
        settled_early += len(scores) < len(every)
    assert settled_early > 10
