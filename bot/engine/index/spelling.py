"""Typo tolerance: a query word read as the known word it is a slip of, and looser
"did you mean" suggestions. Both look only at the vocabulary (every spelling of a word
the fact base holds), never at facts, and only at the words a slip could reach: a
deletion index behind a Bloom filter for corrections, letter-count bit sets for
suggestions."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple
from zlib import crc32

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ..rows import Bitmap, RowSet, narrowest

SUGGEST_CUTOFF = 75.0  # rapidfuzz ratio for "did you mean" (suggested, never answered)
# Longest word read through a typo. A word has about n*n/2 two-letter deletions of n letters
# each, so one 1,500-letter "word" in a summary would take gigabytes to index; nobody types
# a 33-letter word, and an exact one is still found.
MAX_CORRECTED_LETTERS = 32


def typo_budget(word: str) -> int:
    """How many slips a word of this length may carry and still be read as a known word."""
    return 1 if len(word) <= 6 else 2


LetterIndex = dict[int, dict[tuple[str, int], int]]  # length -> (letter, times) -> words


class Spelling:
    """The known spellings, alphabetical, with the indexes that find a typo's candidates
    (built by `deletion_index` and `letter_index`, or read from a snapshot)."""

    def __init__(self, spellings: list[str], deletions: DeletionIndex, letters: LetterIndex):
        self._spellings = spellings
        self._by_length: dict[int, list[str]] = {}
        for spelling in spellings:  # alphabetical within each length, as in the whole
            self._by_length.setdefault(len(spelling), []).append(spelling)
        self._deletions = deletions
        self._letters = letters

    def correct(self, word: str) -> str | None:
        """A known word within typo distance: one slip up to 6 letters, two beyond.

        Slips are insertions, deletions, substitutions and swaps of neighbours (OSA
        distance), so 'taiwna' is 'taiwan' but a real word such as 'change' is not
        'exchanges'.

        Words within k slips share a string reached by deleting at most k letters from
        each (a substitution or a swap is one deletion on either side, an insertion one
        on one side), so only the known words found through the deletion index are
        compared; in alphabetical order, as a scan of the whole sorted vocabulary would,
        so the same word wins. One slip is looked for first: any such word beats every
        word two slips away, and its few variants are quick to look up.
        """
        size = len(word)
        if size - typo_budget(word) > min(MAX_CORRECTED_LETTERS, max(self._by_length, default=0)):
            return None  # longer than any known word that slips are read into
        spellings = self._spellings
        encoded = word.encode()
        looked_up: set[bytes] = set()
        numbers: set[int] = set()
        for slips in range(1, typo_budget(word) + 1):
            variants = _deleted(encoded, slips) - looked_up
            looked_up |= variants
            numbers |= _lookup(self._deletions, variants)
            found = {spellings[i] for i in numbers}
            candidates = sorted(c for c in found if abs(len(c) - size) <= slips)
            match = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=slips)
            if match:
                return match[0]
        return None

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Looser matches for 'did you mean', never used to answer.

        The ratio is 200 * LCS / (len(a) + len(b)), and the longest common subsequence
        has at most as many letters as the two words share (counting repeats), so a
        ratio of at least SUGGEST_CUTOFF bounds both the length difference and how many
        of the word's letters a candidate must have. Letter counts are kept as bit sets
        over each length's words, added up bit-sliced, so only the few words that could
        reach the cutoff are compared; ties keep alphabetical order, as in a full scan.
        """
        found: list[tuple[float, str]] = []
        size = len(word)
        letters = self._letters
        counts = Counter(word)
        for length, bucket in self._by_length.items():
            if 100.0 * (1 - abs(size - length) / (size + length)) < SUGGEST_CUTOFF - 1e-9:
                continue
            need = math.ceil(SUGGEST_CUTOFF / 200 * (size + length) - 1e-9)
            choices = _sharing(bucket, letters[length], counts, need)
            if not choices:
                continue
            for match in process.extract(word, choices, scorer=fuzz.ratio, limit=limit,
                                         score_cutoff=SUGGEST_CUTOFF):
                found.append((-match[1], match[0]))
        found.sort()
        return [spelling for _, spelling in found[:limit]]


MAX_DELETIONS = 2  # the largest typo budget (_deleted goes no further)


def _deleted(word: bytes, most: int) -> set[bytes]:
    """The word and every string made by deleting at most `most` (1 or 2) of its letters.

    Bytes, because the keys are checksums of bytes: words are ASCII (text.words), so a
    letter is a byte.
    """
    found = {word}
    singles = [word[:i] + word[i + 1:] for i in range(len(word))]
    found.update(singles)
    if most >= 2:  # deleting left to right reaches each pair of deletions once
        for i, single in enumerate(singles):
            found.update([single[:j] + single[j + 1:] for j in range(i, len(single))])
    return found


