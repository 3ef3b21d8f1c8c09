"""One file of named byte sections behind a small JSON header, read in place.

A snapshot of 100,000 facts is tens of megabytes of arrays (postings, rows of filters,
compressed records). Parsing them at every start took seconds; here they are mapped
into memory and used where they lie, as `memoryview`s cast to their array type, so
opening costs a checksum and a header.

Layout: MAGIC, the SHA-256 of the header, the header's length (8 bytes, little-endian),
the header (JSON: the caller's data, plus each section's offset, length and array type
code, plus the SHA-256 of everything after the header), zero padding to a multiple of 8,
then the sections, each starting at a multiple of 8. The two checksums cover every byte.
Arrays are in this machine's byte order (the cache key includes it). Nothing in it is
code: reading it runs nothing.
"""

from __future__ import annotations

import hashlib
import json
import mmap
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

MAGIC = b"relations snapshot\n"
_ALIGN = 8
_DIGEST = 32  # bytes of a SHA-256


class Unreadable(Exception):
    """Not an intact file of this format."""


Section = Any  # bytes, a memoryview or an array: anything with the buffer protocol


def _padding(size: int) -> bytes:
    return b"\0" * (-size % _ALIGN)


def pack(header: Mapping[str, Any],
         sections: Mapping[str, Section]) -> Iterator[bytes | memoryview]:
    """The file's bytes, in pieces (the sections are not copied into one string)."""
    table: dict[str, tuple[int, int, str]] = {}
    digest = hashlib.sha256()
    offset = 0
    for name, data in sections.items():
        view = memoryview(data)
        typecode = "" if view.format == "B" else view.format  # bytes and uint8 read alike
        table[name] = (offset, view.nbytes, typecode)
        offset += view.nbytes + len(_padding(view.nbytes))
    for data in sections.values():  # the checksum first: it is in the header
        view = memoryview(data).cast("B")
        digest.update(view)
        digest.update(_padding(view.nbytes))
    head = json.dumps({**header, "sections": table, "sha256": digest.hexdigest()},
                      ensure_ascii=False, separators=(",", ":")).encode()
    start = MAGIC + hashlib.sha256(head).digest() + len(head).to_bytes(8, "little")
    yield start + head + _padding(len(start) + len(head))
    for data in sections.values():
        view = memoryview(data).cast("B")
        yield view
        yield _padding(view.nbytes)


def read(path: Path) -> tuple[dict[str, Any], dict[str, memoryview]]:
    """The header and the sections (arrays cast to their type) of the file at `path`;
    Unreadable for anything truncated, altered or not of this format."""
    with open(path, "rb") as file:
        try:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file
            raise Unreadable(path) from None
    whole = memoryview(mapped)
    start = len(MAGIC) + _DIGEST + 8
    if whole[:len(MAGIC)] != MAGIC or len(whole) < start:
        raise Unreadable(path)
    size = int.from_bytes(whole[start - 8:start], "little")
    head = bytes(whole[start:start + size])
    if hashlib.sha256(head).digest() != whole[len(MAGIC):len(MAGIC) + _DIGEST]:
        raise Unreadable(path)
    try:
        header = json.loads(head)
        table = header.pop("sections")
        expected = header.pop("sha256")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise Unreadable(path) from None
    body = whole[start + size + len(_padding(start + size)):]
    if hashlib.sha256(body).hexdigest() != expected:
        raise Unreadable(path)
    sections: dict[str, memoryview] = {}
    for name, (offset, length, typecode) in table.items():
        if offset + length > len(body):
            raise Unreadable(path)
        view = body[offset:offset + length]
        sections[name] = view.cast(typecode) if typecode else view
    return header, sections
