"""Block Kit for the answering layer: the direct sentence, entity cards and comparisons.

Built from the same primitives as every other reply (bot.render), so the same limits hold:
sections are split under 3,000 characters and a reply stays under 50 blocks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .markup import escape
from .render import Block, _context, _sections, format_date

if TYPE_CHECKING:
    from .engine import Answer, FactBase
    from .engine.replies.cards import Card
    from .engine.replies.compare import Comparison

CARD_POSITIONS = 5  # positions listed on a card
COMPARED_PER_GROUP = 6  # positions shown in one group of a comparison
COMPARED_GROUPS = 8  # groups shown (dates or sides); the facts below list the rest


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
        blocks.extend(_sections(f"*{escape(answer.direct.text)}*"))
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
    blocks = _sections("\n".join(lines))
    said = card.statements[:CARD_POSITIONS]
    if said:
        heading = "Who said what" if card.section == "topics" else "Most recent positions"
        rows = [f"*{heading}*"]
        rows.extend(f"• {format_date(s['date'])} · {escape(s['speaker'])}: "
                    f"“{escape(s['quote'])}” · `{s['id']}`" for s in said)
        blocks.extend(_sections("\n".join(rows)))
    return blocks


def comparison_blocks(comparison: Comparison) -> list[Block]:
    blocks: list[Block] = [_context([f"Side by side by {escape(comparison.by)}, oldest first: "
                                     "each entry is the source's own words."])]
    for group in comparison.groups[:COMPARED_GROUPS]:
        rows = [f"*{escape(group['label'])}*"]
        rows.extend(f"• {format_date(item['date'])} · {escape(item['speaker'])}: "
                    f"“{escape(item['quote'])}” · `{item['id']}`"
                    for item in group["items"][:COMPARED_PER_GROUP])
        more = len(group["items"]) - COMPARED_PER_GROUP
        if more > 0:
            rows.append(f"_and {more} more_")
        blocks.extend(_sections("\n".join(rows)))
    return blocks
