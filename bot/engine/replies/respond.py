"""The answering layer over search: a direct sentence, an entity card or a comparison when
the question asks for one, and the facts it rests on shown first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..models import AnyFact
from ..query import ParsedQuery
from .cards import card_query, entity_card
from .compare import comparison
from .direct import Direct, direct_answer
from .questions import asked, compares, is_where_is
from .scripts import as_typed
from .widen import names_as_words, widen
from .wordlist import carries_no_subject

if TYPE_CHECKING:
    from ..answering import Answer, Engine

EVERY = 50  # facts a sentence may rest on at most (counts and lists of dates)


def respond(engine: Engine, query: ParsedQuery, limit: int | None) -> Answer:
    if query.command != "search":
        return engine.search(query, limit)  # the timeline is a list by definition
    question = asked(query.text, query.order)
    subject = card_query(engine, query) if compares(query.text) is None and (
        question in (None, "who") or is_where_is(query.text)) else None
    if subject is not None:  # under a card, its subject's facts, newest first in any spelling
        about = engine.search(replace(subject, rank_terms=()), limit)
        return replace(about, query=query, card=entity_card(engine, subject))
    answer, searched = _without_unknown_verbs(engine, query, engine.search(query, limit), limit)
    if answer.not_covered:  # named as typed: "Путин", not "putin"
        answer = replace(answer, not_covered=tuple(
            as_typed(word, query.text) for word in answer.not_covered))
        return _with_direct(engine, query, searched, answer, limit) if _yes_no(query) \
            else answer
    # a sentence rests on up to EVERY facts; a list shows `limit` (ranking fewer is quicker)
    shown = EVERY if question is not None or limit is None else min(limit, EVERY)
    widened = widen(engine, query, shown) if not answer.total else None
    if widened is not None:
        answer = replace(answer, facts=widened.facts[:limit], total=widened.total,
                         suggestions=(), note=widened.note, passed_over=widened.passed_over)
    compared = comparison(engine, query)
    if compared is not None:  # its facts are all that pages show: the count says so
        found, facts, matched = compared
        note = (f"The oldest {len(facts)} of the {matched} positions that match, compared"
                if matched > len(facts) else answer.note)
        return replace(answer, comparison=found, facts=facts[:limit], total=len(facts),
                       note=note)
    return _with_direct(engine, query, searched, answer, limit,
                        widened.facts if widened else None)


def _with_direct(engine: Engine, query: ParsedQuery, searched: ParsedQuery, answer: Answer,
                 limit: int | None, every: Sequence[AnyFact] | None = None) -> Answer:
    """The answer with its sentence, if the question asks for one, and its facts first;
    `searched` is the query that found them (the question read less strictly, perhaps)."""
    found: list[Sequence[AnyFact]] = [every] if every is not None else []

    def every_fact() -> Sequence[AnyFact]:
        """Every matching fact a sentence may rest on (up to EVERY), fetched once if needed."""
        if not found:
            found.append(engine.matching(searched, EVERY, lazily=True)[0]
                         if answer.total > len(answer.facts)
                         else answer.facts)
        return found[0]

    direct = direct_answer(query, answer.facts, every_fact, answer.total, engine.fact_base)
    if direct is None:
        return answer
    return replace(answer, direct=direct,
                   facts=_first(direct, answer.facts, every_fact, limit))


def _without_unknown_verbs(engine: Engine, query: ParsedQuery, answer: Answer,
                           limit: int | None) -> tuple[Answer, ParsedQuery]:
    """'has Xi talked about Hong Kong?', 'any news on Taiwan?': a verb or a generic noun the
    fact base does not hold tells what kind of thing is asked for, not what about; when the
    rest of the question has a subject, it is passed over and named. Any other unknown word
    still gets 'nothing about ...'."""
    if not query.unknown or any(f.field == "foreign" for f in query.filters) \
            or not query.filters or not all(carries_no_subject(w) for w in query.unknown):
        return answer, query
    known = replace(query, unknown=())
    passed_over = tuple(dict.fromkeys(query.unknown))
    about = names_as_words(known, ("people", "countries"))
    if asked(query.text, query.order) == "who" and about is not None:
        # "who praised China?" without "praised": China is what was spoken of, not the side
        spoken_of = engine.search(about, limit)
        if spoken_of.total:
            names = ", ".join(f.label for f in query.filters
                              if f.field in ("people", "countries"))
            return replace(spoken_of, query=query, passed_over=passed_over,
                           note=f"{names} found in what was said or signed"), about
    return replace(engine.search(known, limit), query=query, passed_over=passed_over), known


def _yes_no(query: ParsedQuery) -> bool:
    return asked(query.text, query.order) == "yesno"


def _first(direct: Direct, shown: Sequence[AnyFact], every: Callable[[], Sequence[AnyFact]],
           limit: int | None) -> tuple[AnyFact, ...]:
    """The facts the sentence rests on, in its order, then the rest as they were; `every()`
    is asked for only if some are not shown (it may rank the matches again), and read only
    until they are found (each of its stored facts is made when read)."""
    wanted = set(direct.facts)
    by_id = {fact.id: fact for fact in shown if fact.id in wanted}
    if len(by_id) < len(wanted):
        for fact in every():
            if fact.id in wanted:
                by_id[fact.id] = fact
                if len(by_id) == len(wanted):
                    break
    first = [by_id[i] for i in direct.facts if i in by_id]
    rest = [f for f in shown if f.id not in wanted]
    facts = (*first, *rest)
    return facts if limit is None else facts[:max(limit, len(first))]
