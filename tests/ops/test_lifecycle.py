"""Stopping: the draining pool waits (bounded) for work in flight; a stop runs once."""

from __future__ import annotations

import threading
import time

from bot.ops.lifecycle import DrainingExecutor, Stopper


def test_drain_waits_for_work_in_flight() -> None:
    pool = DrainingExecutor(2, "test")
    done: list[int] = []
    for number in range(3):
        pool.submit(lambda n=number: (time.sleep(0.05), done.append(n)))
    assert pool.drain(timeout=5) == 0
    assert sorted(done) == [0, 1, 2]


def test_drain_is_bounded_and_says_what_is_left() -> None:
    pool = DrainingExecutor(1, "test")
    release = threading.Event()
    pool.submit(release.wait, 5)
    started = time.monotonic()
    assert pool.drain(timeout=0.1) == 1
    assert time.monotonic() - started < 1
    release.set()


def test_a_stop_runs_its_callbacks_once_and_a_second_one_forces() -> None:
    stopper = Stopper(drain_seconds=10)
    calls: list[bool] = []
    stopper.on_stop(calls.append)
    assert stopper.drain_left() == 10
    stopper.stop("SIGTERM")
    stopper.stop("SIGTERM")  # ignored: already stopping
    assert calls == [False] and stopper.signal_name == "SIGTERM"
    assert 9 < stopper.drain_left() <= 10
    stopper.stop("SIGINT", force=True)
    assert calls == [False, True]
    late: list[bool] = []
    stopper.on_stop(late.append)  # registered after the stop: runs at once
    assert late == [False]
