"""The index built once at load: filters and words resolve to sets of facts, never by scanning.

- every filter value (kind, date, person, side, place, organisation, topic) maps to the
  set of positions of the facts that have it (and the same positions in order);
- every stemmed word of a fact's text maps to {position: term frequency} for BM25, and
  to its positions ordered by BM25 contribution, so the best few hits of a broad query
  are found without scoring every match (the threshold algorithm, below);
- entity names, aliases and topic synonyms map, as stemmed phrases, to their entities;
- typo tolerance matches a query word against this vocabulary (rapidfuzz), not against
  facts, and only against the words whose length a typo could reach.

Positions are indexes into `FactBase.facts`, which is already in display order
(newest first), so ties in score keep that order for free, and a query that only
filters takes its first matches in position order without sorting anything.

Results are exactly those of scoring every matching fact and sorting by
(-score, position): each BM25 addend is computed by the same expression, added in
the same order, and the shortcuts only skip facts that provably cannot rank higher.
"""

from __future__ import annotations

import heapq
import math
import zlib
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Container, Iterable, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from .factbase import FactBase
from .models import AnyFact
from .query import Filter, ParsedQuery
from .speed import paused_gc
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


_DAY_ORDER = {"meeting": 0, "position": 1, "agreement": 2}


def timeline_key(fact: AnyFact) -> tuple[str, int, str]:
    """Oldest first; within a day, the meeting, then what was said, then what was signed."""
    return fact.date, _DAY_ORDER[fact.kind], fact.id


class Hit(NamedTuple):
    position: int
    score: float


_EMPTY: frozenset[int] = frozenset()
Members = Collection[int]  # a set of positions: set, frozenset, range or dict keys


