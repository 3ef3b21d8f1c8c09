"""Sets of fact rows (indexes into FactBase.facts), cheap to intersect and count at any size.

A filter that holds many facts ("positions", "2020", "in Bishkek") is also kept as a
`Bitmap`: a Python int whose bit i is set when row offset + i is a member, so it
spans only the stretch from its first member to its last (a year's facts sit side by
side). Intersecting two is a shift and an AND, C loops over machine words, where
intersecting sets costs a hash lookup per member of the smaller; counting the result is
a popcount. Small filters stay plain sets: intersecting those is cheaper than touching a
bitmap as long as the fact base.

`RowSet` hides which of the two a set of matches is, and lists its members in
row order (display order) or backwards (oldest first), stopping early.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import NamedTuple

Members = Collection[int]  # set, frozenset, range, or dict keys

_WINDOW = 2048  # bits looked at a time when listing the last few members
_CHUNK = 8192  # bits read as bytes at a time when listing the first few members
_CHUNK_MASK = (1 << _CHUNK) - 1
_NONZERO = bytes([0] + [1] * 255)  # bytes.translate table: which bytes hold a member
_BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]
# Listing all members of a bitmap costs about SETUP set lookups plus PER_MEMBER per
# member (measured, CPython 3.11, 100,000 facts): past that, intersecting the sets is
# the cheaper way to the members.
_SETUP, _PER_MEMBER = 500, 10


class Bitmap(NamedTuple):
    """The rows offset + i for every bit i set in `bits`."""

    offset: int
    bits: int

    def __and__(self, other: object) -> Bitmap:
        if not isinstance(other, Bitmap):
            return NotImplemented
        shift = self.offset - other.offset  # only the one that starts earlier is shifted
        if shift > 0:
            return Bitmap(self.offset, self.bits & other.bits >> shift)
        if shift < 0:
            return Bitmap(other.offset, self.bits >> -shift & other.bits)
        return Bitmap(self.offset, self.bits & other.bits)

    def __or__(self, other: object) -> Bitmap:
        if not isinstance(other, Bitmap):
            return NotImplemented
        shift = self.offset - other.offset
        if shift > 0:
            return Bitmap(other.offset, self.bits << shift | other.bits)
        if shift < 0:
            return Bitmap(self.offset, self.bits | other.bits << -shift)
        return Bitmap(self.offset, self.bits | other.bits)


def narrowest(values: Sequence[int]) -> array[int]:
    """The values (row numbers, counts, offsets) as the smallest unsigned array type that
    holds them: what an index stores and a snapshot maps."""
    largest = max(values, default=0)
    for typecode in ("B", "H", "I", "Q"):
        if largest < 1 << 8 * array(typecode).itemsize:
            return array(typecode, values)
    raise OverflowError(largest)


_DIGITS = bytes([48, 49]) + bytes(254)  # bytes.translate table: 0 and 1 to "0" and "1"
# Rows fewer than their span over this are set a bit at a time into bytes, then read as
# an int (300 rows over 100,000: 38 µs); more, a byte each, read as binary digits by C
# (300 over 100,000: 208 µs; 30,000: 1.2 ms against 2.9 bit by bit).
_SPARSE = 32


def bitmap(rows: Collection[int], ascending: bool = False) -> Bitmap:
    """The bitmap of `rows` (`ascending`: they are in order, as stored lists are, so
    the first and last need no search)."""
    if not rows:
        return Bitmap(0, 0)
    if ascending and isinstance(rows, Sequence):
        first, last = rows[0], rows[-1]
    else:
        first, last = min(rows), max(rows)
    if len(rows) * _SPARSE < last - first:  # a few spread wide: bits set in place
        packed = bytearray(((last - first) >> 3) + 1)
        for row in rows:
            at = row - first
            packed[at >> 3] |= 1 << (at & 7)
        return Bitmap(first, int.from_bytes(packed, "little"))
    flags = bytearray(last - first + 1)
    for row in rows:
        flags[row - first] = 1
    # the lowest bit is the last binary digit
    return Bitmap(first, int(flags.translate(_DIGITS)[::-1], 2))


class RowSet:
    """RowSet matching a query's filters: a set, a bitmap, or both.

    `parts`, when given, are the sets whose intersection `bits` is, smallest first: the
    members are then worked out from them if that is cheaper than listing the bitmap.
    """

    __slots__ = ("_bits", "_bytes", "_members", "_parts", "_size")

    def __init__(self, members: Members | None = None, bits: Bitmap | None = None,
                 size: int | None = None, parts: Sequence[RowSet] | None = None):
        if members is None and bits is None:
            raise ValueError("RowSet needs members or bits")
        self._members = members
        self._bits = bits
        self._parts = parts
        self._bytes: bytes | None = None
        self._size = size if size is not None or members is None else len(members)

    @property
    def size(self) -> int:
        """How many members: a popcount, done when first asked (it reads the whole bitmap)."""
        if self._size is None:
            self._size = self._bits.bits.bit_count() if self._bits else 0
        return self._size

    @property
    def bits(self) -> Bitmap | None:
        return self._bits

    def as_bitmap(self) -> Bitmap:
        """The members as a bitmap, made from the set when there is none (not kept)."""
        return self._bits or bitmap(self._members or ())

    @property
    def members(self) -> Members | None:
        """The members as a set-like collection, if one is at hand."""
        return self._members

    def members_if_cheap(self) -> Members | None:
        """The members as a set-like collection, made from `parts` if that costs less than
        listing the bitmap would."""
        if self._members is None and self._parts:
            smallest, *others = self._parts
            self._parts = None  # decided once
            if (smallest.members is not None
                    and len(smallest) * len(others) < _SETUP + _PER_MEMBER * self.size):
                self._members = intersection(smallest.members, others)
        return self._members

    def __len__(self) -> int:
        return self.size

    def __contains__(self, row: object) -> bool:
        if self._members is not None:
            return row in self._members
        if not isinstance(row, int):
            return False
        offset, data = self.flags()
        at = row - offset
        return 0 <= at < len(data) * 8 and bool(data[at >> 3] >> (at & 7) & 1)

    def flags(self) -> tuple[int, bytes]:
        """The bitmap as bytes: row offset + i is a member when bit i % 8 of byte
        i // 8 is set. For loops that test many rows without a method call each."""
        offset, bits = self._bits or Bitmap(0, 0)
        if self._bytes is None:
            self._bytes = bits.to_bytes((bits.bit_length() + 7) // 8 or 1, "little")
        return offset, self._bytes

    def __iter__(self) -> Iterator[int]:
        return iter(self.ascending())

    def _sorted(self) -> bool:
        """Whether to list the members by sorting the set rather than decoding the bitmap."""
        return self._members is not None and (self._bits is None or len(self._members) <= 64)

    def ascending(self, limit: int | None = None) -> list[int]:
        """The first `limit` members in row order (all when None)."""
        if self._sorted():
            members = self._members or ()
            if isinstance(members, range):
                return list(members if limit is None else members[:limit])
            ordered = sorted(members)
            return ordered if limit is None else ordered[:limit]
        return self._listed(limit)

    def _listed(self, limit: int | None) -> list[int]:
        """The bitmap's first `limit` members (all when None): C finds the bytes holding
        members, a table their bits; for a few, a stretch of _CHUNK bits at a time from the
        lowest member on (a member at a time, four operations on a window of the bitmap
        each, took 141 µs for 50 members spread over 100,000 rows; this, 49 µs)."""
        found: list[int] = []
        offset, bits = self._bits or Bitmap(0, 0)
        append = found.append
        while bits:
            low = (bits & -bits).bit_length() - 1  # only from the lowest member on
            bits >>= low
            offset += low
            chunk = bits if limit is None else bits & _CHUNK_MASK
            data = chunk.to_bytes((chunk.bit_length() + 7) >> 3, "little")
            find = data.translate(_NONZERO).find
            at = find(1)
            while at >= 0:
                base = offset + at * 8
                for bit in _BITS[data[at]]:
                    append(base + bit)
                if limit is not None and len(found) >= limit:
                    return found[:limit]
                at = find(1, at + 1)
            if limit is None:
                break
            bits >>= _CHUNK
            offset += _CHUNK
        return found

    def descending(self) -> Iterator[int]:
        """Members from the last row back, produced as they are needed."""
        if self._sorted():
            members = self._members or ()
            yield from reversed(members) if isinstance(members, range) \
                else sorted(members, reverse=True)
            return
        offset, bits = self._bits or Bitmap(0, 0)
        while bits:  # a window below the highest member
            start = max(0, bits.bit_length() - _WINDOW)
            window = bits >> start
            while window:
                highest = window.bit_length() - 1
                yield offset + start + highest
                window ^= 1 << highest
            bits &= (1 << start) - 1


def intersection(smallest: Members, others: Iterable[RowSet]) -> set[int]:
    """The members of `smallest` that are in every one of `others`."""
    result = set(smallest)
    for other in others:
        if not result:
            break
        members = other.members
        if isinstance(members, set | frozenset):
            result &= members  # C: walks the smaller of the two
        elif members is None:  # a bitmap: each of the few tested inline, no call per row
            offset, data = other.flags()
            span = len(data) * 8
            result = {p for p in result
                      if 0 <= (at := p - offset) < span and data[at >> 3] >> (at & 7) & 1}
        else:
            result = {p for p in result if p in other}
    return result
