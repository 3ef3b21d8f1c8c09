"""What every front end (Slack, the console, `relations ask`) shares: one call from a
person's words to a rendered reply, and the one apology shown when answering fails."""

from __future__ import annotations

from dataclasses import dataclass

from .engine import Engine
from .render import COMMAND, FACTS_PER_REPLY, Block, fallback_text, render_blocks

FAILURE_TEXT = ("Sorry, something went wrong while answering that. Please try again, "
                f"or type `{COMMAND} help`.")


@dataclass(frozen=True)
class Reply:
    """What a front end sends: Block Kit blocks plus the plain notification text."""

    blocks: list[Block]
    text: str
    kind: str = ""  # the kind of answer (meeting, position, help, sources...): logs, metrics
    facts: int = 0  # how many facts matched


def reply_to(engine: Engine, query: str) -> Reply:
    """Answer `query` and render it; the one call every front end makes."""
    answer = engine.answer(query, limit=FACTS_PER_REPLY)
    return Reply(render_blocks(answer, engine.fact_base), fallback_text(answer),
                 answer.query.kind or answer.command, answer.total)
