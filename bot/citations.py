"""Ready-to-paste citations of the facts on a page: publisher, headline, date, quote.

One line per quote, in a preformatted block so it copies cleanly into a report or an
email; the quote is the source's words exactly, never shortened.
"""

from __future__ import annotations

from collections.abc import Iterable

from .engine import AnyFact, FactBase
from .frontend import Reply
from .markup import escape
from .render import MAX_BLOCKS, MAX_SECTION_TEXT, Block, format_date

_FENCE = "```"


def citation_lines(facts: Iterable[AnyFact], fact_base: FactBase) -> list[str]:
    """Publisher, “headline”, dateline, date: “quote” (fact id); unique, in fact order."""
    lines: list[str] = []
    for fact in facts:
        for quote in fact.quotes:
            source = fact_base.sources.get(quote.source)
            if source is None:
                continue
            published = format_date(source.published.isoformat())
            lines.append(f"{source.publisher}, “{source.headline}”, {source.dateline}, "
                         f"{published}: “{quote.text}” ({fact.id})")
    return list(dict.fromkeys(lines))


def citation_reply(facts: Iterable[AnyFact], fact_base: FactBase) -> Reply:
    """A private message with the citations, each in its own copyable block."""
    lines = citation_lines(facts, fact_base)
    blocks: list[Block] = [{"type": "header", "text": {
        "type": "plain_text", "text": f"Citation{'s' if len(lines) != 1 else ''}"}}]
    for line in lines:
        for chunk in _chunks(line, MAX_SECTION_TEXT - 2 * len(_FENCE)):
            blocks.append({"type": "section",
                           "text": {"type": "mrkdwn", "text": f"{_FENCE}{chunk}{_FENCE}"}})
    text = escape("\n".join(lines)) or "No citation found."
    if len(text) > MAX_SECTION_TEXT:
        text = text[: MAX_SECTION_TEXT - 1].rsplit("\n", 1)[0] + "…"
    return Reply(blocks[:MAX_BLOCKS], text, "cite")


def _chunks(line: str, width: int) -> list[str]:
    """`line` escaped, in pieces of at most `width` characters, split between words."""
    chunks, current = [], ""
    for word in line.split(" "):
        word = escape(word)
        if len(word) > width:  # one enormous "word": flush, then cut it
            chunks.extend([current] if current else [])
            chunks.extend(word[start:start + width] for start in range(0, len(word), width))
            current = ""
            continue
        if current and len(current) + 1 + len(word) > width:
            chunks.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*chunks, current] if current else chunks
