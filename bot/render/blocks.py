"""Block Kit's pieces, within Slack's limits, and Block Kit back to text for terminals.

Every reply is built of these, so one place keeps the limits: a header's length, a
context's elements, a section's text (long text split, never cut off).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..engine.replies.phrases import spoken_date
from ..markup import shown

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10


@lru_cache(maxsize=4096)  # a few formatted per reply, from a fact base's few thousand dates
def format_date(value: str) -> str:
    """'2025-06-17' -> '17 Jun 2025', '2025-02' -> 'Feb 2025', '2025' stays."""
    return spoken_date(value, short=True)


def header(text: str) -> Block:
    if len(text) > MAX_HEADER_TEXT:
        text = text[: MAX_HEADER_TEXT - 1] + "…"
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def context(items: list[str]) -> Block:
    items = items[:MAX_CONTEXT_ELEMENTS]
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": t[:MAX_SECTION_TEXT]}
                                            for t in items]}


def sections(text: str) -> list[Block]:
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


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut between words, with an ellipsis if cut."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


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
