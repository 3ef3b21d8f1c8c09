"""The usage log kept open: every line on disk at once, and log rotation followed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.ops.usagefile import KeptOpenUsageLog


def outcomes(path: Path) -> list[str]:
    return [json.loads(line)["outcome"] for line in path.read_text().splitlines()]


def test_lines_are_on_disk_at_once_and_a_rotated_file_is_followed(tmp_path: Path) -> None:
    path = tmp_path / "state" / "usage.jsonl"
    usage = KeptOpenUsageLog(path)
    usage.question("answered", "command", "a")
    usage.click("helpful", "command", "a")
    assert outcomes(path) == ["answered", "helpful"]  # flushed, not buffered
    path.rename(tmp_path / "usage.jsonl.1")  # logrotate moves it away
    usage.question("nothing found", "dm", "b")
    assert outcomes(path) == ["nothing found"]
    assert outcomes(tmp_path / "usage.jsonl.1") == ["answered", "helpful"]
    path.unlink()  # or deletes it
    usage.question("answered", "dm", "c")
    assert outcomes(path) == ["answered"]


def test_an_unwritable_log_warns_once_and_counts_go_on(tmp_path: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    usage = KeptOpenUsageLog(blocker / "usage.jsonl")  # a folder that cannot exist
    usage.question("nothing found", "command", "x")
    usage.question("nothing found", "command", "y")
    assert usage.counts[("question", "nothing found", "command")] == 2
    assert len([r for r in caplog.records if "usage log" in r.getMessage()]) == 1
