"""A cold build's shares done by forked children (bot/engine/forked.py) give exactly what
one process gives: the fact files read in two halves, the rules that span files checked
beside the index, and the typo indexes built beside the rest."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from benchmarks.generate import generate
from bot.engine import FactBaseError, check_fact_base, forked
from bot.engine.cache import build_snapshot
from bot.engine.index.build import build_data
from bot.engine.loader import shares

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "checker"
TODAY = date(2025, 7, 1)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children forked while a test runs (so a test can tell a fork really happened)."""
    started: list[int] = []
    real_fork = os.fork

    def counted_fork() -> int:
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted_fork)
    return started


@pytest.fixture
def one_process(monkeypatch: pytest.MonkeyPatch) -> Callable[[bool], None]:
    """Switch forking off (True) or back on (False) within a test."""
    real = forked.can_fork

    def switch(off: bool) -> None:
        monkeypatch.setattr(forked, "can_fork", (lambda: False) if off else real)

    return switch


def test_a_childs_value_comes_back(forks: list[int]) -> None:
    child = forked.start_forked(lambda: {"rows": list(range(100_000)), "pid": os.getpid()})
    assert child is not None
    value = child.result()
    assert value is not None and value["rows"] == list(range(100_000))
    assert value["pid"] != os.getpid() and value["pid"] == forks[0]


def test_a_failing_child_gives_none_so_the_caller_does_the_work() -> None:
    child = forked.start_forked(lambda: 1 // 0)
    assert child is not None
    assert child.result() is None


def test_a_child_whose_value_is_never_asked_for_is_reaped(forks: list[int]) -> None:
    child = forked.start_forked(lambda: "never read")
    assert child is not None
    del child
    with pytest.raises(ChildProcessError):  # already waited for: no zombie left
        os.waitpid(forks[0], os.WNOHANG)


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert forked.start_forked(lambda: 1) is None
    finally:
        stop.set()
        thread.join()


def _checked(folder: Path) -> tuple[list[tuple[str, object]], list[str]]:
    fact_base, problems = check_fact_base(folder / "facts", folder / "seeds", today=TODAY)
    return ([(f.id, f) for f in fact_base.facts],
            [f"{p.format()} | {p.fix}" for p in problems])


@pytest.mark.parametrize("case", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_files_read_in_two_halves_report_as_one_reading(
        case: str, monkeypatch: pytest.MonkeyPatch, one_process: Callable[[bool], None],
        forks: list[int]) -> None:
    monkeypatch.chdir(FIXTURES / case)
    one_process(True)
    alone = _checked(Path())
    one_process(False)
    monkeypatch.setattr(shares, "SPLIT_FROM_BYTES", 0)  # these fact bases are tiny
    assert _checked(Path()) == alone
    assert forks, "the second half was read by a child"


def test_a_duplicate_across_the_halves_points_at_the_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one_process: Callable[[bool], None],
        forks: list[int]) -> None:
    shutil.copytree(FIXTURES / "clean", tmp_path, dirs_exist_ok=True)
    facts = tmp_path / "facts" / "facts.yaml"
    (tmp_path / "facts" / "more.yaml").write_text(facts.read_text())  # every fact twice
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(shares, "SPLIT_FROM_BYTES", 0)
    split = _checked(Path())
    assert forks
    one_process(True)
    assert split == _checked(Path())
    assert any("duplicate fact id" in line and "first at facts/facts.yaml:" in line
               for line in split[1])


def test_a_clean_half_comes_from_the_child_and_a_broken_one_is_read_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    taken: list[object] = []
    take = shares.take_share
    monkeypatch.setattr(shares, "take_share", lambda loader, share, paths: (
        taken.append(share), take(loader, share, paths)))
    monkeypatch.setattr(shares, "SPLIT_FROM_BYTES", 0)
    monkeypatch.setattr(shares, "KEPT_SHARE", 0.0)  # entities.yaml here, facts.yaml there
    for case in ("clean", "missing-field"):
        monkeypatch.chdir(FIXTURES / case)
        _checked(Path())
    assert len(forks) == 2  # a child read the second file of each
    clean, broken = taken
    assert clean is not None and [f.id for f, _ in clean.facts]  # type: ignore[attr-defined]
    assert broken is None  # an entry too broken to load: its quotes want the seeds


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    generate(folder, 1500, seed=5)
    return folder


def test_a_snapshot_built_with_children_equals_one_built_alone(
        generated: Path, one_process: Callable[[bool], None], forks: list[int]) -> None:
    with_children = build_snapshot(generated / "facts", generated / "seeds")
    assert len(forks) == 3, "reading, checking and typo indexes each had a child"
    one_process(True)
    alone = build_snapshot(generated / "facts", generated / "seeds")
    assert [f.id for f in with_children.fact_base.facts] == \
        [f.id for f in alone.fact_base.facts]
    for field in fields(build_data(alone.fact_base)):
        assert getattr(with_children.index.data, field.name) == \
            getattr(alone.index.data, field.name), field.name


def test_errors_found_beside_the_index_stop_the_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    shutil.copytree(FIXTURES / "unknown-person", tmp_path, dirs_exist_ok=True)
    with pytest.raises(FactBaseError) as raised:
        build_snapshot(tmp_path / "facts", tmp_path / "seeds")
    assert forks, "the rules were checked in a child"
    assert any("unknown person" in p.message for p in raised.value.problems)
