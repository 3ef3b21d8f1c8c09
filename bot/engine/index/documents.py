"""What a fact exposes to search: its words, the filter values it meets, its timeline place."""

from __future__ import annotations

from collections.abc import Iterable

from ..factbase import FactBase
from ..kinds import KIND_BY_NAME
from ..models import AnyFact
from ..text import stem


def fact_text(fact: AnyFact, fact_base: FactBase) -> str:
    """All the words a fact can be found by: its summary, quotes, details and entity names."""
    parts = [fact.summary, *(q.text for q in fact.quotes)]
    fields = vars(fact)  # the model's own fields: no slow lookups of absent attributes
    for attribute in ("occasion", "venue", "document"):
        value = fields.get(attribute)
        if value:
            parts.append(value)
    parts.extend(fact_base.name("people", p) for p in fact.people)
    parts.extend(fact_base.name("topics", t) for t in fact_topics(fact))
    if fact.place:
        parts.append(fact_base.name("places", fact.place))
    return " ".join(parts)


def fact_topics(fact: AnyFact) -> tuple[str, ...]:
    """Topics a fact is about, counting the fields an agreement covers."""
    return (*fact.topics, *vars(fact).get("fields", ()))


def filter_keys(fact: AnyFact, fact_base: FactBase) -> Iterable[tuple[str, str]]:
    """Every (field, value) a filter can ask of this fact."""
    yield "kind", fact.kind
    for date in (fact.date, fact.refers_to) if fact.refers_to else (fact.date,):
        yield "date", date[:4]
        if len(date) >= 7:
            yield "date", date[:7]
            yield "date", f"--{date[5:7]}"
    for person in fact.people:
        yield "people", person
    for country in (*fact_base.sides(fact), *fact.countries):
        yield "countries", country
    event = fact_base.event_of(fact)
    if event:
        yield "events", event
    for place in fact_base.location(fact):
        yield "location", place
    for organisation in fact.organisations:
        yield "organisations", organisation
    for topic in fact_topics(fact):
        yield "topics", topic


def timeline_key(fact: AnyFact) -> tuple[str, int, str]:
    """Oldest first; within a day, the meeting, then what was said, then what was signed."""
    return fact.date, KIND_BY_NAME[fact.kind].day_order, fact.id


class StemMemo(dict[str, str]):
    """A memo of `stem` for one build (the shared lru_cache is smaller than big vocabularies)."""

    def __missing__(self, word: str) -> str:
        self[word] = found = stem(word)
        return found
