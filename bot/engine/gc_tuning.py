"""Keeping loads fast as the fact base grows."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Building hundreds of thousands of objects that all live on: the cyclic garbage
    collector would scan them again and again for nothing (it doubles load times).

    On leaving, what was built is moved to the oldest generation at once (gc.freeze then
    gc.unfreeze, two list splices): left in the youngest, the first allocation after
    re-enabling would have the collector walk all of it (50-90 ms at 10,000 facts, in
    every cold build). Not where objects are frozen already (a running bot's engine,
    keep_out_of_gc): unfreezing would put them back in the collector's sight."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def keep_out_of_gc() -> None:
    """Take everything alive now out of the cyclic collector's sight, for good.

    Called once the fact base and its index are loaded, and again when the warm-up has
    built what they keep besides (the English word list, every fact id for 'did you
    mean'): they live as long as the engine, and otherwise every full collection,
    started by ordinary allocation while answering, walks all their objects (about 0.3 s
    at 100,000 facts for the engine, 8 ms for the warm-up's), landing on whichever reply
    happens to be running. Objects of replies under way at that moment are taken out
    too: those the last reference frees go as usual; only a reference cycle among them
    would outlive its use.
    """
    gc.freeze()
