"""A fact as Block Kit: its line (date, place, who), summary, quotes and citation; in full
(`fact <id>`) with the fields the line leaves out."""

from __future__ import annotations

import weakref

from ..engine import AnyFact, FactBase
from ..engine.kinds import KIND_BY_NAME
from ..engine.models import BOTH_SIDES
from ..markup import escape
from .blocks import Block, context, format_date, sections

MAX_CARDS = 2048  # cards kept per fact base: 10 per reply, a few KB each
# Between a card's text and its citations: no shown text holds a control character
# (models.Text, sources.py), so a card is one str, in a dict of strs, which the cyclic
# garbage collector never tracks (kept as tuples, cards added half as many objects again
# to its young generations over 3,000 first questions at 100,000 facts).
_APART = "\0"
_cards: tuple[weakref.ref[FactBase], dict[str, str]] | None = None


def fact_blocks(fact: AnyFact, fact_base: FactBase, full: bool = False) -> list[Block]:
    """The fact's blocks; its text is made once per fact base and kept (up to MAX_CARDS,
    then they start afresh): a card costs about 9 µs, a quarter of a one-fact reply."""
    cards = _cards_of(fact_base)
    key = f"{fact.id} in full" if full else fact.id  # an id is a slug: no spaces
    card = cards.get(key)
    if card is None:
        if len(cards) >= MAX_CARDS:
            cards.clear()
        card = cards[key] = _APART.join(_card(fact, fact_base, full))
    text, *citations = card.split(_APART)
    return [*sections(text), context(citations), {"type": "divider"}]


def _cards_of(fact_base: FactBase) -> dict[str, str]:
    """The cards of the fact base answering now; a new one (a reload) starts afresh and
    the old one's go with it."""
    global _cards
    held = _cards
    if held is None or held[0]() is not fact_base:
        held = _cards = (weakref.ref(fact_base), {})
    return held[1]


def _card(fact: AnyFact, fact_base: FactBase, full: bool) -> list[str]:
    """The card's text, then its citations."""
    heading = f"*{KIND_BY_NAME[fact.kind].label}* · {_fact_line(fact, fact_base)}"
    lines = [heading, escape(fact.summary)]
    if full:
        lines.extend(_details(fact, fact_base))
    for quote in fact.quotes:
        lines.append(_block_quote(quote.text))
        if quote.location == "caption":  # not the article's own words: say so
            lines.append("_(photo caption)_")
    citations = []
    for source_id in dict.fromkeys(q.source for q in fact.quotes):
        source = fact_base.sources.get(source_id)
        if source is not None:
            published = format_date(source.published.isoformat())
            citations.append(f"{escape(source.publisher)}, “{escape(source.headline)}”, "
                             f"{escape(source.dateline)}, {published}")
    citations.append(f"`{fact.id}`")
    return ["\n".join(lines), *citations]


def _fact_line(fact: AnyFact, fact_base: FactBase) -> str:
    parts = [format_date(fact.date)]
    location = fact_base.location_names(fact)
    if location:
        parts.append(", ".join(location))
    if fact.kind == "position":
        people = ", ".join(fact_base.name("people", p) for p in fact.people)
        side = _side_name(fact_base, fact.side)
        said = f"{people} ({side} side)" if people else f"{side} side"
        if fact.recipient:
            said += f" to {_side_name(fact_base, fact.recipient)}"
        parts.append(said)
    elif fact.kind == "agreement":
        parts.extend(f"{label} {_names(fact_base, people)}" for label, people in (
            ("between", fact.party_leaders), ("signed by", fact.signed_by),
            ("witnessed by", fact.witnessed_by)) if people)
    else:
        parts.append(_names(fact_base, fact.participants))
        if fact.occasion:
            parts.append(fact.occasion)
    if fact.reported_by:
        parts.append(_recalled(fact, fact_base))
    return " · ".join(escape(p) for p in parts)


def _recalled(fact: AnyFact, fact_base: FactBase) -> str:
    """'as recalled by Xi Jinping in Astana on 17 Jun 2025': the source's own date is not
    the event's."""
    text = f"as recalled by {fact_base.name('people', fact.reported_by or '')}"
    where = fact_base.by_id.get(fact.reported_at or "")
    if where is not None and where.place:
        text += f" in {fact_base.name('places', where.place)}"
    if fact.reported_on:
        text += f" on {format_date(fact.reported_on)}"
    return text


def _names(fact_base: FactBase, people: tuple[str, ...]) -> str:
    """'Xi Jinping and Sadyr Japarov'; three or more joined by commas, 'and' before the last."""
    names = [fact_base.name("people", p) for p in people]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _side_name(fact_base: FactBase, side: str) -> str:
    return "both sides" if side == BOTH_SIDES else fact_base.name("countries", side)


# How a fact's `meeting` reads, as the source ties them (see models.MeetingLink).
_MEETING_LINKS = {"at": "Reached at the meeting {}", "after": "After the meeting {}",
                  "reported-with": "Reported with the meeting {} (the source does not say when)",
                  None: "Reported with the meeting {} (the source does not say when)"}


def _details(fact: AnyFact, fact_base: FactBase) -> list[str]:
    """The fields a summary line leaves out, for `fact <id>`."""
    rows = []
    if fact.kind == "agreement":
        rows.append(f"Document: {fact.document}")
        rows.append("Parties: " + ", ".join(fact_base.name("countries", c) for c in fact.parties))
        if fact.fields:
            rows.append("Fields: " + ", ".join(fact_base.name("topics", t) for t in fact.fields))
    if fact.kind == "position":
        rows.append(f"Stance: {fact.stance}")
    if fact.kind == "meeting" and fact.venue:
        rows.append(f"Venue: {fact.venue}")
    event = fact_base.event_of(fact)
    if event:
        rows.append(f"During: {fact_base.name('events', event)}")
    if fact.refers_to:
        rows.append(f"Refers to: {format_date(fact.refers_to)}")
    if fact.topics and fact.topics != getattr(fact, "fields", ()):
        rows.append("Topics: " + ", ".join(fact_base.name("topics", t) for t in fact.topics))
    if fact.organisations:
        rows.append("Organisations: " + ", ".join(
            fact_base.name("organisations", o) for o in fact.organisations))
    if fact.countries:
        rows.append("Also names: " + ", ".join(
            fact_base.name("countries", c) for c in fact.countries))
    rows = [escape(row) for row in rows]
    meeting = getattr(fact, "meeting", None)
    if meeting:
        link = "Said at the meeting {}" if fact.kind == "position" \
            else _MEETING_LINKS[getattr(fact, "meeting_link", None)]
        rows.append(link.format(f"`{meeting}`"))
    if fact.replaces:
        rows.append("Former ids: " + ", ".join(f"`{old}`" for old in fact.replaces))
    return rows


def _block_quote(text: str) -> str:
    return "\n".join(f">{escape(line)}" for line in text.split("\n"))
