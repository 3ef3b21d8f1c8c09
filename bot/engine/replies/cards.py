"""Entity cards: "who is Japarov", "Жапаров" alone, `who <name>`. What the fact base holds
about one person, country, place, organisation or topic: its name and other spellings, its
role as the sources give it, how many meetings, agreements and positions involve it, its
latest meeting, and its positions (for a topic: who said what about it, by side and date)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from ..kinds import KIND_PLURALS
from ..models import AnyFact, Event, Person, Place, Topic
from ..query import Filter, ParsedQuery
from ..text import words
from .phrases import joined, meeting_clause, people, speaker, spoken_date
from .questions import card_subject

if TYPE_CHECKING:
    from ..answering import Engine

STATEMENTS = 8  # positions a card carries
NAMING_LOOKED_AT = 200  # a side's positions naming its country read for its own, at most
OTHER_NAMES = 24  # every spelling of a name in use, other scripts included
_SECTIONS = {"people": ("people", "person"), "countries": ("countries", "country"),
             "organisations": ("organisations", "organisation"), "topics": ("topics", "topic"),
             "events": ("events", "event")}


@dataclass(frozen=True)
class Card:
    section: str  # people, countries, places, organisations or topics
    section_label: str  # person, country, place, organisation, topic
    id: str
    name: str
    other_names: tuple[str, ...]
    role: str | None
    counts: dict[str, int] = field(default_factory=dict)  # meetings / agreements / positions
    latest_meeting: dict[str, str] | None = None  # id, date, text
    statements: list[dict[str, Any]] = field(default_factory=list)  # id, date, speaker, ...


def card_query(engine: Engine, query: ParsedQuery) -> ParsedQuery | None:
    """The query for the one entity a question is about ('who is X', or X alone), if any."""
    if query.order is not None:
        return None  # "what is the latest on Taiwan" asks for the newest facts, not a card
    subject = card_subject(query.text)
    candidate = engine.parse(" ".join(subject)) if subject is not None else query
    if (candidate.command != "search" or candidate.kind or candidate.unknown
            or len(candidate.filters) != 1 or candidate.filters[0].field in ("date", "term",
                                                                             "foreign")
            or len(candidate.filters[0].values) != 1):
        return None
    holder = _office_holder(engine, candidate, subject or [])
    return holder or candidate


def _office_holder(engine: Engine, query: ParsedQuery, subject: list[str]) -> ParsedQuery | None:
    """'who is the president of Kyrgyzstan': the person of that country whose role, as the
    sources give it, has the word asked for."""
    condition = query.filters[0]
    asked_words = set(subject)
    if condition.field not in ("countries", "location") or not asked_words:
        return None  # no words of a role asked ("Kyrgyzstan" alone): no scan of every person
    holders = [p for p in engine.fact_base.people.values()
               if p.country == condition.values[0] and p.role
               and asked_words & set(words(p.role))]
    if len(holders) != 1:
        return None
    person = holders[0]
    return replace(query, filters=(Filter("people", (person.id,), person.name, person.name),))


def entity_card(engine: Engine, query: ParsedQuery) -> Card:
    fact_base = engine.fact_base
    condition = query.filters[0]
    entity_id = condition.values[0]
    if condition.field == "location":
        section = "places" if entity_id in fact_base.places else "countries"
        label = "place" if section == "places" else "country"
    else:
        section, label = _SECTIONS[condition.field]
    entity = fact_base.section(section)[entity_id]
    other = tuple(n for n in dict.fromkeys(
        (*entity.aliases, *(entity.synonyms if isinstance(entity, Topic) else ())))
        if n != entity.name)[:OTHER_NAMES]
    counts = {KIND_PLURALS[kind]: engine.retriever.count(replace(query, kind=kind))
              for kind in KIND_PLURALS}
    meetings, _ = engine.matching(replace(query, kind="meeting", order="newest"), 1)
    latest = None
    if meetings:
        meeting = meetings[0]
        latest = {"id": meeting.id, "date": meeting.date,
                  "text": f"{joined(people(meeting, fact_base))} met "
                          f"{meeting_clause(meeting, fact_base)}"}
    if section == "topics":  # who said what: the newest of each side, by side, oldest first
        statements = sorted((_statement(f, engine) for f in _newest_by_side(engine, query)),
                            key=lambda s: (s["side"], s["date"], s["id"]))
    else:
        positions, _ = engine.matching(replace(query, kind="position", order="newest"),
                                       STATEMENTS)
        statements = [_statement(fact, engine) for fact in positions]
    return Card(section, label, entity.id, entity.name, other, _role(entity, engine), counts,
                latest, statements)


def _newest_by_side(engine: Engine, query: ParsedQuery) -> Iterator[AnyFact]:
    """Each side's newest few positions on the topic, however old. A side's are among the
    positions naming its country (the index's countries are wider than sides), newest
    first: the first few are read, and more only if some were another side's; facts are
    made only until the side has its few."""
    fact_base = engine.fact_base
    each = STATEMENTS // 2
    for side in fact_base.summary.position_sides:
        naming = replace(query, kind="position", order="newest",
                         filters=(*query.filters, Filter("countries", (side,), side)))
        for limit in (STATEMENTS, NAMING_LOOKED_AT):
            rows = engine.rows(naming, limit)
            said = list(islice((fact for fact in (fact_base.facts[row] for row in rows)
                                if fact_base.sides(fact)[0] == side), each))
            if len(said) == each or len(rows) < limit:
                break
        yield from said


def _role(entity: object, engine: Engine) -> str | None:
    fact_base = engine.fact_base
    if isinstance(entity, Person):
        country = fact_base.name("countries", entity.country) if entity.country else ""
        return ", ".join(part for part in (entity.role, country) if part) or None
    if isinstance(entity, Place) and entity.country:
        return f"in {fact_base.name('countries', entity.country)}"
    if isinstance(entity, Event):
        where = fact_base.name("places", entity.place) if entity.place else ""
        when = spoken_date(entity.date) if entity.date else ""
        return ", ".join(part for part in (when, where) if part) or None
    return None


def _statement(fact: AnyFact, engine: Engine) -> dict[str, Any]:
    fact_base = engine.fact_base
    side = fact_base.name("countries", fact.side) if fact.kind == "position" else ""
    return {"id": fact.id, "date": fact.date, "speaker": speaker(fact, fact_base),
            "side": side, "stance": getattr(fact, "stance", None),
            "quote": fact.quotes[0].text}
