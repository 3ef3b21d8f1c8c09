"""The curators' usage log kept open between lines, for the server.

A slash command's answer is its acknowledgement, so the usage line it appends delays
it. UsageLog opens and closes the file for every line: about 47 microseconds per
question in `benchmarks/ack.py --breakdown`, against 27 with the file kept open and
each line flushed. The file is reopened whenever the path no longer names it (moved or
deleted by log rotation), so rotating it needs no signal and no copytruncate.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from ..usage import UsageLog


class KeptOpenUsageLog(UsageLog):
    """UsageLog, appending through one open file; on any error, UsageLog's own way
    (which warns once and never fails a reply)."""

    def __init__(self, path: Path | None) -> None:
        super().__init__(path)
        self._file: TextIO | None = None
        self._inode = -1

    def _append(self, line: str) -> None:
        try:
            file = self._current_file()
            file.write(line + "\n")
            file.flush()
        except OSError:
            self._close()
            super()._append(line)

    def _current_file(self) -> TextIO:
        assert self.path is not None
        try:
            inode = os.stat(self.path).st_ino
        except FileNotFoundError:
            inode = -1
        if self._file is None or inode != self._inode:
            self._close()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")
            self._inode = os.fstat(self._file.fileno()).st_ino
        return self._file

    def _close(self) -> None:
        if self._file is not None:
            file, self._file = self._file, None
            file.close()
