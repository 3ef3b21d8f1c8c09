"""Keeping loads fast as the fact base grows."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Building hundreds of thousands of objects that all live on: the cyclic garbage
    collector would scan them again and again for nothing (it doubles load times)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
