"""The event-id memory: bounded in time and size."""

from __future__ import annotations

from bot.slack.dedup import EventDeduplicator


def test_an_event_id_is_remembered_for_the_window_only() -> None:
    now = [0.0]
    dedup = EventDeduplicator(window=360, clock=lambda: now[0])
    assert dedup.seen("Ev1") is False
    assert dedup.seen("Ev1") is True
    now[0] = 361
    assert dedup.seen("Ev2") is False  # Ev1 forgotten on the way
    assert dedup.seen("Ev1") is False


def test_the_memory_is_bounded() -> None:
    dedup = EventDeduplicator(limit=100)
    for number in range(1000):
        assert dedup.seen(f"Ev{number}") is False
    assert len(dedup._seen) <= 100
    assert dedup.seen("Ev999") is True and dedup.seen("Ev0") is False
