"""The index built once at load: filters and words resolve to sets of facts, never by scanning.

`FactIndex` composes four parts, one concern each:
- documents.py: what a fact exposes to search (its words, its filter values, its
  timeline place);
- filters.py: each filter value's rows, as sets and bitmaps, and listing rows in order;
- ranking.py: BM25 with the threshold walk for a broad query's best few;
- spelling.py: typo correction and "did you mean" over the vocabulary, never facts.
Entity names, aliases and topic synonyms map, as stemmed phrases, to their entities here.

Rows are indexes into `FactBase.facts`, which is already in display order (newest
first), so ties in score keep that order for free, and a query that only filters takes
its first matches in row order without sorting anything.
"""

from __future__ import annotations

from collections import Counter

from ..factbase import FactBase
from ..gc_tuning import paused_gc
from ..query import ParsedQuery
from ..text import STOPWORDS, stems, words
from .documents import StemMemo, fact_text, fact_topics, filter_keys
from .filters import Filters
from .ranking import Hit, Ranking
from .spelling import Spelling

__all__ = ["FactIndex", "Hit", "fact_text", "fact_topics"]

_SECTIONS = ("people", "countries", "places", "organisations", "events", "topics")


class FactIndex:
    """Inverted index over one FactBase; also the parser's Vocabulary and the engine's
    Retriever."""

    # A filter holding at least this many facts (and this share of them) is also kept as
    # a bitmap: below that, looking its members up in a set costs less than one pass
    # over a bitmap as long as the fact base (about 1 in 400 facts, measured).
    bitmap_from = 64
    bitmap_share = 400

    def __init__(self, fact_base: FactBase):
        with paused_gc():
            self._build(fact_base)

    def _build(self, fact_base: FactBase) -> None:
        """One pass over the facts gathers both each filter's rows and each word's."""
        self.fact_base = fact_base
        facts = fact_base.facts
        self._count = len(facts)
        ordered: dict[tuple[str, str], list[int]] = {}
        postings: dict[str, dict[int, int]] = {}
        lengths: list[int] = []
        stem_of = StemMemo()
        for row, fact in enumerate(facts):
            for key in filter_keys(fact, fact_base):
                found = ordered.get(key)
                if found is None:
                    ordered[key] = [row]
                elif found[-1] != row:
                    found.append(row)
            fact_words = words(fact_text(fact, fact_base))
            lengths.append(len(fact_words))
            for term, frequency in Counter(map(stem_of.__getitem__, fact_words)).items():
                found_postings = postings.get(term)
                if found_postings is None:
                    postings[term] = {row: frequency}
                else:
                    found_postings[row] = frequency
        self._postings = postings
        bitmap_from = max(self.bitmap_from, self._count // self.bitmap_share)
        self._filters = Filters(facts, ordered, postings, bitmap_from)
        self._ranking = Ranking(postings, lengths, self._filters)
        surface = set(stem_of)
        self._phrases: dict[tuple[str, ...], list[tuple[str, str, str]]] = {}
        for section in _SECTIONS:
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
        known = self._phrase_words | set(postings)
        self._spelling = Spelling(sorted(w for w in surface if stem_of[w] in known
                                         and w not in STOPWORDS and len(w) >= 3))

    @property
    def spelling(self) -> Spelling:
        """The typo index: the snapshot stores its costliest part rather than rebuild it."""
        return self._spelling

    def prepare(self) -> FactIndex:
        """Build now what is otherwise built on first use (before a snapshot is stored)."""
        self._spelling.prepare()
        self._ranking.prepare()
        self._filters.prepare()
        return self

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
        """A known word within typo distance (see Spelling.correct)."""
        return self._spelling.correct(word)

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Looser matches for 'did you mean', never used to answer (see Spelling.suggest)."""
        return self._spelling.suggest(word, limit)

    # --- Retriever ---------------------------------------------------------------------------

    def count(self, query: ParsedQuery) -> int:
        return self._filters.count(query)

    def search(self, query: ParsedQuery, limit: int | None = None,
               chronological: bool = False) -> tuple[list[Hit], int]:
        """The best `limit` hits (all when None), ranked, and how many facts matched in all."""
        found = self._filters.candidates(query)
        total = self._count if found is None else len(found)
        if limit is not None and limit <= 0:
            return [], total
        if chronological:
            return [Hit(p, 0.0) for p in self._filters.in_timeline(found, limit)], total
        terms = [t for t in dict.fromkeys(query.rank_terms) if t in self._postings]
        if not terms:
            return [Hit(p, 0.0) for p in self._filters.first(found, limit)], total
        if limit is None:
            return self._ranking.rank_all(terms, found), total
        return self._ranking.rank_top(terms, found, limit), total
