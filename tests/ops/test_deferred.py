"""The background writer: work queued while it runs, all of it done by `stop_writer`,
bounded, and done at once when no writer runs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.ops import deferred
from bot.ops.logs import request_log
from bot.usage import UsageLog

HOUR = 3600.0  # an interval the test never reaches: only stop_writer runs the work


@pytest.fixture
def writer() -> Iterator[None]:
    yield
    deferred.stop_writer()


def test_without_a_writer_work_runs_at_once() -> None:
    done: list[int] = []
    deferred.later(lambda: done.append(1))
    assert done == [1]


def test_queued_work_waits_for_the_writer_and_stop_runs_all_of_it_in_order(
        writer: None, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "relations.requests")
    usage = UsageLog(tmp_path / "usage.jsonl")
    done: list[int] = []
    deferred.start_writer(interval=HOUR)
    with request_log("command", "meetings 2022") as record:
        record.kind = "meeting"
    usage.question("nothing found", "command", "railway 1850", "person")
    for number in range(100):
        deferred.later(lambda number=number: done.append(number))
    assert done == [] and not caplog.records and usage.counts == {}
    assert not (tmp_path / "usage.jsonl").exists()
    deferred.stop_writer()  # as `relations serve` does on SIGTERM, after the drain
    assert done == list(range(100))
    [line] = [r.getMessage() for r in caplog.records]
    assert "command meeting answered" in line and "query='meetings 2022'" in line
    assert usage.counts == {("question", "nothing found", "command"): 1}
    assert '"question": "railway 1850"' in (tmp_path / "usage.jsonl").read_text()
    deferred.later(lambda: done.append(100))  # no writer any more: at once
    assert done[-1] == 100


def test_the_writer_runs_queued_work_by_itself(writer: None) -> None:
    ran = threading.Event()
    threads: list[str] = []
    deferred.start_writer(interval=0.01)
    deferred.later(lambda: (threads.append(threading.current_thread().name), ran.set()))
    assert ran.wait(10)
    assert threads == ["relations-writer"]


def test_a_full_queue_makes_the_caller_do_the_work(writer: None) -> None:
    threads: list[str] = []
    deferred.start_writer(interval=HOUR, limit=2)
    for _ in range(3):
        deferred.later(lambda: threads.append(threading.current_thread().name))
    assert threads == [threading.current_thread().name]  # the third, at once
    deferred.stop_writer()
    assert len(threads) == 3


def test_failing_work_is_logged_and_the_rest_still_runs(
        writer: None, caplog: pytest.LogCaptureFixture) -> None:
    done: list[int] = []
    deferred.start_writer(interval=HOUR)
    deferred.later(lambda: 1 / 0)
    deferred.later(lambda: done.append(1))
    deferred.stop_writer()
    assert done == [1]
    [failure] = [r for r in caplog.records if r.name == "relations.deferred"]
    assert failure.exc_info is not None and failure.exc_info[0] is ZeroDivisionError


def test_work_queued_as_the_writer_stops_is_still_done() -> None:
    done: list[int] = []
    writer = deferred.Writer(interval=HOUR).start()
    writer.stop()
    writer.put(lambda: done.append(1))  # from a request that took the writer just before
    assert done == [1]
