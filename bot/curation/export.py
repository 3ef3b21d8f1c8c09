"""`relations export`: the fact base as rows for spreadsheets and event-data pipelines.

csv and json hold one row per fact (every field; lists joined by "; " in csv). plover
holds one event per line (JSON Lines) in the shape of the PLOVER event ontology: meetings
are CONSULT, agreements AGREE, positions SUPPORT, COOPERATE, REQUEST or REJECT by their
stance, each with actor, recipient, date, location and the source sentence. Assessments
are views, not events: PLOVER has no type for them, so they are left out (and counted).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from bot.engine.factbase import FactBase
from bot.engine.locations import layout
from bot.engine.models import BOTH_SIDES, AnyFact
from bot.engine.sources import normalize_space

FORMATS = ("csv", "json", "plover")
COLUMNS = (
    "id", "kind", "date", "summary", "place", "location", "speaker", "side", "recipient",
    "stance", "participants", "occasion", "venue", "document", "parties", "party_leaders",
    "signed_by", "witnessed_by", "fields", "meeting", "meeting_link", "event", "topics",
    "organisations", "countries", "reported_by", "reported_on", "reported_at", "refers_to",
    "replaces", "quotes", "quote_locations", "sources", "source_sentence",
)
PLOVER_TYPES = {"meeting": "CONSULT", "agreement": "AGREE"}
PLOVER_STANCES = {"support": "SUPPORT", "commitment": "COOPERATE", "proposal": "REQUEST",
                  "opposition": "REJECT"}


def fact_row(fact: AnyFact, fact_base: FactBase) -> dict[str, Any]:
    """Every field of a fact, entity ids kept (they are stable keys), plus where it happened
    and the sentence(s) of the source its first quote is in."""
    data = fact.model_dump(mode="json")
    row: dict[str, Any] = {column: data.get(column) for column in COLUMNS}
    row["location"] = list(fact_base.location_names(fact))
    row["event"] = fact_base.event_of(fact)
    row["quotes"] = [normalize_space(q.text) for q in fact.quotes]
    row["quote_locations"] = [
        ":".join(str(part) for part in (q.location, q.paragraph) if part is not None)
        for q in fact.quotes]
    row["sources"] = list(dict.fromkeys(q.source for q in fact.quotes))
    row["source_sentence"] = source_sentence(fact, fact_base)
    for key in _LIST_COLUMNS:
        row[key] = row[key] or []
    return row


_LIST_COLUMNS = ("participants", "parties", "party_leaders", "signed_by", "witnessed_by",
                 "fields", "topics", "organisations", "countries", "replaces")


def source_sentence(fact: AnyFact, fact_base: FactBase) -> str:
    """The whole sentence(s) of the source around the fact's first body quote (else its
    first quote): what an event coder reads."""
    quotes = sorted(fact.quotes, key=lambda q: q.location == "caption")
    for quote in quotes:
        source = fact_base.sources.get(quote.source)
        if source is None:
            continue
        found = layout(source)
        wanted = normalize_space(quote.text)
        start = found.text.find(wanted)
        if start >= 0:
            return " ".join(s.quotable for s in found.sentences_around(start, start + len(wanted)))
    return ""


def plover_events(fact_base: FactBase) -> Iterator[dict[str, Any] | None]:
    """Each fact's event, oldest first, as event data is read; None for a fact with no
    PLOVER type (an assessment)."""
    for fact in _oldest_first(fact_base.facts):
        event_type = PLOVER_TYPES.get(fact.kind) or PLOVER_STANCES.get(
            getattr(fact, "stance", ""))
        if event_type is None:
            yield None
            continue
        actor, actor_people, recipient, recipient_people = _actors(fact, fact_base)
        location = fact_base.location(fact)
        source = fact_base.sources.get(fact.quotes[0].source)
        yield {
            "id": fact.id,
            "date": fact.date,
            "event": event_type,
            "mode": "",
            "context": list(vars(fact).get("fields", ())) + list(fact.topics),
            "actor": actor,
            "actor_people": actor_people,
            "recipient": recipient,
            "recipient_people": recipient_people,
            "location": ", ".join(fact_base.name("places", p) for p in location
                                  if p in fact_base.places),
            "location_country": (fact_base.name("countries", location[-1])
                                 if location and location[-1] in fact_base.countries else ""),
            "text": source_sentence(fact, fact_base),
            "source": fact.quotes[0].source,
            "publisher": source.publisher if source else "",
            "published": source.published.isoformat() if source else "",
            "summary": fact.summary,
        }


def _oldest_first(facts: Sequence[AnyFact]) -> Iterator[AnyFact]:
    """By date, then id: the display order (newest date first, ids in order within a
    date) read backwards a date at a time, so that only one date's facts are held."""
    day: list[AnyFact] = []
    for row in range(len(facts) - 1, -1, -1):
        fact = facts[row]
        if day and fact.date != day[0].date:
            yield from reversed(day)
            day = []
        day.append(fact)
    yield from reversed(day)


