"""A deliberately simple retriever: scan every fact for every query, no index at all.

It plugs into `Engine(fact_base, ReferenceRetriever(fact_base))` so whole
Answers from the real index and from this scan can be compared. It shares nothing
with `bot.engine.index` except the word splitting and stemming in `bot.engine.text`,
which define what a word is for queries and facts alike. Everything else (which
words a fact has, what each filter means, BM25, the vocabulary for typos) is
written out again here, as plainly as possible, and evaluated fact by fact.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from functools import cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.engine.factbase import FactBase
from bot.engine.models import AnyFact
from bot.engine.query import Filter, ParsedQuery, without_each
from bot.engine.text import STOPWORDS, stem, words

K1 = 1.2
B = 0.75
SECTIONS = ("people", "countries", "places", "organisations", "events", "topics")


def _name(fact_base: FactBase, section: str, entity_id: str) -> str:
    entity = getattr(fact_base, section).get(entity_id)
    return entity.name if entity is not None else entity_id


def _topics(fact: AnyFact) -> list[str]:
    return [*fact.topics, *getattr(fact, "fields", ())]


def _text(fact: AnyFact, fact_base: FactBase) -> str:
    parts = [fact.summary] + [quote.text for quote in fact.quotes]
    for attribute in ("occasion", "venue", "document"):
        if getattr(fact, attribute, None):
            parts.append(getattr(fact, attribute))
    parts += [_name(fact_base, "people", p) for p in fact.people]
    parts += [_name(fact_base, "topics", t) for t in _topics(fact)]
    if fact.place:
        parts.append(_name(fact_base, "places", fact.place))
    return " ".join(parts)


class ReferenceRetriever:
    """Implements the Retriever protocol of bot.engine.answering by scanning."""

    def __init__(self, fact_base: FactBase):
        self.fact_base = fact_base
        self.facts = list(fact_base.facts)
        self.surface = [words(_text(fact, fact_base)) for fact in self.facts]
        self.terms = [[stem(w) for w in ws] for ws in self.surface]
        self.counts = [Counter(terms) for terms in self.terms]
        self.average = sum(len(t) for t in self.terms) / max(1, len(self.terms))
        self.names = [(section, entity) for section in SECTIONS
                      for entity in getattr(fact_base, section).values()]
        self.name_stems = [(tuple(stem(w) for w in words(name)), (section, entity.id, entity.name))
                           for section, entity in self.names for name in entity.names]

    # --- Vocabulary ----------------------------------------------------------------------------

    def phrase(self, key: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
        found: list[tuple[str, str, str]] = []
        for stems, item in self.name_stems:
            if stems == key and item not in found:
                found.append(item)
        return tuple(found)

    def longest_phrase_from(self, first: str) -> int:
        return max([len(key) for key, _ in self.name_stems if key and key[0] == first] or [0])

    def has_term(self, stem_: str) -> bool:
        return any(stem_ in counts for counts in self.counts)

    @cache  # noqa: B019 - one retriever per test fact base
    def _spellings(self) -> list[str]:
        known = {t for terms in self.terms for t in terms}
        surface = {w for ws in self.surface for w in ws}
        for _, entity in self.names:
            for name in entity.names:
                surface.update(words(name))
                known.update(stem(w) for w in words(name))
        return sorted(w for w in surface
                      if stem(w) in known and w not in STOPWORDS and len(w) >= 3)

    def knows(self, stem_: str) -> bool:
        return self.has_term(stem_) or any(stem_ in stems for stems, _ in self.name_stems)

    def correct(self, word: str) -> str | None:
        budget = 1 if len(word) <= 6 else 2  # slips (OSA edits) a typo may carry
        match = process.extractOne(word, self._spellings(), scorer=OSA.distance,
                                   score_cutoff=budget)
        return match[0] if match else None

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        found = process.extract(word, self._spellings(), scorer=fuzz.ratio, limit=limit,
                                score_cutoff=75.0)
        return [m[0] for m in found]

    # --- filters -------------------------------------------------------------------------------

    def _values(self, fact: AnyFact, field: str) -> set[str]:
        """What a fact holds for one filter field, read straight off the fact."""
        if field == "kind":
            return {fact.kind}
        if field == "date":
            dates = [fact.date] + ([fact.refers_to] if fact.refers_to else [])
            return {key for date in dates for key in (
                [date] if len(date) == 4 else [date[:4], date[:7], "--" + date[5:7]])}
        if field == "people":
            return set(fact.people)
        if field == "countries":
            return set(self.fact_base.sides(fact)) | set(fact.countries)
        if field == "events":
            return {self.fact_base.event_of(fact)} - {None}
        if field == "location":
            return set(self.fact_base.location(fact))
        if field == "organisations":
            return set(fact.organisations)
        if field == "topics":
            return set(_topics(fact))
        return set()

    @cache  # noqa: B019
    def _is_someones_side(self, country: str) -> bool:
        return any(country in self._values(fact, "countries") for fact in self.facts)

    def _meets(self, number: int, condition: Filter) -> bool:
        fact = self.facts[number]
        if condition.field == "term":
            return condition.values[0] in self.counts[number]
        if condition.field == "foreign":
            return False
        for value in condition.values:
            field = condition.field
            if field == "countries" and not self._is_someones_side(value):
                field = "location"  # a country nobody speaks for: "in" it
            if value in self._values(fact, field):
                return True
        return False

    def _matches(self, query: ParsedQuery) -> list[int]:
        conditions = list(query.filters)
        if query.kind:
            conditions.append(Filter("kind", (query.kind,), query.kind))
        return [n for n in range(len(self.facts))
                if all(self._meets(n, condition) for condition in conditions)]

    # --- Retriever -----------------------------------------------------------------------------

    def count(self, query: ParsedQuery) -> int:
        return len(self._matches(query))

    def counts_without_each(self, query: ParsedQuery) -> list[int]:
        return [self.count(option) for option in without_each(query)]

    def among(self, rows: Iterable[int], query: ParsedQuery) -> list[int]:
        matched = set(self._matches(query))
        return [row for row in rows if row in matched]

    @cache  # noqa: B019
    def _having(self, term: str) -> int:
        return sum(1 for counts in self.counts if term in counts)

    def bm25(self, terms: tuple[str, ...] | list[str], number: int) -> float:
        total = len(self.facts)
        norm = K1 * (1 - B + B * len(self.terms[number]) / self.average)
        score = 0.0
        for term in dict.fromkeys(terms):
            having = self._having(term)
            frequency = self.counts[number][term]
            if having == 0 or frequency == 0:
                continue
            idf = math.log(1 + (total - having + 0.5) / (having + 0.5))
            score += idf * frequency * (K1 + 1) / (frequency + norm)
        return score

    def search(self, query: ParsedQuery, limit: int | None = None,
               chronological: bool = False):  # type: ignore[no-untyped-def]
        from bot.engine.index import Hit  # only the result type is shared

        matched = self._matches(query)
        if chronological:
            order = {"meeting": 0, "position": 1, "agreement": 2}
            matched.sort(key=lambda n: (self.facts[n].date, order[self.facts[n].kind],
                                        self.facts[n].id))
            hits = [Hit(n, 0.0) for n in matched]
        else:
            scored = [(n, self.bm25(query.rank_terms, n)) for n in matched]
            scored.sort(key=lambda item: (-item[1], item[0]))
            hits = [Hit(n, s) for n, s in scored]
        return (hits if limit is None else hits[:limit]), len(matched)
