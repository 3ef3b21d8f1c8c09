"""The engine: a query in, an Answer out. Front ends render Answers; they never search.

`Engine` depends on a `Retriever` for finding and ranking candidates; `FactIndex`
is the one in use, and any other implementation with the same two methods can
replace it without touching the callers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from .factbase import FactBase
from .index import FactIndex, Hit, fact_topics
from .kinds import plural
from .models import MAX_ID_CHARS, AnyFact, Source
from .query import Filter, ParsedQuery, Vocabulary, parse, without_each
from .records import FactsAt, StoredFacts
from .replies.respond import respond  # the answering layer, built on Engine's search
from .version import FactBaseVersion

if TYPE_CHECKING:
    from .replies.cards import Card
    from .replies.compare import Comparison
    from .replies.direct import Direct
# Longest query answered. A question is a sentence; Slack sends up to 4,000 characters of a
# slash command and 40,000 of a message, and a query's cost grows with its words (typo
# lookups, suggestions), so beyond this the answer says so instead of working for seconds.
MAX_QUERY_CHARS = 1000
# "Did you mean" respells one unknown word at a time and keeps the respelling only if the
# query then finds facts, which needs every other word known: with several unknown words
# that all but never happens, and each try re-parses the whole query.
MAX_RESPELLED_WORDS = 3
# An answer of this many facts or more (all matches, as `ask --json` asks) holds stored
# facts by row, made into models only if read: printing 30,000 of them as their stored JSON
# takes 0.1 s, making them all 0.7 s.
MANY_FACTS = 1000


class Retriever(Vocabulary, Protocol):
    def search(self, query: ParsedQuery, limit: int | None = None,
               chronological: bool = False) -> tuple[list[Hit], int]: ...

    def count(self, query: ParsedQuery) -> int: ...

    def counts_without_each(self, query: ParsedQuery) -> list[int]:
        """How many facts match each of `without_each(query)`: the query with each of its
        conditions dropped in turn."""
        ...

    def among(self, rows: Iterable[int], query: ParsedQuery) -> list[int]: ...

    def suggest(self, word: str, limit: int = 3) -> list[str]: ...


@dataclass(frozen=True)
class Answer:
    """Everything a front end needs to show one reply."""

    query: ParsedQuery
    facts: Sequence[AnyFact] = ()  # a tuple, or FactsAt for a large answer of stored facts
    total: int = 0
    suggestions: tuple[str, ...] = ()  # whole queries worth trying instead
    sources: tuple[Source, ...] = ()
    not_covered: tuple[str, ...] = field(default=())  # subjects the fact base knows nothing of
    direct: Direct | None = None  # the one-sentence answer, when the question asks for one
    card: Card | None = None  # who or what one name is, when the question is about one
    comparison: Comparison | None = None  # positions side by side, when asked to compare
    passed_over: tuple[str, ...] = ()  # ordinary words of the question not used to match
    note: str = ""  # how the facts were reached when not by the words alone
    version: FactBaseVersion | None = None  # with `sources`: which fact base answers
    too_long: int = 0  # the query's length, when it is over MAX_QUERY_CHARS and was not read

    @property
    def command(self) -> str:
        return self.query.command

    @property
    def more(self) -> int:
        return self.total - len(self.facts)


class Engine:
    def __init__(self, fact_base: FactBase, retriever: Retriever | None = None,
                 version: FactBaseVersion | None = None):
        """`retriever` searches `fact_base` (default: a FactIndex built over it now);
        `version` is the fact base's, when it was loaded from its folders."""
        self.fact_base = fact_base
        self.retriever = retriever if retriever is not None else FactIndex(fact_base)
        self.version = version

    def parse(self, text: str) -> ParsedQuery:
        return parse(text, self.retriever)

    def answer(self, text: str, limit: int | None = None) -> Answer:
        """Answer one query; `limit` caps the facts returned (the total is always counted)."""
        if len(text) > MAX_QUERY_CHARS and len(text := text.strip()) > MAX_QUERY_CHARS:
            return Answer(ParsedQuery(text, "search"), too_long=len(text))
        query = self.parse(text)
        if query.command == "help":
            return Answer(query)
        if query.command == "sources":
            sources = sorted(self.fact_base.sources.values(), key=lambda s: s.published,
                             reverse=True)
            return Answer(query, sources=tuple(sources), total=len(sources),
                          version=self.version)
        if query.command == "fact":
            return self._fact(query)
        return respond(self, query, limit)

    def search(self, query: ParsedQuery, limit: int | None) -> Answer:
        """The facts matching a parsed query, in the order it asks for, with suggestions."""
        return self._search(query, limit)

    def matching(self, query: ParsedQuery, limit: int | None,
                 lazily: bool = False) -> tuple[Sequence[AnyFact], int]:
        """The facts matching a parsed query in its order, and how many there are;
        `lazily`, or for a large answer, each stored fact is made only when read."""
        hits, total = self.retriever.search(_ordered(query), limit, _chronological(query))
        facts = self.fact_base.facts
        if (lazily or len(hits) >= MANY_FACTS) and isinstance(facts, StoredFacts):
            return FactsAt(facts, [hit.row for hit in hits]), total  # made only if read
        return tuple(facts[hit.row] for hit in hits), total

    def rows(self, query: ParsedQuery, limit: int | None) -> list[int]:
        """The rows of the facts matching a parsed query, in its order, none made."""
        hits, _ = self.retriever.search(_ordered(query), limit, _chronological(query))
        return [hit.row for hit in hits]

    def _fact(self, query: ParsedQuery) -> Answer:
        fact_id = (query.fact_id or "").strip().lower()
        fact = self.fact_base.fact(fact_id)
        if fact is not None:
            return Answer(query, (fact,), 1)
        if not fact_id or len(fact_id) > MAX_ID_CHARS:
            return Answer(query)  # no id, or longer than any: nothing is close
        close = self.fact_base.nearby_ids.closest(fact_id, limit=3)
        return Answer(query, suggestions=tuple(f"fact {known}" for known in close))

    def _search(self, query: ParsedQuery, limit: int | None) -> Answer:
        foreign = tuple(f.label for f in query.filters if f.field == "foreign")
        if query.unknown or foreign:
            return Answer(query, not_covered=tuple(dict.fromkeys((*foreign, *query.unknown))),
                          suggestions=self._spelling_suggestions(query))
        facts, total = self.matching(query, limit)
        if total > len(facts):
            return Answer(query, facts, total, suggestions=self._narrower(query, facts, total))
        if total:
            return Answer(query, facts, total)
        return Answer(query, suggestions=self._relaxations(query))

    def _narrower(self, query: ParsedQuery, shown: Sequence[AnyFact],
                  total: int) -> tuple[str, ...]:
        """A query that finds fewer of the same facts: the question plus a year or a topic.

        Every condition tried is met by a fact shown, so it finds some; it finds fewer
        when a fact shown misses it, or else when the count says so. The narrower query
        is built as a ParsedQuery, not re-parsed from its text: tests check that the
        text finds what was counted (tests/engine/test_index_equivalence.py).
        """
        for extra in self._narrowing_filters(query, shown):
            if (not all(_meets(fact, extra) for fact in shown)
                    or self.retriever.count(replace(query, filters=(*query.filters, extra)))
                    < total):
                return (f"{_query_text(query) or 'timeline'} {extra.typed}",)
        return ()

    def _narrowing_filters(self, query: ParsedQuery,
                           shown: Sequence[AnyFact]) -> Iterator[Filter]:
        """The year of the first fact shown, then the topics of those shown, lazily."""
        fields = {f.field for f in query.filters}
        if "date" not in fields:
            year = shown[0].date[:4]
            yield Filter("date", (year,), year, year)
        if "topics" not in fields:
            for topic in dict.fromkeys(t for fact in shown for t in fact.topics):
                name = self.fact_base.name("topics", topic)
                yield Filter("topics", (topic,), name, name.lower())

    def _spelling_suggestions(self, query: ParsedQuery) -> tuple[str, ...]:
        """'Did you mean': the query with an unknown word respelled, if that finds facts."""
        suggestions: list[str] = []
        unknown = dict.fromkeys(query.unknown)  # a word typed twice is suggested once
        if len(unknown) > MAX_RESPELLED_WORDS:
            return ()
        for word in unknown:
            for spelling in self.retriever.suggest(word):
                respelled = _replace_word(query.text, word, spelling)
                if respelled != query.text and self._finds_any(respelled):
                    suggestions.append(respelled)
                    break
        return tuple(suggestions)

    def _relaxations(self, query: ParsedQuery) -> tuple[str, ...]:
        """Queries with one condition dropped that do find facts, best first."""
        found: list[tuple[int, str]] = []
        counts = self.retriever.counts_without_each(query)  # in without_each's order
        for option, count in zip(without_each(query), counts, strict=True):
            if not (option.filters or option.kind):
                continue
            text = _query_text(option)
            if count and text != query.text:
                found.append((count, text))
        found.sort(key=lambda item: -item[0])
        return tuple(dict.fromkeys(text for _, text in found))[:3]

    def _finds_any(self, text: str) -> bool:
        query = self.parse(text)
        return (query.command in ("search", "timeline") and not query.unknown
                and not any(f.field == "foreign" for f in query.filters)
                and self.retriever.count(query) > 0)


def _ordered(query: ParsedQuery) -> ParsedQuery:
    """'latest' lists newest first: display order, without ranking by words."""
    return replace(query, rank_terms=()) if query.order == "newest" else query


def _chronological(query: ParsedQuery) -> bool:
    return query.command == "timeline" or query.order == "oldest"


def _meets(fact: AnyFact, condition: Filter) -> bool:
    """Whether a fact meets a narrowing condition: a year or a topic (as the index reads it)."""
    if condition.field == "date":
        return fact.date.startswith(condition.values[0])
    return condition.values[0] in fact_topics(fact)


def _query_text(query: ParsedQuery) -> str:
    """A query a person could type that means `query`."""
    head = "timeline" if query.command == "timeline" else plural(query.kind, "")
    return " ".join(part for part in [head, *(_typed(f) for f in query.filters)] if part)


def _typed(condition: Filter) -> str:
    if condition.field == "location" and not condition.typed.startswith("in "):
        return f"in {condition.typed}"
    return condition.typed


def _replace_word(text: str, word: str, spelling: str) -> str:
    out = []
    for token in text.split():
        core = token.strip("?!.,;:\"'()").lower()
        out.append(token.lower().replace(core, spelling) if core == word else token)
    return " ".join(out)
