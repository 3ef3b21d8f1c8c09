"""Work a reply does not wait for: a request's log line and its usage line.

A slash command's answer is its HTTP response, so whatever the request's thread does
before returning delays the person's answer. While a writer runs (`relations serve`
starts one), `later(work)` only queues the work, and one background thread runs what has
queued every INTERVAL_SECONDS, in a batch. Over HTTP (benchmarks/ack.py, side by side)
the lines and metrics cost a slash command 100-150 µs written at once; queued, about 9.

Why batches: the writer shares the GIL with the requests. A writer woken for each line
(the standard QueueHandler/QueueListener, tried in commit 590fefa) runs while the next
request is being answered and gained nothing; nor did running the lines on the event
loop once the response was sent (Starlette's background task): the benchmark's next
request arrives meanwhile and waits for them. One wake-up every 0.1 s formats the lines
one after another with warm caches, and lands on few requests. A log line's time is
when it is written, up to 0.1 s after the request; its latency field is the request's.

Bounded: at most MAX_PENDING pieces of work wait; beyond that `later` runs the work
itself, in the caller's thread, as if there were no writer (a stuck log then slows
replies, as it would without a writer, but memory never grows without limit). `stop()`
runs everything still queued, so a SIGTERM drain loses no line. Without a writer (tests,
the console, `relations ask`), `later` runs the work at once.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
from collections.abc import Callable

Work = Callable[[], None]

INTERVAL_SECONDS = 0.1
MAX_PENDING = 10_000

log = logging.getLogger("relations.deferred")


class Writer:
    """One background thread running queued work in batches, until `stop`."""

    def __init__(self, interval: float = INTERVAL_SECONDS, limit: int = MAX_PENDING) -> None:
        self.interval, self.limit = interval, limit
        self._pending: queue.SimpleQueue[Work] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="relations-writer", daemon=True)

    def start(self) -> Writer:
        self._thread.start()
        return self

    def put(self, work: Work) -> None:
        """Queue `work`, or run it now if MAX_PENDING are already waiting."""
        if self._pending.qsize() >= self.limit:
            run(work)
            return
        self._pending.put(work)
        if self._stopping.is_set():  # stopped meanwhile: the thread may be gone
            self._run_pending()

    def stop(self) -> None:
        """Run everything queued, then end the thread."""
        self._stopping.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            self._run_pending()
        self._run_pending()

    def _run_pending(self) -> None:
        while True:
            try:
                work = self._pending.get_nowait()
            except queue.Empty:
                return
            run(work)


_writer: Writer | None = None


def later(work: Work) -> None:
    """Queue `work` for the writer, or run it now when none runs."""
    writer = _writer
    if writer is None:
        run(work)
    else:
        writer.put(work)


def start_writer(interval: float = INTERVAL_SECONDS, limit: int = MAX_PENDING) -> None:
    """From now on `later` queues work for a background thread (one per process)."""
    global _writer
    stop_writer()
    _writer = Writer(interval, limit).start()


@atexit.register
def stop_writer() -> None:
    """Run all queued work and stop the thread; `later` runs work at once again. Runs at
    exit too; call it before os._exit, which skips that."""
    global _writer
    writer, _writer = _writer, None
    if writer is not None:
        writer.stop()


def run(work: Work) -> None:
    """One piece of work; a failure is logged and never reaches the caller."""
    try:
        work()
    except Exception:
        log.exception("relations: a deferred log or usage line failed")
