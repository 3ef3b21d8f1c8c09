"""Block Kit for the answering layer: the direct sentence, entity cards and comparisons.

Built from the same pieces as every other reply (blocks.py), so the same limits hold:
sections are split under 3,000 characters and a reply stays under 50 blocks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..markup import escape
from .blocks import Block, context, format_date, sections

if TYPE_CHECKING:
    from ..engine import Answer, FactBase
    from ..engine.replies.cards import Card
    from ..engine.replies.compare import Comparison

COMPARED_PER_GROUP = 6  # positions shown in one group of a comparison
COMPARED_GROUPS = 8  # groups shown (dates or sides); the facts below list the rest
MAX_FIELD_TEXT = 2000  # Block Kit's limit for one field of a section


def title(answer: Answer) -> str | None:
    """The header of a card or a comparison, None for other replies."""
    if answer.card is not None:
        return f"{answer.card.name}: {answer.total} fact{'s' if answer.total != 1 else ''}"
    if answer.comparison is not None:
        return f"{answer.total} position{'s' if answer.total != 1 else ''} side by side"
    return None


def answering_blocks(answer: Answer, fact_base: FactBase) -> list[Block]:
    """The sections that go right under the header, before the supporting facts."""
    blocks: list[Block] = []
    if answer.direct is not None:
        blocks.extend(sections(f"*{escape(answer.direct.text)}*"))
    if answer.card is not None:
        blocks.extend(card_blocks(answer.card))
    if answer.comparison is not None:
        blocks.extend(comparison_blocks(answer.comparison))
    return blocks


def card_blocks(card: Card) -> list[Block]:
    lines = [f"*{escape(card.name)}* · {escape(card.section_label)}"]
    if card.other_names:
        lines.append("Also written: " + escape(", ".join(card.other_names)))
    if card.role:
        lines.append(f"Role (as the sources give it): {escape(card.role)}")
    lines.append("In the fact base: " + ", ".join(f"{n} {kind}"
                                                  for kind, n in card.counts.items()))
    latest = card.latest_meeting
    if latest:
        lines.append(f"Latest meeting: {escape(latest['text'])} · `{latest['id']}`")
    blocks = sections("\n".join(lines))
    said = card.statements  # a few (cards.STATEMENTS), whole: every side of a topic shows
    if said:
        heading = "Who said what" if card.section == "topics" else "Most recent positions"
        rows = [f"*{heading}*"]
        rows.extend(f"• {format_date(s['date'])} · {escape(s['speaker'])}: "
                    f"“{escape(s['quote'])}” · `{s['id']}`" for s in said)
        blocks.extend(sections("\n".join(rows)))
    return blocks


def comparison_blocks(comparison: Comparison) -> list[Block]:
    """Two groups (two sides, or two dates) as two columns of one section; more as one
    section each, oldest first. Quotes are never cut: a column that cannot hold one whole
    position falls back to sections."""
    note = (f"Side by side, grouped by {escape(comparison.by)}, oldest first: each entry is "
            "the source's own words.")
    columns = [_group_text(group, MAX_FIELD_TEXT) for group in comparison.groups]
    if len(columns) == 2 and all(columns):
        return [{"type": "section", "text": {"type": "mrkdwn", "text": note},
                 "fields": [{"type": "mrkdwn", "text": c} for c in columns if c]}]
    blocks: list[Block] = [context([note])]
    for group in comparison.groups[:COMPARED_GROUPS]:
        blocks.extend(sections(_group_text(group) or ""))
    return blocks


def _group_text(group: dict[str, Any], most: int | None = None) -> str | None:
    """A group's label and its positions, each with its quote, within `most` characters by
    leaving whole positions out (and saying how many); None if not even one fits."""
    rows = [f"*{escape(group['label'])}*"]
    for item in group["items"][:COMPARED_PER_GROUP]:
        rows.append(f"• {format_date(item['date'])} · {escape(item['speaker'])}: "
                    f"“{escape(item['quote'])}” · `{item['id']}`")
    while len(rows) > 1:
        more = len(group["items"]) - (len(rows) - 1)
        text = "\n".join(rows + ([f"_and {more} more_"] if more > 0 else []))
        if most is None or len(text) <= most:
            return text
        rows.pop()
    return None
