"""Reading the files of a fact base folder: regular files inside the folder, of a sane size.

Fact files and seeds arrive by pull request, so a name ending in `.yaml` may be a link to
`/dev/zero`, to a secret outside the repository, to nothing, or a folder or a pipe. Such
an entry is reported with its own path and never opened; what a link points at outside
the folder never appears in a message.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# A fact file or an article is kilobytes: the largest of the real ones is 26 KB, of a
# generated base of 10,000 facts 52 KB (all its entities in one file).
MAX_FILE_BYTES = 8 * 1024 * 1024


class Unreadable(Exception):
    """A file the fact base will not read: why, on which line if known, and what to do."""

    def __init__(self, message: str, fix: str, line: int = 1):
        super().__init__(message)
        self.message, self.fix, self.line = message, fix, line


def files_under(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Every entry under `folder` whose name ends in one of `suffixes`, files or not, sorted.

    Entries that are not regular files are listed too, so that reading them reports them.
    Links to folders are not followed.
    """
    return sorted(p for p in folder.rglob("*") if p.suffix in suffixes)


def fingerprint(path: Path) -> bytes:
    """What stands for a file in a content hash: its bytes, or for a file too big to be read
    at all (the loader refuses it) its size and time, so hashing never reads gigabytes."""
    info = path.stat()
    if info.st_size > MAX_FILE_BYTES:
        return f"too big: {info.st_size} bytes, modified {info.st_mtime_ns}".encode()
    return path.read_bytes()


def read_text(path: Path, folder: Path, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a regular file inside `folder`; raise Unreadable for anything else."""
    raw = read_bytes(path, folder, limit)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise Unreadable(f"not UTF-8 text: byte 0x{raw[exc.start]:02x} on line {line} "
                         f"({exc.reason})", "save the file as UTF-8", line) from None


def read_bytes(path: Path, folder: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file inside `folder`; raise Unreadable for anything else."""
    if path.is_symlink():
        _check_link(path, folder)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(info.st_mode)
        if info.st_size > limit:
            raise _too_big(info.st_size, limit)
        # O_NONBLOCK: a pipe swapped in after the check must not block the open.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror or exc}",
                         "make it a readable file (check its permissions)") from None
    with os.fdopen(descriptor, "rb") as file:
        opened = os.fstat(file.fileno())
        if not stat.S_ISREG(opened.st_mode):
            raise _not_regular(opened.st_mode)
        raw = file.read(limit + 1)
    if len(raw) > limit:
        raise _too_big(len(raw), limit)
    return raw


def _check_link(path: Path, folder: Path) -> None:
    """A link is read only if it leads to a file inside the folder; its target is never shown."""
    try:
        target = path.resolve(strict=True)
    except (RuntimeError, OSError) as exc:  # Python 3.11 reports some loops as RuntimeError
        if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
            raise Unreadable("is a symbolic link that loops",
                             "replace the link by the file itself") from None
        raise Unreadable("is a symbolic link to nothing (dangling)",
                         "replace the link by the file itself, or delete it") from None
    if not target.is_relative_to(folder.resolve()):
        raise Unreadable("is a symbolic link to something outside the folder; it is not read",
                         "put the file itself in the folder instead of a link")


def _not_regular(mode: int) -> Unreadable:
    what = ("a folder" if stat.S_ISDIR(mode) else "a device" if stat.S_ISCHR(mode)
            or stat.S_ISBLK(mode) else "a pipe" if stat.S_ISFIFO(mode) else
            "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return Unreadable(f"is {what}, not a regular file; it is not read",
                      "rename it, or replace it by a regular file")


def _too_big(size: int, limit: int) -> Unreadable:
    return Unreadable(f"is {size:,} bytes, more than the {limit:,} a file here may have",
                      "split it into several files (one article's facts per file)")
