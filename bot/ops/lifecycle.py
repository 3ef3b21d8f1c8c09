"""Stopping cleanly: signals, and a thread pool whose work in flight can be waited for.

SIGTERM or SIGINT asks the server to stop taking requests; the work in flight then has
`drain_seconds` in all to finish before the process exits 0. A second signal stops at
once. SIGHUP asks for a fact base reload.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

log = logging.getLogger("relations.lifecycle")
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class DrainingExecutor(ThreadPoolExecutor):
    """A thread pool that remembers its pending work, so shutdown can wait for it, bounded."""

    def __init__(self, max_workers: int, thread_name_prefix: str) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self._pending: set[Future[Any]] = set()
        self._pending_lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        with self._pending_lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future[Any]) -> None:
        with self._pending_lock:
            self._pending.discard(future)

    def drain(self, timeout: float) -> int:
        """Wait up to `timeout` s for the work submitted so far; return how much is left."""
        with self._pending_lock:
            pending = set(self._pending)
        _, not_done = wait(pending, timeout=max(timeout, 0))
        self.shutdown(wait=False, cancel_futures=True)
        return len(not_done)


class Stopper:
    """Turns SIGTERM/SIGINT into one stop request (callbacks run once) and SIGHUP into a
    reload request. Handlers are installed from the main thread."""

    def __init__(self, drain_seconds: float) -> None:
        self.drain_seconds = drain_seconds
        self._stopped_at: float | None = None
        self.stopping = threading.Event()
        self.signal_name: str | None = None
        self._on_stop: list[Callable[[bool], None]] = []
        self.on_hangup: Callable[[], None] | None = None

    def install(self) -> None:
        for number in STOP_SIGNALS:
            signal.signal(number, self._handle_stop)
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, self._handle_hangup)

    def on_stop(self, callback: Callable[[bool], None]) -> None:
        """`callback(force)`: force is True on a second signal. Runs at once if stopping."""
        self._on_stop.append(callback)
        if self.stopping.is_set():
            callback(False)

    def stop(self, reason: str, force: bool = False) -> None:
        if not force and self.stopping.is_set():
            return
        self.signal_name = self.signal_name or reason
        self._stopped_at = self._stopped_at or time.monotonic()
        self.stopping.set()
        log.info("relations: %s: %s", reason, "stopping now" if force else
                 "no new requests, finishing the ones in flight")
        for callback in list(self._on_stop):
            callback(force)

    def drain_left(self) -> float:
        """Seconds left for work in flight: `drain_seconds` counted from the stop request."""
        if self._stopped_at is None:
            return self.drain_seconds
        return max(0.0, self._stopped_at + self.drain_seconds - time.monotonic())

    def _handle_stop(self, number: int, frame: object) -> None:
        self.stop(signal.Signals(number).name, force=self.stopping.is_set())

    def _handle_hangup(self, number: int, frame: object) -> None:
        if self.on_hangup is not None:
            self.on_hangup()
