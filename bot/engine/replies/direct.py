"""A direct answer: one sentence that answers a when / where / who / how many / latest /
earliest / yes-or-no question, built only from the matching facts' fields (date, place,
venue, occasion, people, sides, kind, document, first quote), naming the facts it rests on.

Nothing here judges or summarises: a yes is said only when a fact of the asked kind, by the
asked subject (and with the asked stance, for "did X back / oppose ..."), is in the record;
absence is "the fact base records no such ...", never "no".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice

from ..factbase import FactBase
from ..kinds import KIND_BY_NAME, plural
from ..models import AnyFact
from ..query import ParsedQuery
from ..text import words
from .phrases import (
    document_name,
    in_place,
    joined,
    meeting_clause,
    on_date,
    people,
    quoted,
    sentence,
    short_when_where,
    speaker,
)
from .questions import asked

LISTED = 10  # dates listed in one sentence at most
STANCE_VERBS = {
    "support": "back backed backs backing support supported supports supporting endorse "
               "endorsed endorses welcome welcomed welcomes favour favor favoured favored",
    "opposition": "oppose opposed opposes opposing reject rejected rejects against condemn "
                  "condemned",
    "proposal": "propose proposed proposes suggest suggested suggests",
    "commitment": "pledge pledged pledges promise promised promises commit committed",
}
_STANCE_OF = {verb: stance for stance, verbs in STANCE_VERBS.items() for verb in verbs.split()}
_SIGNING_VERBS = ("signed", "issued", "adopted", "concluded", "inked", "agreed", "reached")
_NO_SUCH = {"meeting": "meeting", "agreement": "agreement"}


@dataclass(frozen=True)
class Direct:
    """One sentence and the ids of the facts it rests on (shown first, in this order)."""

    text: str
    facts: tuple[str, ...]


def direct_answer(query: ParsedQuery, facts: Sequence[AnyFact],
                  every: Callable[[], Sequence[AnyFact]], total: int,
                  fact_base: FactBase) -> Direct | None:
    """The sentence a question asks for, or None when it asks for a list."""
    question = asked(query.text, query.order)
    if question is None:
        return None
    if question == "yesno":
        return _yes_no(query, facts, fact_base)
    if not facts:
        return None  # the reply already says nothing matched, and why
    if question == "count":
        return _count(query, every(), total, fact_base)
    if query.order is not None:
        return _extreme(query, facts, fact_base)
    if question in ("when", "where"):
        return _when_where(query, facts, every, fact_base)
    if question == "who":
        return _who(query, facts, every, fact_base)
    return None


def _kind_of(query: ParsedQuery, facts: Sequence[AnyFact]) -> str:
    return query.kind or facts[0].kind


def _meetings(facts: Sequence[AnyFact]) -> list[AnyFact]:
    return [f for f in facts if f.kind == "meeting"]


def _oldest_first(facts: Sequence[AnyFact]) -> list[AnyFact]:
    return sorted(facts, key=lambda f: (f.date, f.id))


def _ids(facts: Sequence[AnyFact]) -> tuple[str, ...]:
    return tuple(f.id for f in facts)


def _dates_list(facts: Sequence[AnyFact], fact_base: FactBase) -> str:
    return joined(short_when_where(f, fact_base) for f in facts)


def _when_where(query: ParsedQuery, facts: Sequence[AnyFact],
                every: Callable[[], Sequence[AnyFact]], fact_base: FactBase) -> Direct:
    kind = _kind_of(query, facts)
    if query.kind is None and _meetings(every()):
        kind = "meeting"  # "when was the summit?": its meeting says when and where
    if kind == "meeting":
        meetings = _oldest_first(_meetings(every()))[:LISTED]
        if len(meetings) == 1:
            return Direct(_describe(meetings[0], query, fact_base), _ids(meetings))
        names = joined(dict.fromkeys(n for m in meetings for n in people(m, fact_base)))
        return Direct(f"{names} met {len(meetings)} times in the fact base: "
                      f"{_dates_list(meetings, fact_base)}.", _ids(meetings))
    top = facts[0]
    days: dict[str, AnyFact] = {}  # the first (best) fact of each day, oldest day first
    for fact in every():
        days.setdefault(fact.date, fact)
    if len(days) == 1:
        return Direct(_describe(top, query, fact_base), (top.id,))
    others = [days[d] for d in sorted(days) if d != top.date][:LISTED]
    return Direct(f"{_describe(top, query, fact_base)} Also recorded on "
                  f"{_dates_list(others, fact_base)}.", (top.id, *_ids(others)))


def _describe(fact: AnyFact, query: ParsedQuery, fact_base: FactBase) -> str:
    """One fact as a sentence: who met, what was signed, or who said what, when and where."""
    if fact.kind == "meeting":
        return f"{joined(people(fact, fact_base))} met {meeting_clause(fact, fact_base)}."
    if fact.kind == "agreement":
        said = set(words(" ".join(q.text for q in fact.quotes)))  # the source's own verb
        verb = next((v for v in _SIGNING_VERBS if v in said), "signed or issued")
        document, was = document_name(fact.document)
        parties = joined(fact_base.name("countries", c) for c in fact.parties)
        witnesses = joined(people(fact, fact_base))
        return (f"{document} {was} {verb} {on_date(fact.date)}{in_place(fact, fact_base)}"
                f", by {parties}" + (f", witnessed by {witnesses}." if witnesses else "."))
    return sentence(f"{speaker(fact, fact_base)} said {quoted(fact)} {on_date(fact.date)}"
                    f"{in_place(fact, fact_base)}")


def _extreme(query: ParsedQuery, facts: Sequence[AnyFact], fact_base: FactBase) -> Direct:
    """The newest (or oldest) of what matched; facts of that same day and kind together.
    Asked of everything, a day is told by its meeting first, as on the timeline."""
    top = facts[0]
    if query.kind is None:
        top = min((f for f in facts if f.date == top.date),
                  key=lambda f: KIND_BY_NAME[f.kind].day_order)
    newest = query.order == "newest"
    label = "latest" if newest else "earliest"
    if top.kind == "meeting":  # "last met" or "first met" would claim more than the record
        return Direct(f"The {label} meeting the fact base records: "
                      f"{_describe(top, query, fact_base)}", (top.id,))
    same = [f for f in facts if f.date == top.date and f.kind == top.kind][:3]
    if top.kind == "agreement":
        return Direct(f"The {label} agreement the fact base records: "
                      f"{_describe(top, query, fact_base)}", (top.id,))
    by_speaker: dict[str, list[str]] = {}
    for fact in same:
        by_speaker.setdefault(speaker(fact, fact_base), []).append(quoted(fact))
    said = "; ".join(f"{who} said {joined(quotes)}" for who, quotes in by_speaker.items())
    return Direct(sentence(f"The {label} the fact base records, {on_date(top.date)}"
                           f"{in_place(top, fact_base)}: {said}"), _ids(same))


def _who(query: ParsedQuery, facts: Sequence[AnyFact], every: Callable[[], Sequence[AnyFact]],
         fact_base: FactBase) -> Direct:
    kind = _kind_of(query, facts)
    chosen = [f for f in facts if f.kind == kind][:LISTED]
    people_named = {v for f in query.filters if f.field == "people" for v in f.values}
    sides_named = {v for f in query.filters if f.field == "countries" for v in f.values}
    if kind == "position" and (people_named or sides_named):
        # "who praised China?", "who praised Xi?": the one named is what was spoken of;
        # whoever spoke of them, if the record has such statements, answers "who" (the
        # first LISTED: each fact read is made from its record)
        others = (f for f in every() if f.kind == kind and not set(f.people) & people_named
                  and not (not people_named and set(fact_base.sides(f)) & sides_named))
        chosen = list(islice(others, LISTED)) or chosen
    if kind == "meeting":
        chosen = _oldest_first(chosen)
        names = joined(dict.fromkeys(n for m in chosen for n in people(m, fact_base)))
        return Direct(f"{names} met: {_dates_list(chosen, fact_base)}.", _ids(chosen))
    if kind == "agreement":
        return Direct(" ".join(_describe(f, query, fact_base) for f in chosen[:3]),
                      _ids(chosen[:3]))
    by_speaker: dict[str, list[AnyFact]] = {}
    for fact in chosen:
        by_speaker.setdefault(speaker(fact, fact_base), []).append(fact)
    parts = [f"{who} {joined(on_date(d) for d in sorted({f.date for f in said}))}"
             for who, said in by_speaker.items()]
    ordered = [f for said in by_speaker.values() for f in said]
    if len(ordered) == 1:  # one statement: its words too
        return Direct(sentence(f"Said by {parts[0]}: {quoted(ordered[0])}"), _ids(ordered))
    return Direct(f"Said by {'; '.join(parts)}.", _ids(ordered))


def _count(query: ParsedQuery, facts: Sequence[AnyFact], total: int,
           fact_base: FactBase) -> Direct:
    noun = plural(query.kind)
    if total == 1:
        noun = noun.removesuffix("s")
    people_filter = next((f for f in query.filters if f.field == "people"), None)
    between = ""
    if query.kind == "meeting" and people_filter is not None:
        names = [fact_base.name("people", p) for p in people_filter.values]
        between = f" between {joined(names)}" if len(names) > 1 else f" with {names[0]}"
    ordered = _oldest_first(facts)
    groups: dict[tuple[str, str], list[AnyFact]] = {}
    for fact in ordered:
        groups.setdefault((fact.date, fact.place or ""), []).append(fact)
    if all(len(group) == 1 for group in groups.values()):
        listing = _dates_list(ordered[:LISTED], fact_base)
    else:
        listing = joined(f"{len(group)} {on_date(date)}{in_place(group[0], fact_base)}"
                         for (date, _), group in list(groups.items())[:LISTED])
    if total > len(facts):  # the sentence rests on the first EVERY: some of them, not all
        lead, more = ", among them: ", ""
    else:
        lead, more = ": ", " and more" if len(groups) > LISTED else ""
    return Direct(f"The fact base records {total} {noun}{between}{lead}{listing}{more}.",
                  _ids(ordered[:LISTED]))


def _yes_no(query: ParsedQuery, facts: Sequence[AnyFact], fact_base: FactBase) -> Direct:
    kind = query.kind or (facts[0].kind if facts else "")
    if not facts:
        return Direct(f"The fact base records no such {_NO_SUCH.get(kind, 'statement')}.", ())
    typed = words(query.text)
    stance = next((_STANCE_OF[w] for w in typed if w in _STANCE_OF), None)
    for fact in facts:
        if fact.kind == kind and _by_subject(fact, query, fact_base) \
                and (stance is None or fact.kind != "position" or fact.stance == stance):
            return Direct(f"Yes: {_said_on(fact, query, fact_base)}", (fact.id,))
    top = facts[0]
    return Direct("The fact base records no statement saying exactly that; what it records: "
                  f"{_said_on(top, query, fact_base)}", (top.id,))


def _said_on(fact: AnyFact, query: ParsedQuery, fact_base: FactBase) -> str:
    if fact.kind == "position":
        return sentence(f"{on_date(fact.date)}{in_place(fact, fact_base)}, "
                        f"{speaker(fact, fact_base)} said {quoted(fact)}")
    return _describe(fact, query, fact_base)


def _by_subject(fact: AnyFact, query: ParsedQuery, fact_base: FactBase) -> bool:
    """Whether the fact is by the question's subject: for a statement the first person or
    country named is the one who spoke; for a meeting every person named took part; for an
    agreement every country named is a party."""
    for condition in query.filters:
        if condition.field == "people":
            named = set(condition.values)
            if fact.kind == "position" and fact.speaker != condition.values[0]:
                return False
            if fact.kind != "position" and not named <= set(fact.people):
                return False
        if condition.field == "countries":
            if fact.kind == "position" and fact.side != condition.values[0]:
                return False
            if fact.kind != "position" and not set(condition.values) <= set(
                    fact_base.sides(fact)):
                return False
    return True
