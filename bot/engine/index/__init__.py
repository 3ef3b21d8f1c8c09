"""The index built once at load: filters and words resolve to sets of facts, never by scanning.

`FactIndex` composes these parts, one concern each:
- documents.py: what a fact exposes to search (its words, its filter values, its
  timeline place);
- build.py and data.py: the index built from the facts, as the flat arrays a snapshot
  stores and reads in place;
- filters.py: each filter value's rows, as sets and bitmaps, and listing rows in order;
- bm25.py, ranking.py, walk.py and twins.py: BM25 (the formula; scoring and the best
  few; the threshold walk that finds a broad query's best few without scoring every
  match; a fact base of copies scored a text at a time);
- spelling.py: typo correction and "did you mean" over the vocabulary, never facts.
Entity names, aliases and topic synonyms map, as stemmed phrases, to their entities here.

Rows are indexes into `FactBase.facts`, which is already in display order (newest
first), so ties in score keep that order for free, and a query that only filters takes
its first matches in row order without sorting anything.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from ..factbase import FactBase
from ..gc_tuning import paused_gc
from ..query import ParsedQuery
from .build import build_data
from .data import IndexData
from .documents import fact_text, fact_topics
from .filters import Filters, Stretches
from .ranking import Hit, Ranking
from .spelling import Spelling
from .twins import Twins

__all__ = ["FactIndex", "Hit", "fact_text", "fact_topics"]

class FactIndex:
    """Inverted index over one FactBase; also the parser's Vocabulary and the engine's
    Retriever. Built from the facts, or from the IndexData a snapshot stored."""

    # A list of rows holding at least this many facts (and this share of them) is read
    # as a bitmap rather than a set: below that, looking its members up in a set costs
    # less than one pass over a bitmap as long as the fact base (about 1 in 400 facts,
    # measured).
    bitmap_from = 64
    bitmap_share = 400

    def __init__(self, fact_base: FactBase, data: IndexData | None = None):
        self.fact_base = fact_base
        if data is None:
            with paused_gc():
                data = build_data(fact_base)
        self.data = data
        self._count = len(data.dates)
        self._terms = {term: number for number, term in enumerate(data.terms)}
        bitmap_from = max(self.bitmap_from, self._count // self.bitmap_share)
        words = Stretches(data.term_starts, data.posting_rows, bitmap_from)
        self._words = words
        self._filter_stretches = Stretches(data.filter_starts, data.filter_rows, bitmap_from)
        self._filters = Filters(data, self._filter_stretches, words, self._terms)
        self._twin_groups = Stretches(data.twin_starts, data.twin_rows, bitmap_from)
        twins = Twins(data.twins, self._twin_groups) if data.twins else None
        self._ranking = Ranking(data, self._terms, words, self._filters, twins)
        self._phrases = data.phrases
        self._longest_from: dict[str, int] = {}
        for words_of_name in self._phrases:
            first = words_of_name[0]
            self._longest_from[first] = max(self._longest_from.get(first, 0), len(words_of_name))
        self._phrase_words = {w for key in self._phrases for w in key}
        self._spelling = Spelling(data.spellings, data.deletions, data.letters)

    def warm(self) -> None:
        """Build now the bitmaps of every large filter, word and group of twins, otherwise
        built by the first query that needs each (about 1 ms each; 1,400 at 100,000 facts
        generated). Run beside the questions being answered, so it lets them run after
        each bitmap: they wait for one at most, not for the interpreter's 5 ms switch
        interval."""
        for stretches in (self._filter_stretches, self._words, self._twin_groups):
            for number in range(stretches.count):
                if stretches.bitmap(number) is not None:
                    time.sleep(0)

    # --- Vocabulary --------------------------------------------------------------------------

    def phrase(self, key: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
        return tuple(self._phrases.get(key, ()))

    def longest_phrase_from(self, first: str) -> int:
        return self._longest_from.get(first, 0)

    def has_term(self, stem_: str) -> bool:
        return stem_ in self._terms

    def knows(self, stem_: str) -> bool:
        return stem_ in self._terms or stem_ in self._phrase_words

    def correct(self, word: str) -> str | None:
        """A known word within typo distance (see Spelling.correct)."""
        return self._spelling.correct(word)

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Looser matches for 'did you mean', never used to answer (see Spelling.suggest)."""
        return self._spelling.suggest(word, limit)

    # --- Retriever ---------------------------------------------------------------------------

    def count(self, query: ParsedQuery) -> int:
        return self._filters.count(query)

    def counts_without_each(self, query: ParsedQuery) -> list[int]:
        return self._filters.counts_without_each(query)

    def among(self, rows: Iterable[int], query: ParsedQuery) -> list[int]:
        """Those of `rows` matching the query's filters and kind, in their order."""
        return self._filters.among(rows, query)

    def search(self, query: ParsedQuery, limit: int | None = None,
               chronological: bool = False) -> tuple[list[Hit], int]:
        """The best `limit` hits (all when None), ranked, and how many facts matched in all."""
        found = self._filters.candidates(query)
        total = self._count if found is None else len(found)
        if limit is not None and limit <= 0:
            return [], total
        if chronological:
            return [Hit(p, 0.0) for p in self._filters.in_timeline(found, limit)], total
        terms = [t for t in dict.fromkeys(query.rank_terms) if t in self._terms]
        if not terms:
            return [Hit(p, 0.0) for p in self._filters.first(found, limit)], total
        if limit is None:
            return self._ranking.rank_all(terms, found), total
        return self._ranking.rank_top(terms, found, limit), total
