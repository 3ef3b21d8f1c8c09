"""The one renderer: an Answer becomes Block Kit, and Block Kit becomes text for terminals.

Slack and the console show the same blocks, so what a person tries locally is what
Slack will show. Everything shown passes through `bot.markup.escape`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .engine import Answer, AnyFact, FactBase
from .engine.answering import MAX_QUERY_CHARS
from .engine.commands import COMMANDS
from .engine.kinds import KIND_BY_NAME, KIND_PLURALS, KINDS, plural
from .engine.models import BOTH_SIDES
from .engine.replies.phrases import spoken_date
from .engine.replies.questions import QUESTION_EXAMPLES
from .markup import escape, mention, shown
from .paging import FACTS_PER_PAGE

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_NOTIFICATION_QUOTE = 280
MAX_NOTIFICATION = 1000  # a notification shows far less; the blocks hold the rest
FACTS_PER_REPLY = FACTS_PER_PAGE
COMMAND = "/relations"

HELP_TEXT = "\n".join([
    "*Ask about China–Kyrgyzstan relations.* Every answer quotes its source verbatim.",
    *(f"`{COMMAND} {kind.plural} [words]` — {kind.help}" for kind in KINDS),
    *(f"`{COMMAND} {spec.usage}` — {spec.help}" for spec in COMMANDS if spec.usage),
    "*Answered in one line first*, the facts underneath: " + " · ".join(
        f"{asked}: _{example}_" for asked, example in QUESTION_EXAMPLES) + ".",
    """Words narrow the answer, all together: a year (`2022`), a month (`february`), a person \