class DeletionIndex(NamedTuple):
    """Every deletion variant's key (its CRC-32) with the number of the word it came
    from, sorted by key, in buckets by the key's high bits: bucket b holds entries
    starts[b] to starts[b + 1], each with the key's remaining low bits and its word."""

    starts: Sequence[int]
    lows: Sequence[int]
    words: Sequence[int]


def deletion_index(spellings: list[str]) -> DeletionIndex:
    """Every deletion variant of every known spelling, found by its CRC-32 (stable from
    one process to the next, unlike hash(), which is salted per process).

    Collisions of the key only add candidates, which are checked anyway. A word of up
    to 4 letters is only ever compared with budget 1 (a longer query differs in length
    by more than its budget), so it needs single deletions only. Buckets hold about 8
    entries each, so a variant no known word has is ruled out by one short binary search,
    and an entry takes 4 bytes, not the 8 of a key and a word number.
    """
    entries: list[int] = []
    for number, spelling in enumerate(spellings):
        if len(spelling) > MAX_CORRECTED_LETTERS:
            continue
        most = 1 if len(spelling) <= 4 else MAX_DELETIONS
        entries.extend([key << 24 | number
                        for key in map(crc32, _deleted(spelling.encode(), most))])
    entries.sort()
    shift = _shift(len(entries))
    low_mask, word_mask = (1 << shift) - 1, (1 << 24) - 1
    starts = [bisect_left(entries, bucket << shift << 24)
              for bucket in range((1 << (32 - shift)) + 1)]
    return DeletionIndex(narrowest(starts), narrowest([e >> 24 & low_mask for e in entries]),
                         narrowest([e & word_mask for e in entries]))


def _shift(entries: int) -> int:
    """How many low bits of a key stay in its entry: about 8 entries to a bucket."""
    return 32 - max(1, entries.bit_length() - 3)


def _lookup(index: DeletionIndex, variants: Iterable[bytes]) -> set[int]:
    """Numbers of the words sharing a deletion variant's key with one of `variants`."""
    starts, lows, words = index
    numbers: set[int] = set()
    shift = 33 - (len(starts) - 1).bit_length()  # the buckets: 2 ** (32 - shift) of them
    low_mask = (1 << shift) - 1
    for variant in variants:
        key = crc32(variant)
        bucket = key >> shift
        start, end = starts[bucket], starts[bucket + 1]
        if start == end:
            continue
        low = key & low_mask
        at = bisect_left(lows, low, start, end)
        while at < end and lows[at] == low:
            numbers.add(words[at])
            at += 1
    return numbers


def letter_index(spellings: list[str]) -> LetterIndex:
    """For each word length, the letter-count bit sets of the words of that length."""
    by_length: dict[int, list[str]] = {}
    for spelling in spellings:
        by_length.setdefault(len(spelling), []).append(spelling)
    return {length: _letter_bits(bucket) for length, bucket in by_length.items()}


def _letter_bits(bucket: list[str]) -> dict[tuple[str, int], int]:
    """For each (letter, j): the bit set of the words holding that letter at least j times."""
    members: dict[tuple[str, int], list[int]] = {}
    for number, spelling in enumerate(bucket):
        for letter, count in Counter(spelling).items():
            for j in range(1, count + 1):
                members.setdefault((letter, j), []).append(number)
    bits = {}
    for key, numbers in members.items():
        field = bytearray(len(bucket) // 8 + 1)
        for number in numbers:
            field[number >> 3] |= 1 << (number & 7)
        bits[key] = int.from_bytes(field, "little")
    return bits


def _sharing(bucket: list[str], bits: dict[tuple[str, int], int], counts: Counter[str],
             need: int) -> list[str]:
    """The words of `bucket` sharing at least `need` letters with a word of these counts."""
    if need <= 0:
        return bucket
    planes: list[int] = []  # bit-sliced per-word tallies of shared letters, lowest bit first
    for letter, count in counts.items():
        for j in range(1, count + 1):
            carry = bits.get((letter, j), 0)
            level = 0
            while carry:
                if level == len(planes):
                    planes.append(carry)
                    break
                plane = planes[level]
                planes[level] = plane ^ carry
                carry = plane & carry
                level += 1
    if need.bit_length() > len(planes):
        return []
    above, equal = 0, (1 << len(bucket)) - 1  # tally > need so far, tally == need so far
    for level in reversed(range(len(planes))):
        plane = planes[level]
        if need >> level & 1:
            equal &= plane
        else:
            above |= equal & plane
            equal &= ~plane
    chosen = RowSet(bits=Bitmap(0, above | equal))
    return [bucket[number] for number in chosen.ascending()]
