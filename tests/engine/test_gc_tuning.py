"""The collector paused while a fact base is built, and what it finds when it resumes."""

from __future__ import annotations

import gc

from bot.engine.gc_tuning import paused_gc


def _in_generation(generation: int, objects: list[object]) -> bool:
    tracked = {id(candidate) for candidate in gc.get_objects(generation=generation)}
    return all(id(item) in tracked for item in objects)


def test_what_is_built_while_paused_is_left_in_the_oldest_generation() -> None:
    """Left in the youngest, the first allocation after the pause would have the collector
    walk everything built (tens of milliseconds at 10,000 facts)."""
    gc.unfreeze()  # engines loaded by earlier tests are kept frozen
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        built = [[number] for number in range(5000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # moved, not kept out of the collector's sight
    assert _in_generation(2, built)
    assert gc.get_count()[0] < 100


def test_objects_frozen_before_stay_frozen() -> None:
    """A running bot keeps its engine frozen (keep_out_of_gc); a load beside it must not
    put the engine back in the collector's sight."""
    gc.unfreeze()
    kept = [[number] for number in range(1000)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            built = [[number] for number in range(1000)]
        assert gc.get_freeze_count() == frozen
        assert not _in_generation(2, built)  # left for the collector, as before
        assert kept
    finally:
        gc.unfreeze()


def test_a_pause_inside_a_pause_leaves_the_collector_off() -> None:
    gc.unfreeze()
    with paused_gc():
        with paused_gc():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