def _actors(fact: AnyFact, fact_base: FactBase) -> tuple[str, str, str, str]:
    """(actor, its people, recipient, its people), countries and people by name: a position's
    side and speaker towards its recipient; the first side of a meeting or agreement towards
    the others, each with its people (participants, or the leaders who are parties; never
    witnesses)."""
    if fact.kind == "position":
        speaker = fact_base.name("people", fact.speaker) if fact.speaker else ""
        recipient = _side(fact_base, fact, fact.recipient) if fact.recipient else ""
        return _side(fact_base, fact, fact.side), speaker, recipient, ""
    sides = fact_base.sides(fact)
    people = fact.participants if fact.kind == "meeting" else fact.party_leaders
    by_side = {side: [fact_base.name("people", p) for p in people
                      if fact_base.people.get(p) and fact_base.people[p].country == side]
               for side in sides}
    if not sides:  # people of no known country
        return "", "; ".join(fact_base.name("people", p) for p in people), "", ""
    first, others = sides[0], sides[1:]
    return (fact_base.name("countries", first), "; ".join(by_side[first]),
            "; ".join(fact_base.name("countries", c) for c in others),
            "; ".join(name for side in others for name in by_side[side]))


def _side(fact_base: FactBase, fact: AnyFact, side: str) -> str:
    if side == BOTH_SIDES:
        return "; ".join(fact_base.name("countries", c) for c in fact_base.both_sides(fact)) \
            or "both sides"
    return fact_base.name("countries", side)


def export(fact_base: FactBase, fmt: str, out: TextIO) -> str:
    """Write the export to `out` a row at a time (100,000 facts held as rows took over a
    gigabyte); return a note for stderr, or ""."""
    if fmt == "plover":
        skipped = 0
        for event in plover_events(fact_base):
            if event is None:
                skipped += 1
            else:
                out.write(json.dumps(event, ensure_ascii=False) + "\n")
        return (f"{skipped} assessment(s) left out: PLOVER has no event type for a view"
                if skipped else "")
    rows = (fact_row(fact, fact_base) for fact in fact_base.facts)
    if fmt == "json":
        _json(rows, out)
    else:
        _csv(rows, out)
    return ""


def _json(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """As json.dumps(list(rows), indent=1) writes it, a row at a time."""
    out.write("[")
    written = False
    for row in rows:
        text = json.dumps(row, ensure_ascii=False, indent=1).replace("\n", "\n ")
        out.write(("," if written else "") + "\n " + text)
        written = True
    out.write("\n]\n" if written else "]\n")


def _csv(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(key, value) for key, value in row.items()})


def _cell(key: str, value: Any) -> str:
    """Lists joined ("; ", quotes one a line); text a spreadsheet would run as a formula
    (=, +, -, @ first) kept as text with a leading apostrophe, as OWASP advises."""
    if isinstance(value, list):
        value = ("\n" if key in ("quotes", "quote_locations") else "; ").join(map(str, value))
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text


_FORMULA_STARTS = frozenset("=+-@\t\r")
