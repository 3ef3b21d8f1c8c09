"""The live fact base: a valid reload swaps atomically, a broken one never replaces it,
and a reply that took the old engine finishes on it."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.frontend import reply_to
from bot.ops.live import LiveEngine

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(REPO / "facts", tmp_path / "facts")
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return tmp_path / "facts", tmp_path / "seeds"


def test_nothing_is_served_before_the_first_load(folders: tuple[Path, Path]) -> None:
    live = LiveEngine(*folders)
    assert live.engine is None and live.status() == {"ready": False}
    assert live.reload() is True
    status = live.status()
    assert status["ready"] is True and status["facts"] > 0
    assert status["label"].startswith("facts ")


def test_a_broken_file_is_reported_and_the_good_version_kept(folders: tuple[Path, Path],
                                                             caplog: pytest.LogCaptureFixture
                                                             ) -> None:
    live = LiveEngine(*folders)
    live.reload()
    good_engine, good_version = live.engine, live.version
    (folders[0] / "broken.yaml").write_text("facts:\n  - id: [unclosed\n", encoding="utf-8")
    assert live.reload() is False
    assert live.engine is good_engine and live.version == good_version
    failed = live.status()["failed"]
    assert failed["errors"] == 1 and "broken.yaml:3:1" in failed["first_error"]
    assert failed["content_hash"] != good_version.content_hash  # type: ignore[union-attr]
    assert "broken.yaml:3:1: error: YAML syntax error" in caplog.text
    assert "still answering from facts" in caplog.text

    (folders[0] / "broken.yaml").unlink()
    assert live.reload() is True and "failed" not in live.status()


def test_a_reply_in_flight_finishes_on_the_version_it_started_with(
        folders: tuple[Path, Path]) -> None:
    live = LiveEngine(*folders)
    live.reload()
    engine = live.engine  # what a request takes, once
    assert engine is not None
    for seed in folders[1].glob("*.txt"):
        if "2022" in seed.name:
            seed.unlink()
    for fact_file in folders[0].glob("*2022*.yaml"):
        fact_file.unlink()
    assert live.reload() is True and live.engine is not engine
    assert reply_to(engine, "meetings 2022").text.startswith("1 meeting. ")  # the old version
    assert live.engine is not None
    assert not reply_to(live.engine, "meetings 2022").text.startswith("1 meeting. ")


def test_reload_requests_coalesce_in_one_background_thread(folders: tuple[Path, Path]) -> None:
    loads: list[int] = []
    gate = threading.Event()

    def slow_loader(facts: Path, seeds: Path, cache: Path | None) -> Engine:
        loads.append(1)
        gate.wait(5)
        from bot.engine.cache import load_engine
        return load_engine(facts, seeds, cache)

    live = LiveEngine(*folders, loader=slow_loader)
    live.request_reload("first")
    for reason in ("a", "b", "c"):  # arrive while the first load runs
        live.request_reload(reason)
    gate.set()
    for _ in range(250):
        if len(loads) == 2 and not live._wanted.is_set():
            break
        threading.Event().wait(0.02)
    with live._lock:  # the second load has finished (and logged) before the test ends
        assert live.engine is not None
    assert len(loads) == 2  # the first, then one for all three requests made meanwhile
