"""The content hash is reused while no file's stats change, and read again when one does."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.engine import stamps
from bot.engine.version import content_hash

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A copy of the real folders; files count as written long ago unless a test says
    otherwise (a copy's change time is now, and no one can set it back)."""
    facts, seeds = tmp_path / "facts", tmp_path / "seeds"
    shutil.copytree(REPO / "facts", facts)
    shutil.copytree(REPO / "seeds", seeds)
    monkeypatch.setattr(stamps, "RACY_SECONDS", -60.0)
    return facts, seeds


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reads: list[int] = []

    def counted(facts: Path, seeds: Path) -> str:
        reads.append(1)
        return content_hash(facts, seeds)

    monkeypatch.setattr(stamps, "content_hash", counted)
    return reads


def test_unchanged_files_are_not_read_again(tree: tuple[Path, Path], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    facts, seeds = tree
    reads = _count_reads(monkeypatch)
    folder = tmp_path / "cache"
    first = stamps.remembered_hash(facts, seeds, folder)
    assert first == content_hash(facts, seeds) and len(reads) == 1
    assert stamps.remembered_hash(facts, seeds, folder) == first
    assert len(reads) == 1
    assert len(list(folder.glob(stamps.PREFIX + "*"))) == 1


def test_a_change_that_keeps_size_and_time_is_still_seen(tree: tuple[Path, Path],
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Same size, modification time set back: the change time (and so the stats) moved."""
    facts, seeds = tree
    folder = tmp_path / "cache"
    before = stamps.remembered_hash(facts, seeds, folder)
    path = next(facts.glob("*.yaml"))
    info = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Xi", b"Xu", 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    after = stamps.remembered_hash(facts, seeds, folder)
    assert after != before and after == content_hash(facts, seeds)
    assert len(list(folder.glob(stamps.PREFIX + "*"))) <= 1  # the old stamp is gone


def test_added_or_removed_files_are_seen(tree: tuple[Path, Path], tmp_path: Path) -> None:
    facts, seeds = tree
    folder = tmp_path / "cache"
    before = stamps.remembered_hash(facts, seeds, folder)
    extra = facts / "more.yaml"
    extra.write_text("facts: []\n", encoding="utf-8")
    with_extra = stamps.remembered_hash(facts, seeds, folder)
    assert with_extra != before and with_extra == content_hash(facts, seeds)
    extra.unlink()
    assert stamps.remembered_hash(facts, seeds, folder) == before


def test_files_written_just_now_leave_no_stamp(tree: tuple[Path, Path], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A file written in the same clock tick as the hash could change again unseen."""
    facts, seeds = tree
    monkeypatch.setattr(stamps, "RACY_SECONDS", 2.0)
    reads = _count_reads(monkeypatch)
    folder = tmp_path / "cache"
    (facts / "fresh.yaml").write_text("facts: []\n", encoding="utf-8")
    stamps.remembered_hash(facts, seeds, folder)
    stamps.remembered_hash(facts, seeds, folder)
    assert len(reads) == 2
    assert not list(folder.glob(stamps.PREFIX + "*"))


def test_no_folder_means_always_read(tree: tuple[Path, Path],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    facts, seeds = tree
    reads = _count_reads(monkeypatch)
    stamps.remembered_hash(facts, seeds, None)
    stamps.remembered_hash(facts, seeds, None)
    assert len(reads) == 2


def test_a_garbled_stamp_is_ignored(tree: tuple[Path, Path], tmp_path: Path) -> None:
    facts, seeds = tree
    folder = tmp_path / "cache"
    stamps.remembered_hash(facts, seeds, folder)
    (stamp,) = folder.glob(stamps.PREFIX + "*")
    stamp.write_text('{"stats": "x", "hash": "planted"}', encoding="utf-8")
    assert stamps.remembered_hash(facts, seeds, folder) == content_hash(facts, seeds)
