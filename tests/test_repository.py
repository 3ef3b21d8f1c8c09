"""The repository itself: nothing a merge left half done."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".git", ".venv", "node_modules", "out", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
MARKER = re.compile(rb"^(<{7}|>{7})( |$)", re.MULTILINE)


def _files() -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        if path.is_file() and not SKIP & set(path.relative_to(ROOT).parts):
            found.append(path)
    return found


def test_no_merge_conflict_markers_are_left() -> None:
    marked = [str(p.relative_to(ROOT)) for p in _files() if MARKER.search(p.read_bytes())]
    assert not marked, f"merge conflict markers in {marked}"
