"""The index built once at load: filters and words resolve to sets of facts, never by scanning.

- every filter value (kind, date, person, side, place, organisation, topic) maps to the
  set of positions of the facts that have it, and a large one also to a bitmap
  (bot/engine/rows.py) that intersects and counts in C;
- every stemmed word of a fact's text maps to {position: term frequency} for BM25, and
  to its positions ordered by BM25 contribution, so the best few hits of a broad query
  are found without scoring every match (the threshold algorithm, below);
- entity names, aliases and topic synonyms map, as stemmed phrases, to their entities;
- typo tolerance matches a query word against this vocabulary (rapidfuzz), not against
  facts, and only against the words whose length a typo could reach.

RowSet are indexes into `FactBase.facts`, which is already in display order
(newest first), so ties in score keep that order for free, and a query that only
filters takes its first matches in position order without sorting anything.

Results are exactly those of scoring every matching fact and sorting by
(-score, position): each BM25 addend is computed by the same expression, added in
the same order, and the shortcuts only skip facts that provably cannot rank higher.
"""

from __future__ import annotations

import heapq
import math
import operator
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterable
from functools import reduce
from typing import NamedTuple
from zlib import crc32

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from .factbase import FactBase
from .gc_tuning import paused_gc
from .kinds import KIND_BY_NAME
from .models import AnyFact
from .query import Filter, ParsedQuery
from .rows import Bitmap, Members, RowSet, bitmap, intersection
from .text import STOPWORDS, stem, stems, words

BM25_K1 = 1.2
BM25_B = 0.75
SUGGEST_CUTOFF = 75.0  # rapidfuzz ratio for "did you mean" (suggested, never answered)


def typo_budget(word: str) -> int:
    """How many slips a word of this length may carry and still be read as a known word."""
    return 1 if len(word) <= 6 else 2


def fact_text(fact: AnyFact, fact_base: FactBase) -> str:
    """All the words a fact can be found by: its summary, quotes, details and entity names."""
    parts = [fact.summary, *(q.text for q in fact.quotes)]
    fields = vars(fact)  # the model's own fields: no slow lookups of absent attributes
    for attribute in ("occasion", "venue", "document"):
        value = fields.get(attribute)
        if value:
            parts.append(value)
    parts.extend(fact_base.name("people", p) for p in fact.people)
    parts.extend(fact_base.name("topics", t) for t in fact_topics(fact))
    if fact.place:
        parts.append(fact_base.name("places", fact.place))
    return " ".join(parts)


class _Stems(dict[str, str]):
    """A memo of `stem` for one build (the shared lru_cache is smaller than big vocabularies)."""

    def __missing__(self, word: str) -> str:
        self[word] = found = stem(word)
        return found


def fact_topics(fact: AnyFact) -> tuple[str, ...]:
    """Topics a fact is about, counting the fields an agreement covers."""
    return (*fact.topics, *vars(fact).get("fields", ()))


def filter_keys(fact: AnyFact, fact_base: FactBase) -> Iterable[tuple[str, str]]:
    """Every (field, value) a filter can ask of this fact."""
    yield "kind", fact.kind
    yield "date", fact.date[:4]
    if len(fact.date) >= 7:
        yield "date", fact.date[:7]
        yield "date", f"--{fact.date[5:7]}"
    for person in fact.people:
        yield "people", person
    for country in fact_base.sides(fact):
        yield "countries", country
    for place in fact_base.location(fact):
        yield "location", place
    for organisation in fact.organisations:
        yield "organisations", organisation
    for topic in fact_topics(fact):
        yield "topics", topic


def timeline_key(fact: AnyFact) -> tuple[str, int, str]:
    """Oldest first; within a day, the meeting, then what was said, then what was signed."""
    return fact.date, KIND_BY_NAME[fact.kind].day_order, fact.id


class Hit(NamedTuple):
    row: int
    score: float


_EMPTY: frozenset[int] = frozenset()


