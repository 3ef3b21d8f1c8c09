"""The snapshot file: sections come back as written, and any damage refuses the whole file."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

from bot.engine import packed


def _write(path: Path, header: dict, sections: dict) -> bytes:
    data = b"".join(packed.pack(header, sections))
    path.write_bytes(data)
    return data


SECTIONS = {
    "bytes": b"\x00\x01hello",
    "small": array("B", [0, 255, 7]),
    "short": array("H", [65535, 0, 3]),
    "rows": array("I", [0, 1, 2**32 - 1]),
    "wide": array("Q", [2**64 - 1]),
    "norms": array("d", [0.5, 1.25, -3.0]),
    "empty": array("I"),
    "nothing": b"",
}


def test_sections_come_back_as_written_each_aligned(tmp_path: Path) -> None:
    path = tmp_path / "entry"
    _write(path, {"key": "k", "numbers": [1, 2]}, SECTIONS)
    header, sections = packed.read(path)
    assert header == {"key": "k", "numbers": [1, 2]}
    assert bytes(sections["bytes"]) == SECTIONS["bytes"]
    for name in ("small", "short", "rows", "wide", "norms", "empty"):
        assert sections[name].tolist() == SECTIONS[name].tolist(), name
    assert sections["rows"].format == "I" and sections["norms"].format == "d"
    assert len(sections["nothing"]) == 0


def test_every_changed_byte_is_refused(tmp_path: Path) -> None:
    """Two checksums: one over the header, one (in it) over the sections; only the zero
    padding after the header is read by neither."""
    path = tmp_path / "entry"
    data = _write(path, {"key": "k"}, SECTIONS)
    head_start = len(packed.MAGIC) + 32 + 8
    head_end = head_start + int.from_bytes(data[head_start - 8:head_start], "little")
    ignored = range(head_end, head_end + -head_end % 8)
    for at in range(len(data)):
        if at in ignored:
            continue
        damaged = bytearray(data)
        damaged[at] ^= 0x01
        path.write_bytes(bytes(damaged))
        with pytest.raises(packed.Unreadable):
            packed.read(path)


@pytest.mark.parametrize("content", [b"", b"relations", b"not a snapshot at all" * 10])
def test_empty_short_or_foreign_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "entry"
    path.write_bytes(content)
    with pytest.raises(packed.Unreadable):
        packed.read(path)


def test_a_truncated_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "entry"
    data = _write(path, {"key": "k"}, SECTIONS)
    for size in (len(packed.MAGIC), len(packed.MAGIC) + 40, len(data) // 2, len(data) - 1):
        path.write_bytes(data[:size])
        with pytest.raises(packed.Unreadable):
            packed.read(path)