class FactIndex:
    """Inverted index over one FactBase; also the parser's Vocabulary."""

    small_set = 4096  # a candidate set this small is simply sorted, never walked

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
        # Lists in position order (display order) and sets for intersecting.
        self._ordered = ordered
        self._filters: dict[tuple[str, str], frozenset[int]] = {
            key: frozenset(value) for key, value in ordered.items()}
        self._postings = postings
        average = sum(lengths) / len(lengths) if lengths else 1.0
        self._norm = [BM25_K1 * (1 - BM25_B + BM25_B * n / average) for n in lengths]
        self._idf = {term: self._term_idf(len(found)) for term, found in postings.items()}
        self._by_weight: dict[str, array[int]] = {}  # built on first use, per term
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
        self.longest_phrase = max((len(k) for k in self._phrases), default=1)
        self._phrase_words = {w for key in self._phrases for w in key}
        known = self._phrase_words | set(self._postings)
        self._spellings = sorted(w for w in surface if stem_of[w] in known
                                 and w not in STOPWORDS and len(w) >= 3)
        self._by_length: dict[int, list[str]] = {}
        for spelling in self._spellings:  # alphabetical within each length, as in the whole
            self._by_length.setdefault(len(spelling), []).append(spelling)
        self._deletions: array[int] | None = None  # built on first use, or by prepare()
        self._letters: dict[int, dict[tuple[str, int], int]] | None = None  # the same

    def prepare(self) -> FactIndex:
        """Build now what is otherwise built on first use (before a snapshot is stored)."""
        self._typo_index()
        self._letter_index()
        with paused_gc():
            for term, postings in self._postings.items():
                if len(postings) > 512:  # the walks that would make a first query slow
                    self._by_weight_of(term)
        return self

    def _typo_index(self) -> array[int]:
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
        so the same word wins.
        """
        budget = typo_budget(word)
        size = len(word)
        spellings = self._spellings
        found = {spellings[i] for i in _lookup(self._typo_index(), _deleted(word, budget))}
        candidates = sorted(c for c in found if abs(len(c) - size) <= budget)
        match = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=budget)
        return match[0] if match else None

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

    def _matching(self, condition: Filter) -> tuple[Members, Sequence[int] | dict[int, int] | None]:
        """Positions meeting one condition, and the same in position order when at hand.

        Both may be the index's own: they are never to be changed.
        """
        if condition.field == "term":
            postings = self._postings.get(condition.values[0], {})
            return postings.keys(), postings  # postings are filled in position order
        if condition.field == "foreign":
            return _EMPTY, ()
        keys = []
        for value in condition.values:
            if condition.field == "countries" and ("countries", value) not in self._filters:
                # A country that is nobody's side (Kazakhstan, the host) means "in" it.
                keys.append(("location", value))
            else:
                keys.append((condition.field, value))
        if len(keys) == 1:
            return self._filters.get(keys[0], _EMPTY), self._ordered.get(keys[0], ())
        found: set[int] = set()
        for key in keys:
            found |= self._filters.get(key, _EMPTY)
        return found, None

    def matching(self, condition: Filter) -> set[int]:
        return set(self._matching(condition)[0])

    def _candidates(self, query: ParsedQuery) -> tuple[Members | None,
                                                       Sequence[int] | dict[int, int] | None]:
        """(positions meeting every filter, or None for all facts; an ordered superset of them
        in position order, or None when there is none at hand)."""
        conditions = list(query.filters)
        if query.kind:
            conditions.append(Filter("kind", (query.kind,), query.kind))
        if not conditions:
            return None, None
        sets = sorted((self._matching(c) for c in conditions), key=lambda m: len(m[0]))
        found, walk = sets[0]
        if len(sets) == 1:
            return found, walk
        result = set(found)
        for other, _ in sets[1:]:
            if not result:
                break
            if isinstance(other, set | frozenset):
                result &= other  # C: walks the smaller of the two
            else:  # postings' keys: intersection_update would walk all of them
                result = {p for p in result if p in other}
        return result, walk

    def candidates(self, query: ParsedQuery) -> set[int] | None:
        """Positions meeting every filter; None means 'all facts' (no filter at all)."""
        found, _ = self._candidates(query)
        return None if found is None else set(found)

    def count(self, query: ParsedQuery) -> int:
        found, _ = self._candidates(query)
        return self._count if found is None else len(found)

    # --- search -----------------------------------------------------------------------------

    def search(self, query: ParsedQuery, limit: int | None = None,
               chronological: bool = False) -> tuple[list[Hit], int]:
        """The best `limit` hits (all when None), ranked, and how many facts matched in all."""
        found, walk = self._candidates(query)
        total = self._count if found is None else len(found)
        if limit is not None and limit <= 0:
            return [], total
        if chronological:
            return [Hit(p, 0.0) for p in self._in_timeline(found, walk, limit)], total
        terms = [t for t in dict.fromkeys(query.rank_terms) if t in self._postings]
        if not terms:
            return [Hit(p, 0.0) for p in self._first(found, walk, limit)], total
        if limit is None:
            return self._rank_all(terms, found), total
        return self._rank_top(terms, found, walk, limit), total

    def _first(self, found: Members | None, walk: Sequence[int] | dict[int, int] | None,
               limit: int | None, exclude: Container[int] = _EMPTY) -> list[int]:
        """The first `limit` positions of `found` (all facts when None) not in `exclude`."""
        if found is None:
            found, walk = range(self._count), range(self._count)
        if limit is None or walk is None or len(found) <= self.small_set:
            ordered = sorted(p for p in found if p not in exclude)
            return ordered if limit is None else ordered[:limit]
        # A large set: walk its superset in position order; members come about every
        # len(walk) / len(found) steps, and `exclude` holds fewer than `limit` of them.
        chosen = []
        for position in walk:
            if position in found and position not in exclude:
                chosen.append(position)
                if len(chosen) == limit:
                    break
        return chosen

    def _in_timeline(self, found: Members | None, walk: Sequence[int] | dict[int, int] | None,
                     limit: int | None) -> list[int]:
        """Oldest first. Position order is newest date first, so walking positions backwards
        meets dates oldest first; only the order within one date differs, so the walk goes
        on to the end of the date of the last one needed, then sorts what it took."""
        facts = self.fact_base.facts
        if found is None:
            found, walk = range(self._count), range(self._count)
        if (limit is not None and walk is not None and len(found) > self.small_set
                and self._dates_descending):
            taken: list[int] = []
            for position in reversed(walk):
                if position in found:
                    if len(taken) >= limit and facts[position].date != facts[taken[-1]].date:
                        break
                    taken.append(position)
            return sorted(taken, key=lambda p: timeline_key(facts[p]))[:limit]
        ordered = sorted(found, key=lambda p: timeline_key(facts[p]))
        return ordered if limit is None else ordered[:limit]

    def _addend(self, term: str, position: int, frequency: int) -> float:
        """One term's BM25 addend, by the one expression every path uses."""
        return self._idf[term] * frequency * (BM25_K1 + 1) / (frequency + self._norm[position])

    def _score(self, terms: list[str], position: int) -> float:
        score = 0.0
        for term in terms:
            frequency = self._postings[term].get(position)
            if frequency:
                score += self._idf[term] * frequency * (BM25_K1 + 1) / (
                    frequency + self._norm[position])
        return score

    def _scored(self, terms: list[str], found: Members | None) -> dict[int, float]:
        """Positive scores of the found positions (all facts when None), in term order."""
        scores: dict[int, float] = {}
        norm = self._norm
        k1 = BM25_K1 + 1
        for term in terms:
            postings = self._postings[term]
            idf = self._idf[term]
            get = scores.get
            if found is None or len(postings) <= len(found):
                for position, frequency in postings.items():
                    if found is None or position in found:
                        scores[position] = get(position, 0.0) + idf * frequency * k1 / (
                            frequency + norm[position])
            else:
                for position in found:
                    occurrences = postings.get(position)
                    if occurrences:
                        scores[position] = get(position, 0.0) + idf * occurrences * k1 / (
                            occurrences + norm[position])
        return scores

    def _rank_all(self, terms: list[str], found: Members | None) -> list[Hit]:
        scores = self._scored(terms, found)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        hits = [Hit(p, s) for p, s in ranked]
        hits.extend(Hit(p, 0.0) for p in self._first(found, None, None, exclude=scores))
        return hits

    def _rank_top(self, terms: list[str], found: Members | None,
                  walk: Sequence[int] | dict[int, int] | None, limit: int) -> list[Hit]:
        reach = sum(len(self._postings[t]) for t in terms)
        if found is not None and len(found) * len(terms) * 4 <= reach:
            scores = self._scored(terms, found)  # few candidates: score each of them
        else:
            scores = self._threshold(terms, found, limit)
        best = _top(scores, limit)
        hits = [Hit(p, s) for p, s in best]
        if len(hits) < limit:  # then every positive score is in: pad with zero scores
            hits.extend(Hit(p, 0.0) for p in self._first(found, walk, limit - len(hits),
                                                          exclude=scores))
        return hits

    def _by_weight_of(self, term: str) -> array[int]:
        """A term's positions, highest BM25 addend first (ties: position order)."""
        order = self._by_weight.get(term)
        if order is None:
            postings = self._postings[term]
            order = array("I", sorted(postings, key=lambda p: (-self._addend(term, p,
                                                                           postings[p]), p)))
            self._by_weight[term] = order  # an array: compact, and quick to pickle
        return order

    def _threshold(self, terms: list[str], found: Members | None,
                   limit: int) -> dict[int, float]:
        """Fagin's threshold algorithm: enough scores to hold the true top `limit`.

        Walk every term's positions from its highest addend down, scoring each new
        candidate fully. A position not yet seen scores at most the sum of the addends at
        the current depth; once `limit` seen positions score strictly more, no unseen one
        can enter the top (nor tie with it). Exhausted lists mean every positive score
        has been seen.
        """
        orders = [self._by_weight_of(t) for t in terms]
        postings = [self._postings[t] for t in terms]
        scores: dict[int, float] = {}
        heap: list[float] = []  # the best `limit` scores seen, smallest on top
        depth = 0
        longest = max(len(o) for o in orders)
        while depth < longest:
            bound = 0.0
            for term, order, posting in zip(terms, orders, postings, strict=True):
                if depth >= len(order):
                    continue
                position = order[depth]
                bound += self._addend(term, position, posting[position])
                if position in scores or (found is not None and position not in found):
                    continue
                score = self._score(terms, position)
                scores[position] = score
                if len(heap) < limit:
                    heapq.heappush(heap, score)
                elif score > heap[0]:
                    heapq.heapreplace(heap, score)
            depth += 1
            if len(heap) == limit and heap[0] > bound:
                return scores
        return scores

    def scores(self, terms: Iterable[str], positions: Iterable[int]) -> dict[int, float]:
        """BM25 of `terms` for each position (0.0 where none occurs)."""
        result = dict.fromkeys(positions, 0.0)
        known = [t for t in dict.fromkeys(terms) if t in self._postings]
        result.update(self._scored(known, result))
        return result