class FactIndex:
    """Inverted index over one FactBase; also the parser's Vocabulary."""

    # A filter holding at least this many facts (and this share of them) is also kept as
    # a bitmap: below that, looking its members up in a set costs less than one pass
    # over a bitmap as long as the fact base (about 1 in 400 facts, measured).
    bitmap_from = 64
    bitmap_share = 400
    steps_per_score = 4  # walk steps costing as much as scoring one found fact for one term

    def __init__(self, fact_base: FactBase):
        with paused_gc():
            self._build(fact_base)

    def _build(self, fact_base: FactBase) -> None:
        self.fact_base = fact_base
        facts = fact_base.facts
        self._count = len(facts)
        ordered: dict[tuple[str, str], list[int]] = {}
        postings: dict[str, dict[int, int]] = {}
        lengths: list[int] = []
        stem_of = _Stems()
        for position, fact in enumerate(facts):
            for key in filter_keys(fact, fact_base):
                found = ordered.get(key)
                if found is None:
                    ordered[key] = [position]
                elif found[-1] != position:
                    found.append(position)
            fact_words = words(fact_text(fact, fact_base))
            lengths.append(len(fact_words))
            for term, frequency in Counter(map(stem_of.__getitem__, fact_words)).items():
                found_postings = postings.get(term)
                if found_postings is None:
                    postings[term] = {position: frequency}
                else:
                    found_postings[position] = frequency
        self._filters: dict[tuple[str, str], frozenset[int]] = {
            key: frozenset(value) for key, value in ordered.items()}
        self._bitmaps: dict[tuple[str, str], Bitmap] = {}  # built on first use, or by prepare()
        self._bitmap_from = max(self.bitmap_from, self._count // self.bitmap_share)
        self._all = RowSet(range(self._count))
        self._postings = postings
        average = sum(lengths) / len(lengths) if lengths else 1.0
        self._norm = [BM25_K1 * (1 - BM25_B + BM25_B * n / average) for n in lengths]
        self._idf = {term: self._term_idf(len(found)) for term, found in postings.items()}
        self._by_weight: dict[str, tuple[array[int], array[float]]] = {}  # on first use
        # Display order is newest date first; the timeline's shortcut relies on it.
        self._dates_descending = all(facts[i].date >= facts[i + 1].date
                                     for i in range(len(facts) - 1))
        surface = set(stem_of)
        self._phrases: dict[tuple[str, ...], list[tuple[str, str, str]]] = {}
        for section in ("people", "countries", "places", "organisations", "topics"):
            for entity in fact_base.section(section).values():
                for name in entity.names:
                    surface.update(words(name))
                    phrase = tuple(stems(name))
                    entries = self._phrases.setdefault(phrase, []) if phrase else None
                    if entries is not None and (section, entity.id, entity.name) not in entries:
                        entries.append((section, entity.id, entity.name))
        self._longest_from: dict[str, int] = {}
        for words_of_name in self._phrases:
            first = words_of_name[0]
            self._longest_from[first] = max(self._longest_from.get(first, 0), len(words_of_name))
        self._phrase_words = {w for key in self._phrases for w in key}
        known = self._phrase_words | set(self._postings)
        self._spellings = sorted(w for w in surface if stem_of[w] in known
                                 and w not in STOPWORDS and len(w) >= 3)
        self._by_length: dict[int, list[str]] = {}
        for spelling in self._spellings:  # alphabetical within each length, as in the whole
            self._by_length.setdefault(len(spelling), []).append(spelling)
        self._deletions: DeletionIndex | None = None  # built on first use, or by prepare()
        self._letters: dict[int, dict[tuple[str, int], int]] | None = None  # the same

    def prepare(self) -> FactIndex:
        """Build now what is otherwise built on first use (before a snapshot is stored)."""
        self._typo_index()
        self._letter_index()
        with paused_gc():
            for term, postings in self._postings.items():
                if len(postings) > 512:  # the walks that would make a first query slow
                    self._by_weight_of(term)
                self._bitmap(("term", term), postings.keys())
            for key, members in self._filters.items():
                self._bitmap(key, members)
        return self

    def _typo_index(self) -> DeletionIndex:
        if self._deletions is None:
            with paused_gc():
                self._deletions = _deletion_index(self._spellings)
        return self._deletions

    def _letter_index(self) -> dict[int, dict[tuple[str, int], int]]:
        if self._letters is None:
            with paused_gc():
                self._letters = {length: _letter_bits(bucket)
                                 for length, bucket in self._by_length.items()}
        return self._letters

    def _term_idf(self, having: int) -> float:
        return math.log(1 + (self._count - having + 0.5) / (having + 0.5))

    # --- Vocabulary --------------------------------------------------------------------------

    def phrase(self, key: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
        return tuple(self._phrases.get(key, ()))

    def longest_phrase_from(self, first: str) -> int:
        return self._longest_from.get(first, 0)

    def has_term(self, stem_: str) -> bool:
        return stem_ in self._postings

    def knows(self, stem_: str) -> bool:
        return stem_ in self._postings or stem_ in self._phrase_words

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
        if size - typo_budget(word) > max(self._by_length, default=0):
            return None  # longer than any known word can be made by slips
        spellings = self._spellings
        encoded = word.encode()
        looked_up: set[bytes] = set()
        numbers: set[int] = set()
        for slips in range(1, typo_budget(word) + 1):
            variants = _deleted(encoded, slips) - looked_up
            looked_up |= variants
            numbers |= _lookup(self._typo_index(), variants)
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
        letters = self._letter_index()
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

    # --- filters ----------------------------------------------------------------------------

    def _bitmap(self, key: tuple[str, str], members: Members) -> Bitmap | None:
        """The bitmap of a filter or a word's facts, if it has enough of them to pay off."""
        if len(members) < self._bitmap_from:
            return None
        bits = self._bitmaps.get(key)
        if bits is None:
            bits = self._bitmaps[key] = bitmap(members)
        return bits

    def _row_set(self, key: tuple[str, str], members: Members) -> RowSet:
        return RowSet(members, self._bitmap(key, members), len(members))

    def _matching(self, condition: Filter) -> RowSet:
        """RowSet meeting one condition; its members are the index's own, never changed."""
        if condition.field == "term":
            term = condition.values[0]
            return self._row_set(("term", term), self._postings.get(term, {}).keys())
        if condition.field == "foreign":
            return RowSet(_EMPTY)
        keys = []
        for value in condition.values:
            if condition.field == "countries" and ("countries", value) not in self._filters:
                # A country that is nobody's side (Kazakhstan, the host) means "in" it.
                keys.append(("location", value))
            else:
                keys.append((condition.field, value))
        parts = [self._row_set(key, self._filters.get(key, _EMPTY)) for key in keys]
        if len(parts) == 1:
            return parts[0]
        bitmaps = [part.bits for part in parts if part.bits is not None]
        if len(bitmaps) == len(parts):
            return RowSet(bits=reduce(operator.or_, bitmaps))
        found: set[int] = set()
        for key in keys:
            found |= self._filters.get(key, _EMPTY)
        return RowSet(found)

    def _candidates(self, query: ParsedQuery) -> RowSet | None:
        """RowSet meeting every filter, or None for all facts (no filter at all)."""
        conditions = list(query.filters)
        if query.kind:
            conditions.append(Filter("kind", (query.kind,), query.kind))
        if not conditions:
            return None
        sets = sorted((self._matching(c) for c in conditions), key=len)
        smallest = sets[0]
        if len(sets) == 1:
            return smallest
        bitmaps = [s.bits for s in sets if s.bits is not None]
        if len(smallest) >= self._bitmap_from and len(bitmaps) == len(sets):
            return RowSet(bits=reduce(operator.and_, bitmaps), parts=sets)
        members = smallest.ascending() if smallest.members is None else smallest.members
        return RowSet(intersection(members, sets[1:]))

    def count(self, query: ParsedQuery) -> int:
        found = self._candidates(query)
        return self._count if found is None else len(found)

    # --- search -----------------------------------------------------------------------------

    def search(self, query: ParsedQuery, limit: int | None = None,
               chronological: bool = False) -> tuple[list[Hit], int]:
        """The best `limit` hits (all when None), ranked, and how many facts matched in all."""
        found = self._candidates(query)
        total = self._count if found is None else len(found)
        if limit is not None and limit <= 0:
            return [], total
        if chronological:
            return [Hit(p, 0.0) for p in self._in_timeline(found, limit)], total
        terms = [t for t in dict.fromkeys(query.rank_terms) if t in self._postings]
        if not terms:
            return [Hit(p, 0.0) for p in self._first(found, limit)], total
        if limit is None:
            return self._rank_all(terms, found), total
        return self._rank_top(terms, found, limit), total

    def _first(self, found: RowSet | None, limit: int | None,
               exclude: Collection[int] = _EMPTY) -> list[int]:
        """The first `limit` positions of `found` (all facts when None) not in `exclude`,
        which holds fewer than `limit` of them when `limit` is given."""
        found = self._all if found is None else found
        if limit is None:
            return [p for p in found.ascending() if p not in exclude]
        head = found.ascending(limit + len(exclude))
        return [p for p in head if p not in exclude][:limit]

    def _in_timeline(self, found: RowSet | None, limit: int | None) -> list[int]:
        """Oldest first. Position order is newest date first, so walking positions backwards
        meets dates oldest first; only the order within one date differs, so the walk goes
        on to the end of the date of the last one needed, then sorts what it took."""
        facts = self.fact_base.facts
        found = self._all if found is None else found
        if limit is not None and self._dates_descending:
            taken: list[int] = []
            for position in found.descending():
                if len(taken) >= limit and facts[position].date != facts[taken[-1]].date:
                    break
                taken.append(position)
            return sorted(taken, key=lambda p: timeline_key(facts[p]))[:limit]
        ordered = sorted(found.ascending(), key=lambda p: timeline_key(facts[p]))
        return ordered if limit is None else ordered[:limit]

    def _addend(self, term: str, position: int, frequency: int) -> float:
        """One term's BM25 addend, by the one expression every path uses."""
        return self._idf[term] * frequency * (BM25_K1 + 1) / (frequency + self._norm[position])

    def _scored(self, terms: list[str], found: RowSet | None) -> dict[int, float]:
        """Positive scores of the found positions (all facts when None), in term order."""
        norm = self._norm
        k1 = BM25_K1 + 1
        if len(terms) == 1:  # the sum is its one addend: no running totals to look up
            postings, idf = self._postings[terms[0]], self._idf[terms[0]]
            return {position: idf * postings[position] * k1 / (postings[position] + norm[position])
                    for position in self._occurrences(terms[0], found)}
        scores: dict[int, float] = {}
        for term in terms:
            postings = self._postings[term]
            idf = self._idf[term]
            get = scores.get
            for position in self._occurrences(term, found):
                frequency = postings[position]
                scores[position] = get(position, 0.0) + idf * frequency * k1 / (
                    frequency + norm[position])
        return scores

    def _occurrences(self, term: str, found: RowSet | None) -> Iterable[int]:
        """The positions of `found` (all facts when None) whose text has `term`."""
        postings = self._postings[term]
        if found is None:
            return postings.keys()
        members = found.members_if_cheap()
        if members is None:  # a bitmap only: intersect it with the term's, if it has one
            term_bits = self._bitmap(("term", term), postings.keys())
            if term_bits is not None and found.bits is not None:
                return RowSet(bits=found.bits & term_bits).ascending()
            return [p for p in postings if p in found]
        if len(postings) <= len(members):
            return [p for p in postings if p in members]
        return [p for p in members if p in postings]

    def _rank_all(self, terms: list[str], found: RowSet | None) -> list[Hit]:
        scores = self._scored(terms, found)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        hits = [Hit(p, s) for p, s in ranked]
        hits.extend(Hit(p, 0.0) for p in self._first(found, None, exclude=scores))
        return hits

    def _rank_top(self, terms: list[str], found: RowSet | None, limit: int) -> list[Hit]:
        walked = None
        if found is None:
            walked = self._threshold(terms, None, limit)  # never gives up
        else:
            # Scoring every one found takes a lookup per term; walking the terms' positions
            # meets one of the found about every reach / len(found) steps, if they are
            # spread evenly. They may not be: a walk gives up once it has cost more.
            scoring = sum(min(len(found), len(self._postings[t])) for t in terms)
            reach = sum(len(self._postings[t]) for t in terms)
            steps = self.steps_per_score * scoring
            if limit * reach < steps * len(found):
                walked = self._threshold(terms, found, limit, give_up=steps)
        scores = walked if walked is not None else self._scored(terms, found)
        best = _top(scores, limit)
        hits = [Hit(p, s) for p, s in best]
        if len(hits) < limit:  # then every positive score is in: pad with zero scores
            hits.extend(Hit(p, 0.0) for p in self._first(found, limit - len(hits),
                                                          exclude=scores))
        return hits

    def _by_weight_of(self, term: str) -> tuple[array[int], array[float]]:
        """A term's positions, highest BM25 addend first (ties: position order), and
        those addends."""
        walk = self._by_weight.get(term)
        if walk is None:
            postings = self._postings[term]
            ranked = sorted((-self._addend(term, p, f), p) for p, f in postings.items())
            # arrays: compact, and quick to pickle
            walk = array("I", [p for _, p in ranked]), array("d", [-a for a, _ in ranked])
            self._by_weight[term] = walk
        return walk

    def _threshold(self, terms: list[str], found: RowSet | None, limit: int,
                   give_up: int | None = None) -> dict[int, float] | None:
        """Fagin's threshold algorithm: enough scores to hold the true top `limit`.

        Walk every term's positions from its highest addend down, scoring each new
        candidate fully. A position not yet seen scores at most the sum of the addends at
        the current depth; once `limit` seen positions score strictly more, no unseen one
        can enter the top (nor tie with it). Exhausted lists mean every positive score
        has been seen. None when the walk would take more than `give_up` steps.
        """
        inside = _container(found)
        offset, flags = found.flags() if found is not None and inside is found else (0, None)
        span = len(flags or ()) * 8
        walks = [self._by_weight_of(t) for t in terms]
        scores: dict[int, float] = {}
        if len(walks) == 1:  # one term: a fact's score is its addend, met in falling order
            order, addends = walks[0]
            kth = -1.0  # the `limit`-th score, once that many are in
            for depth in range(len(order)):
                addend = addends[depth]
                if addend < kth:
                    break
                if give_up is not None and depth > give_up:
                    return None
                position = order[depth]
                if flags is not None:  # a bitmap: tested inline, no call per position
                    at = position - offset
                    if not (0 <= at < span and flags[at >> 3] >> (at & 7) & 1):
                        continue
                elif inside is not None and position not in inside:
                    continue
                scores[position] = addend
                if len(scores) == limit:
                    kth = addend
            return scores
        weighted = [(self._postings[t], self._idf[t]) for t in terms]
        sized = [(order, addends, len(order)) for order, addends in walks]
        norm = self._norm
        k1 = BM25_K1 + 1
        heap: list[float] = []  # the best `limit` scores seen, smallest on top
        full = False
        depth = 0
        longest = max(size for _, _, size in sized)
        while depth < longest:
            bound = 0.0
            for order, addends, size in sized:
                if depth >= size:
                    continue
                position = order[depth]
                bound += addends[depth]
                if position in scores:
                    continue
                if flags is not None:
                    at = position - offset
                    if not (0 <= at < span and flags[at >> 3] >> (at & 7) & 1):
                        continue
                elif inside is not None and position not in inside:
                    continue
                score = 0.0
                for postings, idf in weighted:  # the same expression as _addend, inlined
                    frequency = postings.get(position)
                    if frequency:
                        score += idf * frequency * k1 / (frequency + norm[position])
                scores[position] = score
                if not full:
                    heapq.heappush(heap, score)
                    full = len(heap) == limit
                elif score > heap[0]:
                    heapq.heapreplace(heap, score)
            depth += 1
            if full and heap[0] > bound:
                return scores
            if give_up is not None and depth * len(sized) > give_up:
                return None
        return scores


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
    entries: array[int]  # sorted (key of a deletion variant << 24 | word number)
    seen: bytes  # a Bloom filter of those keys (one hash: the key's low bits)


def _deletion_index(spellings: list[str]) -> DeletionIndex:
    """Every deletion variant of every known spelling, found by its CRC-32 (stable from
    one process to the next, unlike hash(): snapshots are pickled).

    Collisions of the key only add candidates, which are checked anyway. A word of up
    to 4 letters is only ever compared with budget 1 (a longer query differs in length
    by more than its budget), so it needs single deletions only. Most variants of a
    typo are no known word's; the Bloom filter (about 3% false positives) rules those
    out without a binary search.
    """
    entries: list[int] = []
    for number, spelling in enumerate(spellings):
        most = 1 if len(spelling) <= 4 else MAX_DELETIONS
        entries.extend(crc32(v) << 24 | number for v in _deleted(spelling.encode(), most))
    entries.sort()
    size = 1 << max(13, (len(entries) * 32).bit_length())  # bits, a power of two
    seen = bytearray(size >> 3)
    mask = size - 1
    for entry in entries:
        bit = entry >> 24 & mask
        seen[bit >> 3] |= 1 << (bit & 7)
    return DeletionIndex(array("Q", entries), bytes(seen))


def _lookup(index: DeletionIndex, variants: Iterable[bytes]) -> set[int]:
    """Numbers of the words sharing a deletion variant's key with one of `variants`."""
    entries, seen = index
    numbers: set[int] = set()
    word_mask = (1 << 24) - 1
    bloom_mask = len(seen) * 8 - 1
    end = len(entries)
    for variant in variants:
        key = crc32(variant)
        bit = key & bloom_mask
        if not seen[bit >> 3] >> (bit & 7) & 1:
            continue
        at = bisect_left(entries, key << 24)
        while at < end and entries[at] >> 24 == key:
            numbers.add(entries[at] & word_mask)
            at += 1
    return numbers


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


def _container(found: RowSet | None) -> Collection[int] | None:
    """The quickest membership test at hand for `found` (None: every fact)."""
    if found is None:
        return None
    return found if found.members is None else found.members


def _top(scores: dict[int, float], limit: int) -> list[tuple[int, float]]:
    """The `limit` best (position, score) by (-score, position)."""
    if len(scores) <= 8 * limit:  # few: sorting them all is quicker than a heap
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    floor = heapq.nlargest(limit, scores.values())[-1]
    contenders = [(p, s) for p, s in scores.items() if s >= floor]
    contenders.sort(key=lambda item: (-item[1], item[0]))
    return contenders[:limit]
