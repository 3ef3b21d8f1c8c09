"""The index as flat arrays: what is built from the facts, stored in a snapshot, read in place.

Dicts of dicts hold 2.4 million postings at 100,000 facts in about 600 MB; the same as
arrays of row numbers and counts takes 12 MB, which a snapshot maps from disk as it is
(bot/engine/packed.py). Everything a query needs is here; the facts themselves are not.

Each list of rows (a word's postings, a filter's members, a word's by-weight walk) is a
stretch of one long array, from `starts[i]` to `starts[i + 1]`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..records import pack_lines, unpack_lines
from .spelling import DeletionIndex, LetterIndex

Phrases = dict[tuple[str, ...], list[tuple[str, str, str]]]
# The fields stored as arrays, each its own section, read in place.
_ARRAYS = ("term_starts", "posting_rows", "posting_counts", "norms", "walk_terms",
           "walk_starts", "walk_rows", "walk_counts", "filter_starts", "filter_rows",
           "timeline", "twins", "twin_starts", "twin_rows")
WALK_FROM = 512  # a word in more facts than this gets its by-weight walk stored


@dataclass(frozen=True)
class IndexData:
    terms: list[str]  # stemmed words; a word's number is its place here
    term_starts: Sequence[int]
    posting_rows: Sequence[int]  # each word's rows, ascending
    posting_counts: Sequence[int]  # how often the word is in that row's text
    norms: Sequence[float]  # each row's BM25 length normalisation
    walk_terms: Sequence[int]  # numbers of the words with a stored walk, ascending
    walk_starts: Sequence[int]
    walk_rows: Sequence[int]  # each walked word's rows, highest BM25 addend first
    walk_counts: Sequence[int]
    filter_keys: list[tuple[str, str]]  # (field, value); a filter's number is its place
    filter_starts: Sequence[int]
    filter_rows: Sequence[int]  # each filter's rows, ascending
    dates: list[str]  # each row's date
    dates_descending: bool  # rows run newest date first (FactBase.build's order)
    timeline: Sequence[int]  # each row's place in the timeline (oldest first)
    twins: Sequence[int]  # each row's group of the very same words; none if few are alike
    twin_starts: Sequence[int]
    twin_rows: Sequence[int]  # each group's rows, ascending
    phrases: Phrases  # stemmed names -> (section, entity id, name)
    spellings: list[str]  # every known spelling, alphabetical
    deletions: DeletionIndex
    letters: LetterIndex


def to_sections(data: IndexData) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header entries, sections) for a snapshot file."""
    letters_header: list[tuple[int, str, int, int]] = []
    letters = bytearray()
    for length, bits in data.letters.items():
        for (letter, times), members in bits.items():
            raw = members.to_bytes((members.bit_length() + 7) // 8, "little")
            letters_header.append((length, letter, times, len(raw)))
            letters += raw
    header = {"filter_keys": data.filter_keys, "letters": letters_header,
              "dates_descending": data.dates_descending}
    arrays = {name: getattr(data, name) for name in _ARRAYS}
    sections = {
        **{f"index.{name}": value for name, value in arrays.items()},
        "index.terms": pack_lines(data.terms),
        "index.dates": pack_lines(data.dates),
        "index.spellings": pack_lines(data.spellings),
        "index.phrases": json.dumps([[list(k), v] for k, v in data.phrases.items()],
                                    ensure_ascii=False).encode(),
        **{f"index.deletions.{name}": value for name, value in data.deletions._asdict().items()},
        "index.letters": bytes(letters),
    }
    return header, sections


def from_sections(header: Mapping[str, Any], sections: Mapping[str, memoryview]) -> IndexData:
    """The IndexData `to_sections` stored: arrays are read in place."""
    letters: LetterIndex = {}
    raw = sections["index.letters"]
    at = 0
    for length, letter, times, size in header["letters"]:
        letters.setdefault(length, {})[(letter, times)] = int.from_bytes(raw[at:at + size],
                                                                         "little")
        at += size
    phrases: Phrases = {tuple(k): [tuple(e) for e in v]
                        for k, v in json.loads(bytes(sections["index.phrases"]))}
    arrays = {name: sections[f"index.{name}"] for name in _ARRAYS}
    return IndexData(
        terms=unpack_lines(sections["index.terms"]),
        filter_keys=[(field, value) for field, value in header["filter_keys"]],
        dates=unpack_lines(sections["index.dates"]),
        dates_descending=bool(header["dates_descending"]),
        phrases=phrases,
        spellings=unpack_lines(sections["index.spellings"]),
        deletions=DeletionIndex(*(sections[f"index.deletions.{name}"]
                                  for name in DeletionIndex._fields)),
        letters=letters,
        **arrays,
    )
