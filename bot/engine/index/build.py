"""Building the index from the facts (a start without a snapshot, and `relations check`).

A first pass reads each fact's words, so that the typo indexes, which need only the
vocabulary, can be built by a forked child (bot/engine/forked.py) while a second pass
gathers each filter's rows and each word's. They are laid out as the flat arrays of
IndexData, with what would otherwise be built at a first query: the by-weight walks of
frequent words and the typo indexes.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable
from functools import partial
from itertools import accumulate
from typing import Any

from ..factbase import FactBase
from ..forked import start_forked
from ..models import ENTITY_SECTIONS
from ..rows import narrowest
from ..text import STOPWORDS, stems, words
from .bm25 import BM25_B, BM25_K1, bm25_idf, by_weight
from .data import WALK_FROM, IndexData, Phrases
from .documents import StemMemo, fact_text, filter_keys, timeline_key
from .spelling import deletion_index, letter_index


def build_data(fact_base: FactBase) -> IndexData:
    facts = fact_base.facts
    stem_of = StemMemo()
    # Each fact's words as stems: one shared string per stem, not one per word (at 100,000
    # facts, holding the words themselves until the loop below cost 250 MB).
    stemmed = [list(map(stem_of.__getitem__, words(fact_text(fact, fact_base))))
               for fact in facts]
    phrases, name_words = _names(fact_base)
    spellings = _spellings(set(stem_of), name_words, phrases, stem_of)
    # The typo indexes need only the spellings: a forked child builds them meanwhile.
    child = start_forked(partial(_typo_indexes, spellings))
    ordered: dict[tuple[str, str], list[int]] = {}
    postings: dict[str, dict[int, int]] = {}
    for row, fact in enumerate(facts):
        for key in filter_keys(fact, fact_base):
            found = ordered.get(key)
            if found is None:
                ordered[key] = [row]
            elif found[-1] != row:
                found.append(row)
        for term, frequency in Counter(stemmed[row]).items():
            found_postings = postings.get(term)
            if found_postings is None:
                postings[term] = {row: frequency}
            else:
                found_postings[row] = frequency
    lengths = [len(fact_stems) for fact_stems in stemmed]
    twins, twin_starts, twin_rows = _twins(stemmed)
    del stemmed
    count = len(lengths)
    average = sum(lengths) / count if count else 1.0
    norms = array("d", [BM25_K1 * (1 - BM25_B + BM25_B * n / average) for n in lengths])
    terms = sorted(postings)
    walk_terms, walk_rows, walk_counts = [], array("I"), array("I")
    walk_starts = [0]
    for number, term in enumerate(terms):
        found_postings = postings[term]
        if len(found_postings) > WALK_FROM:
            rows, counts = by_weight(list(found_postings), list(found_postings.values()),
                                     bm25_idf(count, len(found_postings)), norms)
            walk_terms.append(number)
            walk_rows.extend(rows)
            walk_counts.extend(counts)
            walk_starts.append(len(walk_rows))
    filters = list(ordered)
    dates = [fact.date for fact in facts]
    return IndexData(
        terms=terms,
        term_starts=_starts(len(postings[t]) for t in terms),
        posting_rows=narrowest([row for t in terms for row in postings[t]]),
        posting_counts=narrowest([f for t in terms for f in postings[t].values()]),
        norms=norms,
        walk_terms=narrowest(walk_terms),
        walk_starts=narrowest(walk_starts),
        walk_rows=narrowest(walk_rows),
        walk_counts=narrowest(walk_counts),
        filter_keys=filters,
        filter_starts=_starts(len(ordered[key]) for key in filters),
        filter_rows=narrowest([row for key in filters for row in ordered[key]]),
        dates=dates,
        dates_descending=all(dates[i] >= dates[i + 1] for i in range(len(dates) - 1)),
        timeline=_places(sorted(range(count), key=lambda p: timeline_key(facts[p]))),
        twins=twins,
        twin_starts=twin_starts,
        twin_rows=twin_rows,
        phrases=phrases,
        spellings=spellings,
        **((child.result() if child else None) or _typo_indexes(spellings)),
    )


def _spellings(fact_words: set[str], name_words: set[str], phrases: Phrases,
               stem_of: StemMemo) -> list[str]:
    """Every word a typo may be read as, alphabetical: the facts' words and the names'
    words that stem to a word of a fact or a name, less stopwords and short words.
    `stem_of` holds the facts' words (and only those) when called."""
    known = {w for key in phrases for w in key} | set(stem_of.values())
    return sorted(w for w in fact_words | name_words
                  if (w in fact_words or stem_of[w] in known) and w not in STOPWORDS
                  and len(w) >= 3)


def _typo_indexes(spellings: list[str]) -> dict[str, Any]:
    return {"deletions": deletion_index(spellings), "letters": letter_index(spellings)}


def _starts(sizes: Iterable[int]) -> array[int]:
    """Where each list starts when they are laid end to end, and where the last ends."""
    return narrowest(list(accumulate(sizes, initial=0)))


def _twins(stemmed: list[list[str]]) -> tuple[array[int], array[int], array[int]]:
    """Rows with the very same words (twins: they score alike, so ranking scores each text
    once) as numbered groups: each row's group, and each group's rows, ascending, laid end
    to end. None kept (empty arrays) unless copies are an eighth of the facts or more:
    otherwise looking each row up costs more than the few scores it saves."""
    number: dict[tuple[str, ...], int] = {}
    twins = [number.setdefault(tuple(fact_stems), len(number)) for fact_stems in stemmed]
    if len(number) > len(twins) * 7 // 8:
        return narrowest([]), narrowest([]), narrowest([])
    groups: list[list[int]] = [[] for _ in number]
    for row, group in enumerate(twins):
        groups[group].append(row)
    return (narrowest(twins), _starts(len(group) for group in groups),
            narrowest([row for group in groups for row in group]))


def _places(order: list[int]) -> array[int]:
    """Each row's place in `order`."""
    places = [0] * len(order)
    for place, row in enumerate(order):
        places[row] = place
    return narrowest(places)


def _names(fact_base: FactBase) -> tuple[Phrases, set[str]]:
    """Entity names, aliases and topic synonyms as stemmed phrases -> their entities, and
    every word they are spelled with (typos are read against those too)."""
    phrases: Phrases = {}
    name_words: set[str] = set()
    for section in ENTITY_SECTIONS:
        for entity in fact_base.section(section).values():
            for name in entity.names:
                name_words.update(words(name))
                phrase = tuple(stems(name))
                entries = phrases.setdefault(phrase, []) if phrase else None
                if entries is not None and (section, entity.id, entity.name) not in entries:
                    entries.append((section, entity.id, entity.name))
    return phrases, name_words