(`japarov`, `zhaparov`), a side (`kyrgyzstan`), a place (`astana`), a topic (`taiwan`, `railway`, \
`sco`). Typos are forgiven."""])
_ALL_KINDS = ", ".join(kind.plural for kind in KINDS[:-1]) + f" and {KINDS[-1].plural}"


@lru_cache(maxsize=4096)  # a few formatted per reply, from a fact base's few thousand dates
def format_date(value: str) -> str:
    """'2025-06-17' -> '17 Jun 2025', '2025-02' -> 'Feb 2025', '2025' stays."""
    return spoken_date(value, short=True)


# --- Block Kit ---------------------------------------------------------------------------------


def render_blocks(answer: Answer, fact_base: FactBase, *, first: int = 1,
                  shared_by: str | None = None) -> list[Block]:
    """`first`: the number of the first fact shown (pages after the first start later)."""
    if answer.command == "help":
        return [_header("relations — help"), *_sections(HELP_TEXT)]
    if answer.command == "sources":
        return _render_sources(answer, fact_base)
    blocks = [_header(title(answer) or _title(answer)), *answering_blocks(answer, fact_base)]
    understood = " · ".join(filter(None, [_shared_by(shared_by), _understood(answer)]))
    if understood:
        blocks.append(_context([understood]))
    if not answer.facts:
        blocks.extend(_sections(_nothing_found(answer, fact_base)))
        return blocks[:MAX_BLOCKS]
    for fact in answer.facts:
        blocks.extend(_fact_blocks(fact, fact_base, full=answer.command == "fact"))
    if answer.total > len(answer.facts):
        last = first + len(answer.facts) - 1
        example = "".join(f", e.g. `{COMMAND} {escape(s)}`" for s in answer.suggestions[:1])
        blocks.extend(_sections(
            f"Facts {first}–{last} of {answer.total}. "
            f"Narrow down with a year, a person, a place or a topic{example}."))
    return blocks[:MAX_BLOCKS]


def _shared_by(who: str | None) -> str:
    return f"Shared by {mention(who)}" if who else ""


def _title(answer: Answer) -> str:
    if answer.too_long:
        return "Question too long"
    if answer.command == "fact":
        return f"Fact {answer.facts[0].id}" if answer.facts else "No such fact"
    noun = "timeline" if answer.command == "timeline" else plural(answer.query.kind)
    if not answer.total:
        return f"No {noun} found" if noun != "timeline" else "Nothing on the timeline"
    if noun == "timeline":
        return f"Timeline: {answer.total} fact{'s' if answer.total != 1 else ''}, oldest first"
    if answer.total == 1:
        noun = noun.removesuffix("s")
    return f"{answer.total} {noun}"


def _understood(answer: Answer) -> str:
    query = answer.query
    if query.command == "fact" or answer.too_long:
        return ""
    parts = [f"You asked: “{escape(query.text)}”"]
    if query.kind:
        parts.append(f"kind: {KIND_PLURALS[query.kind]}")
    parts.extend(escape(f.label) for f in query.filters if f.field != "foreign")
    parts.extend(f"read “{escape(typed)}” as “{escape(meant)}”"
                 for typed, meant in query.corrections)
    if answer.passed_over:
        parts.append("did not use " + ", ".join(f"“{escape(w)}”" for w in answer.passed_over))
    if answer.note:
        parts.append(escape(answer.note))
    return " · ".join(parts)


def _nothing_found(answer: Answer, fact_base: FactBase) -> str:
    query = answer.query
    if answer.too_long:
        return (f"Your question is {answer.too_long:,} characters long; I read questions of up "
                f"to {MAX_QUERY_CHARS:,}. Ask about one thing at a time: a person, a place, a "
                f"topic or a year, e.g. `{COMMAND} what was signed in Astana?`\n"
                f"Type `{COMMAND} help` for what you can ask.")
    if query.command == "fact":
        text = (f"There is no fact with the id `{escape(query.fact_id or '')}`. "
                "Ids appear under each fact in answers.")
    elif answer.not_covered:
        subjects = ", ".join(f"“{escape(s)}”" for s in answer.not_covered)
        text = (f"The fact base has nothing about {subjects}. It covers China–Kyrgyzstan "
                f"{_ALL_KINDS} from {len(fact_base.sources)} source "
                f"article(s); see `{COMMAND} sources`.")
    else:
        text = "No facts match all of that together."
        years = fact_base.years(query.kind)
        if any(f.field == "date" for f in query.filters) and years:
            noun = plural(query.kind)
            text += f" The fact base has {noun} from {', '.join(years)}."
    if answer.suggestions:
        tries = " or ".join(f"`{COMMAND} {escape(s)}`" for s in answer.suggestions)
        text += f"\nDid you mean {tries}?" if answer.not_covered or query.command == "fact" \
            else f"\nTry {tries}."
    elif query.command != "fact":
        text += f"\nType `{COMMAND} help` for what you can ask."
    return text


def _fact_blocks(fact: AnyFact, fact_base: FactBase, full: bool = False) -> list[Block]:
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
    return [*_sections("\n".join(lines)), _context(citations), {"type": "divider"}]


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


def _render_sources(answer: Answer, fact_base: FactBase) -> list[Block]:
    blocks = [_header(f"{len(answer.sources)} source article(s)")]
    if answer.version is not None:
        blocks.append(_context([escape(answer.version.label())]))
    for source in answer.sources[: (MAX_BLOCKS - len(blocks)) // 2]:
        text = (f"*{escape(source.headline)}*\n{escape(source.publisher)}, "
                f"{escape(source.dateline)}, {format_date(source.published.isoformat())}")
        blocks.extend(_sections(text))
        count = fact_base.fact_count(source.id)
        blocks.append(_context([f"`{source.id}`", f"{count} fact{'s' if count != 1 else ''}"]))
    return blocks[:MAX_BLOCKS]


def _header(text: str) -> Block:
    if len(text) > MAX_HEADER_TEXT:
        text = text[: MAX_HEADER_TEXT - 1] + "…"
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def _context(items: list[str]) -> Block:
    items = items[:MAX_CONTEXT_ELEMENTS]
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": t[:MAX_SECTION_TEXT]}
                                            for t in items]}


def _sections(text: str) -> list[Block]:
    """One or more sections: long text is split at line ends (then spaces), never cut off.

    Walks the text by offset (no copy of the rest per chunk), so time is linear in its length.
    """
    chunks = []
    start, prefix = 0, ""
    while len(prefix) + len(text) - start > MAX_SECTION_TEXT:
        room = start + MAX_SECTION_TEXT - len(prefix)
        cut = text.rfind("\n", start, room)
        if cut <= start:
            cut = text.rfind(" ", start, room)
        if cut <= start:
            cut = room
        chunks.append(prefix + text[start:cut])
        start = cut
        while start < len(text) and text[start] == "\n":
            start += 1
        prefix = ""
        if start < len(text) and chunks[-1].startswith(">") and text[start] != ">":
            while start < len(text) and text[start] == " ":
                start += 1
            prefix = ">"
    chunks.append(prefix + text[start:])
    return [{"type": "section", "text": {"type": "mrkdwn", "text": chunk}} for chunk in chunks]


def fallback_text(answer: Answer, fact_base: FactBase) -> str:
    """The message's `text`: what notifications and screen readers get, so it carries the
    answer itself in plain words (the first fact and its quote), not just the title."""
    if answer.command == "help":
        return (f"relations: how to ask. `{COMMAND} meetings`, `{COMMAND} agreements`, "
                f"`{COMMAND} positions`, `{COMMAND} sources` or a question in plain words.")
    if answer.command == "sources":
        newest = answer.sources[0] if answer.sources else None
        latest = (f"; the newest: {escape(newest.publisher)}, “{escape(newest.headline)}”, "
                  f"{format_date(newest.published.isoformat())}") if newest else ""
        return f"{len(answer.sources)} source article(s){latest}."
    if answer.direct is not None:
        return _clip(answer.direct.text, MAX_NOTIFICATION)
    title = _title(answer)
    if not answer.facts:
        why = _nothing_found(answer, fact_base).split("\n", 1)[0]
        return _clip(f"{title}. {why}", MAX_NOTIFICATION)
    fact = answer.facts[0]
    quote = escape(_clip(fact.quotes[0].text, MAX_NOTIFICATION_QUOTE))
    return _clip(f"{title}. {format_date(fact.date)}: {escape(fact.summary)} “{quote}”",
                 MAX_NOTIFICATION)


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut between words, with an ellipsis if cut."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


# --- text for terminals ------------------------------------------------------------------------


def blocks_to_text(blocks: list[Block]) -> str:
    """What Slack would show, as plain text: headers, sections, contexts and dividers."""
    lines: list[str] = []
    for block in blocks:
        kind = block["type"]
        if kind == "header":
            title = block["text"]["text"]
            lines.extend([title, "=" * len(title)])
        elif kind == "section":
            lines.append(shown(block["text"]["text"]))
            lines.extend(shown(field["text"]) for field in block.get("fields", ()))
        elif kind == "context":
            lines.append("  " + " · ".join(shown(e["text"]) for e in block["elements"]))
        elif kind == "divider":
            lines.append("-" * 40)
        elif kind == "actions":
            lines.append("  ".join(f"[ {e['text']['text']} ]" for e in block["elements"]))
    return "\n".join(lines)


# The answering layer's blocks build on this module's, so they are imported last; at
# start-up, not on a first question.
from .render_answering import answering_blocks, title  # noqa: E402
