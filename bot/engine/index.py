"""The index built once at load: filters and words resolve to sets of facts, never by scanning.

- every filter value (kind, date, person, side, place, organisation, topic) maps to the
  positions of the facts that have it;
- every stemmed word of a fact's text maps to {position: term frequency} for BM25;
- entity names, aliases and topic synonyms map, as stemmed phrases, to their entities;
- typo tolerance matches a query word against this vocabulary (rapidfuzz), not against facts.

Positions are indexes into `FactBase.facts`, which is already in display order
(newest first), so ties in score keep that order for free.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .factbase import FactBase
from .models import AnyFact
from .query import Filter, ParsedQuery
from .text import STOPWORDS, stem, stems, words

BM25_K1 = 1.2
BM25_B = 0.75
TYPO_CUTOFF = 80.0  # rapidfuzz ratio: one slip in a 5-letter word, two in a 10-letter one


def fact_text(fact: AnyFact, fact_base: FactBase) -> str:
    """All the words a fact can be found by: its summary, quotes, details and entity names."""
    parts = [fact.summary, *(q.text for q in fact.quotes)]
    for attribute in ("occasion", "venue", "document"):
        value = getattr(fact, attribute, None)
        if value:
            parts.append(value)
    parts.extend(fact_base.name("people", p) for p in fact.people)
    parts.extend(fact_base.name("topics", t) for t in fact_topics(fact))
    if fact.place:
        parts.append(fact_base.name("places", fact.place))
    return " ".join(parts)


def fact_topics(fact: AnyFact) -> tuple[str, ...]:
    """Topics a fact is about, counting the fields an agreement covers."""
    return (*fact.topics, *getattr(fact, "fields", ()))


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


@dataclass(frozen=True)
class Hit:
    position: int
    score: float


class FactIndex:
    """Inverted index over one FactBase; also the parser's Vocabulary."""

    def __init__(self, fact_base: FactBase):
        self.fact_base = fact_base
        self._filters: dict[tuple[str, str], set[int]] = defaultdict(set)
        self._postings: dict[str, dict[int, int]] = defaultdict(dict)
        self._phrases: dict[tuple[str, ...], list[tuple[str, str, str]]] = defaultdict(list)
        lengths = []
        surface: set[str] = set()
        for position, fact in enumerate(fact_base.facts):
            for key in filter_keys(fact, fact_base):
                self._filters[key].add(position)
            fact_words = words(fact_text(fact, fact_base))
            surface.update(fact_words)
            terms = [stem(w) for w in fact_words]
            lengths.append(len(terms))
            for term in terms:
                postings = self._postings[term]
                postings[position] = postings.get(position, 0) + 1
        average = sum(lengths) / len(lengths) if lengths else 1.0
        self._norm = [BM25_K1 * (1 - BM25_B + BM25_B * n / average) for n in lengths]
        self._count = len(lengths)
        for section in ("people", "countries", "places", "organisations", "topics"):
            for entity in fact_base.section(section).values():
                for name in entity.names:
                    surface.update(words(name))
                    key = tuple(stems(name))
                    if key and (section, entity.id, entity.name) not in self._phrases[key]:
                        self._phrases[key].append((section, entity.id, entity.name))
        self.longest_phrase = max((len(k) for k in self._phrases), default=1)
        known = {w for key in self._phrases for w in key} | set(self._postings)
        self._spellings = sorted(w for w in surface if stem(w) in known
                                 and w not in STOPWORDS and len(w) >= 3)

    # --- Vocabulary --------------------------------------------------------------------------

    def phrase(self, key: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
        return tuple(self._phrases.get(key, ()))

    def has_term(self, stem_: str) -> bool:
        return stem_ in self._postings

    def correct(self, word: str) -> str | None:
        match = process.extractOne(word, self._spellings, scorer=fuzz.ratio,
                                   score_cutoff=TYPO_CUTOFF)
        return match[0] if match else None

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Looser matches for 'did you mean', never used to answer."""
        found = process.extract(word, self._spellings, scorer=fuzz.WRatio, limit=limit,
                                score_cutoff=70)
        return [m[0] for m in found]

    # --- search -----------------------------------------------------------------------------

    def matching(self, condition: Filter) -> set[int]:
        if condition.field == "term":
            return set(self._postings.get(condition.values[0], ()))
        if condition.field == "foreign":
            return set()
        found: set[int] = set()
        for value in condition.values:
            if condition.field == "countries" and ("countries", value) not in self._filters:
                # A country that is nobody's side (Kazakhstan, the host) means "in" it.
                found |= self._filters.get(("location", value), set())
            else:
                found |= self._filters.get((condition.field, value), set())
        return found

    def candidates(self, query: ParsedQuery) -> set[int] | None:
        """Positions meeting every filter; None means 'all facts' (no filter at all)."""
        conditions = list(query.filters)
        if query.kind:
            conditions.append(Filter("kind", (query.kind,), query.kind))
        if not conditions:
            return None
        sets = sorted((self.matching(c) for c in conditions), key=len)
        result = set(sets[0])
        for other in sets[1:]:
            if not result:
                break
            result &= other
        return result

    def count(self, query: ParsedQuery) -> int:
        found = self.candidates(query)
        return self._count if found is None else len(found)

    def search(self, query: ParsedQuery, limit: int | None = None,
               chronological: bool = False) -> tuple[list[Hit], int]:
        """The best `limit` hits (all when None), ranked, and how many facts matched in all."""
        found = self.candidates(query)
        positions: Iterable[int] = range(self._count) if found is None else found
        total = self._count if found is None else len(found)
        if chronological:
            ordered = sorted(positions, key=lambda p: timeline_key(self.fact_base.facts[p]))
            chosen = ordered if limit is None else ordered[:limit]
            return [Hit(p, 0.0) for p in chosen], total
        scores = self.scores(query.rank_terms, positions)
        if limit is None:
            ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        else:
            ranked = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
        return [Hit(p, s) for p, s in ranked], total

    def scores(self, terms: Iterable[str], positions: Iterable[int]) -> dict[int, float]:
        """BM25 of `terms` for each position (0.0 where none occurs)."""
        scores = dict.fromkeys(positions, 0.0)
        for term in dict.fromkeys(terms):
            postings = self._postings.get(term)
            if not postings:
                continue
            idf = math.log(1 + (self._count - len(postings) + 0.5) / (len(postings) + 0.5))
            small, large = (postings, scores) if len(postings) < len(scores) else (scores, postings)
            for position in small:
                if position in large:
                    frequency = postings[position]
                    scores[position] += idf * frequency * (BM25_K1 + 1) / (
                        frequency + self._norm[position])
        return scores