MAX_DELETIONS = 2  # the largest typo budget


def _deleted(word: str, most: int) -> set[str]:
    """The word and every string made by deleting at most `most` of its letters."""
    found = {word}
    layer = {word}
    for _ in range(most):
        layer = {w[:i] + w[i + 1:] for w in layer for i in range(len(w))}
        found |= layer
    return found


def _key(text: str) -> int:
    """A stable 32-bit key (Python's str hash changes per process; snapshots are pickled)."""
    return zlib.crc32(text.encode())


def _deletion_index(spellings: list[str]) -> array[int]:
    """Sorted (key of a deletion variant << 24 | word number), for every known spelling.

    Collisions of the 32-bit key only add candidates, which are checked anyway. A word
    of up to 4 letters is only ever compared with budget 1 (a longer query differs in
    length by more than its budget), so it needs single deletions only.
    """
    entries: list[int] = []
    for number, spelling in enumerate(spellings):
        most = 1 if len(spelling) <= 4 else MAX_DELETIONS
        entries.extend(_key(v) << 24 | number for v in _deleted(spelling, most))
    entries.sort()
    return array("Q", entries)


def _lookup(index: array[int], variants: Iterable[str]) -> set[int]:
    """Numbers of the words sharing a deletion variant's key with one of `variants`."""
    numbers: set[int] = set()
    mask = (1 << 24) - 1
    end = len(index)
    for variant in variants:
        key = _key(variant)
        at = bisect_left(index, key << 24)
        while at < end and index[at] >> 24 == key:
            numbers.add(index[at] & mask)
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
    chosen = above | equal
    flags = bin(chosen)[:1:-1]  # lowest bit first
    found = []
    at = flags.find("1")
    while at >= 0:
        found.append(bucket[at])
        at = flags.find("1", at + 1)
    return found


def _top(scores: dict[int, float], limit: int) -> list[tuple[int, float]]:
    """The `limit` best (position, score) by (-score, position)."""
    if len(scores) <= limit:
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    floor = heapq.nlargest(limit, scores.values())[-1]
    contenders = [(p, s) for p, s in scores.items() if s >= floor]
    contenders.sort(key=lambda item: (-item[1], item[0]))
    return contenders[:limit]
