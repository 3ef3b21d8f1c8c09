"""Fewer false "nothing found": when a question's words together find nothing, read them
less strictly, one step at a time, and say how.

1. A person named in a question may be what was said *about* ("who praised Xi's leadership?"),
   and so may a country in a "who" question ("who praised China?") or a country, place or
   month beside a named speaker ("Japarov on interference in China's affairs"): the name is
   then looked for in the facts' words instead of among speakers, sides, places and dates.
2. A topic's name may be words of a document's name ("multiple bilateral cooperation
   documents" is not about the topic "bilateral cooperation"): its words are looked for.
3. Facts of one event answer together: an agreement signed, or a position stated, at a meeting
   is found by that meeting's occasion, place and topics ("signed during the Olympics visit").
4. Ordinary words the fact base holds but that carry no subject of their own ("statement",
   "leadership") are passed over when they alone block an answer, and named; a word counts
   as ordinary when it is common in English (wordfreq, bot/engine/replies/wordlist.py).
   Not in a yes/no question: "did they sign a joint statement in 2025?" must not become
   "did they sign anything in 2025?". Words the fact base does not hold are never passed
   over here: they may be a subject it lacks, and then the answer is "nothing about ...".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..models import AnyFact
from ..query import Filter, ParsedQuery
from ..text import SOFT_WORDS, STOPWORDS, stem, words
from .questions import asked
from .wordlist import is_ordinary

if TYPE_CHECKING:
    from ..answering import Engine

LINKED = 50  # facts of one event taken at most


def _spoken_for(fact: AnyFact, sides: list[Filter], engine: Engine) -> bool:
    """Whether the sides the question names said or signed this fact."""
    fact_sides = set(engine.fact_base.sides(fact))
    return all(set(condition.values) & fact_sides for condition in sides)


@dataclass(frozen=True)
class Widened:
    facts: Sequence[AnyFact]
    total: int
    note: str = ""
    passed_over: tuple[str, ...] = ()


def widen(engine: Engine, query: ParsedQuery, limit: int | None) -> Widened | None:
    """Facts for a query whose words together found nothing, and how they were reached."""
    question = asked(query.text, query.order)
    speaker_named = any(f.field == "people" for f in query.filters)
    # beside a named speaker, a country, place or month may be what was spoken of: "Xi
    # recalled meeting Japarov in Beijing in February" was said in Astana in June
    tries: list[tuple[str, ...]] = [("countries", "location", "date")] if speaker_named else []
    tries.append(("people", "countries") if question == "who" else ("people",))
    about, note = None, ""
    for fields in tries:
        about = names_as_words(query, fields)
        names = ", ".join(f.label.removeprefix("in ") for f in query.filters
                          if f.field in fields)
        note = f"{names} found in what was said or signed"
        if about is not None:
            facts, total = engine.matching(about, limit, lazily=True)
            if total:
                return Widened(facts, total, note)
    topics = names_as_words(query, ("topics",))  # "bilateral cooperation documents"
    if topics is not None and topics.filters:
        facts, total = engine.matching(topics, limit, lazily=True)
        if total:
            return Widened(facts, total, "topic words found in what was said or signed")
    linked = same_event(engine, query, limit)
    if linked is not None:
        return linked
    ordinary = [f for f in query.filters if f.field == "term" and is_ordinary(f.typed)]
    if not ordinary or question == "yesno":
        return None
    passed_over = tuple(f.typed for f in ordinary)
    for candidate, how in ((query, ""), (about, note)):
        if candidate is None:
            continue
        kept = tuple(f for f in candidate.filters if f not in ordinary)
        if not kept:
            continue
        facts, total = engine.matching(replace(candidate, filters=kept), limit,
                                       lazily=True)
        if total:
            return Widened(facts, total, how, passed_over)
    return None


def names_as_words(query: ParsedQuery, fields: tuple[str, ...]) -> ParsedQuery | None:
    """The query with these names looked for in the facts' words ("who praised China?")."""
    named = [f for f in query.filters if f.field in fields]
    if not named or query.kind == "meeting":
        return None
    as_words = [Filter("term", (stem(w),), w, w) for f in named for w in words(f.typed)
                if w not in STOPWORDS and stem(w) not in SOFT_WORDS]
    others = [f for f in query.filters if f.field not in fields]
    return replace(query, filters=(*others, *as_words))


def same_event(engine: Engine, query: ParsedQuery, limit: int | None) -> Widened | None:
    """Agreements or positions linked to the meetings the question's words find."""
    if query.kind not in ("agreement", "position"):
        return None
    meetings, _ = engine.matching(replace(query, kind="meeting"), LINKED)
    if not meetings:
        return None
    # the index finds the kind and the people named exactly, and the sides named among the
    # countries a fact names: only those are made into facts and checked
    named = tuple(f for f in query.filters if f.field in ("people", "countries"))
    rows = engine.retriever.among(engine.fact_base.linked_to(m.id for m in meetings),
                                  replace(query, filters=named))
    sides = [f for f in named if f.field == "countries"]
    facts = engine.fact_base.facts
    if sides:
        rows = [row for row in rows if _spoken_for(facts[row], sides, engine)]
    if not rows:
        return None
    shown = tuple(facts[row] for row in (rows if limit is None else rows[:limit]))
    occasions = "; ".join(dict.fromkeys(vars(m).get("occasion") or m.id for m in meetings))
    return Widened(shown, len(rows), f"found through the meeting they belong to: {occasions}")


