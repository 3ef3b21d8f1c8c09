"""The pieces sentences are built from, each taken from a fact's own fields: dates as the
source gives them, places with their country, people and sides by their names."""

from __future__ import annotations

from collections.abc import Iterable

from ..factbase import FactBase
from ..models import AnyFact
from ..query import MONTH_NAMES


def spoken_date(value: str, short: bool = False) -> str:
    """'2025-06-17' -> '17 June 2025', '2025-02' -> 'February 2025', '2025' stays;
    `short`, the month's first three letters ('17 Jun 2025'), as fact lines show it."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) not in (2, 3):
        return value
    month = MONTH_NAMES[parts[1] - 1]
    month = month[:3] if short else month
    return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def on_date(value: str) -> str:
    """'on 17 June 2025', 'in February 2025', 'in 2025'."""
    return f"{'on' if value.count('-') == 2 else 'in'} {spoken_date(value)}"


def place_name(fact: AnyFact, fact_base: FactBase, with_country: bool = True) -> str:
    """'Astana, Kazakhstan', 'Great Hall of the People, Beijing, China' ('' when the fact
    names no place); without the country, the city alone ('Beijing')."""
    names = list(fact_base.location_names(fact))
    if not names:
        return ""
    if with_country:
        return ", ".join(names)
    place = fact_base.places.get(fact.place or "")
    if place is not None and place.within:  # a hall: its city
        return fact_base.name("places", place.within)
    return names[0]


def in_place(fact: AnyFact, fact_base: FactBase) -> str:
    where = place_name(fact, fact_base)
    return f" in {where}" if where else ""


def joined(names: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = list(dict.fromkeys(names))
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def people(fact: AnyFact, fact_base: FactBase) -> list[str]:
    return [fact_base.name("people", p) for p in fact.people]


def speaker(fact: AnyFact, fact_base: FactBase) -> str:
    """'Sadyr Japarov (Kyrgyzstan side)', or 'the China side' when no one is named."""
    if fact.kind != "position":
        return joined(people(fact, fact_base))
    side = fact_base.name("countries", fact.side)
    named = people(fact, fact_base)
    return f"{joined(named)} ({side} side)" if named else f"the {side} side"


def quoted(fact: AnyFact) -> str:
    """The fact's first quote, verbatim, in quotation marks."""
    return f"“{fact.quotes[0].text}”"


_PREPOSITIONS = ("on ", "at ", "during ", "for ", "in ", "ahead of ", "after ", "before ")


def meeting_clause(fact: AnyFact, fact_base: FactBase) -> str:
    """'on 17 June 2025 in Astana, Kazakhstan, on the sidelines of the second China-Central
    Asia Summit': where (with the venue, if it is not the place itself) and at what event."""
    fields = vars(fact)
    where = place_name(fact, fact_base)
    venue = fields.get("venue")
    if venue and not where.startswith(venue):
        where = f"the {venue}" + (f", {where}" if where else "")
    elif venue:
        where = f"the {where}"
    clause = on_date(fact.date) + (f" in {where}" if where else "")
    occasion = fields.get("occasion") or ""
    event = fact_base.event_of(fact)
    if occasion.startswith(_PREPOSITIONS):
        clause += f", {occasion}"
    elif event:
        clause += f", at the {fact_base.name('events', event)}"
    elif occasion:
        clause += f" ({occasion})"
    return clause


def sentence(text: str) -> str:
    """End with a full stop unless a quote already ends the text with its own."""
    return text if (text.endswith(("”", ".", "?", "!")) and text[-2:-1] in ".?!") \
        or text.endswith((".", "?", "!")) else text + "."


def document_name(document: str) -> tuple[str, str]:
    """('The joint statement ...', 'was') or ('Multiple documents ...', 'were')."""
    first = document.split()[0].lower()
    name = document if first in _DETERMINERS else f"the {document}"
    verb = "were" if document.split()[-1].endswith("s") or first in _PLURAL else "was"
    return name[0].upper() + name[1:], verb


_DETERMINERS = frozenset("a an the multiple several some two three four five many".split())
_PLURAL = frozenset("multiple several some two three four five many".split())


def short_when_where(fact: AnyFact, fact_base: FactBase) -> str:
    """'17 June 2025 (Astana)': one item of a list of dates."""
    where = place_name(fact, fact_base, with_country=False)
    return f"{spoken_date(fact.date)}{f' ({where})' if where else ''}"
