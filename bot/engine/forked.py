"""A share of a cold build done by a forked copy of this process, on a spare core.

A start without a snapshot reads, validates and indexes every file in one Python thread,
which the GIL keeps on one core. A forked child needs no imports and no arguments sent
(it is this process, copied on write), so a share of the work can run beside the rest and
come back through a pipe. Its value travels pickled: from this process's own copy, never
through a file, so nothing another user can write is ever unpickled.

Only where forking is safe and pays: on Linux, with a second core, and with no other
thread running (a fork copies locks another thread may hold). Anywhere else, and if the
child fails for any reason, the caller does the work itself, so the result never depends
on the fork.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether a share of the work may run in a forked child now."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    return len(os.sched_getaffinity(0)) > 1


def start_forked(function: Callable[[], T]) -> Forked[T] | None:
    """`function()` running in a forked child, or None where forking is not safe here."""
    if not can_fork():
        return None
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, send the value, leave without running exit handlers
        status = 1
        try:
            os.close(reading)
            data = pickle.dumps(function(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    return Forked(pid, reading)


class Forked(Generic[T]):
    """A forked child computing a value, and the pipe it sends it through."""

    def __init__(self, pid: int, pipe: int):
        self._pid, self._pipe = pid, pipe

    def result(self) -> T | None:
        """The child's value, waiting for it; None if it failed (do the work here then)."""
        if not self._pid:
            return None
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()  # before waiting: a child with a full pipe waits for us
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if status != 0:
            return None
        value: T = pickle.loads(data)
        return value

    def __del__(self) -> None:
        """A child whose value is never asked for (the parent failed first) is reaped."""
        if self._pid:
            os.close(self._pipe)  # its write fails, so it ends at once
            os.waitpid(self._pid, 0)
