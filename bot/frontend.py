"""What every front end (Slack, the console, `relations ask`) shares: one call from a
person's words to a rendered reply with its buttons, and the one apology shown when
answering fails."""

from __future__ import annotations

from dataclasses import dataclass

from .buttons import ButtonState, answer_buttons
from .engine import Answer, Engine
from .paging import answer_page, first_number
from .render import COMMAND, MAX_BLOCKS, Block, fallback_text, render_blocks

FAILURE_TEXT = ("Sorry, something went wrong while answering that. Please try again, "
                f"or type `{COMMAND} help`.")


@dataclass(frozen=True)
class Reply:
    """What a front end sends: Block Kit blocks plus the plain notification text."""

    blocks: list[Block]
    text: str
    command: str = "search"  # the query's command: help, sources, fact, timeline, search...
    outcome: str = "answered"  # answered, nothing found or typo corrected (usage counts)
    kind: str = ""  # the kind of answer (meeting, position, help, sources...): logs, metrics
    facts: int = 0  # how many facts matched


def reply_to(engine: Engine, query: str, *, page: int = 1, front_end: str = "console",
             shared_by: str = "") -> Reply:
    """Answer `query` (one page of it) and render it with its buttons; the one call every
    front end makes. `shared_by`: the Slack user id (or, in the console, the name) of
    whoever shared it to the channel."""
    answer = answer_page(engine, query, page)
    buttons = answer_buttons(answer, ButtonState(query, page, front_end, shared_by))
    blocks = render_blocks(answer, engine.fact_base, first=first_number(page),
                           shared_by=shared_by)
    return Reply([*blocks[: MAX_BLOCKS - len(buttons)], *buttons],
                 fallback_text(answer, engine.fact_base), answer.command, outcome(answer),
                 answer.query.kind or answer.command, answer.total)


def outcome(answer: Answer) -> str:
    """How a question went, for usage counts."""
    if answer.command not in ("help", "sources") and not answer.facts:
        return "nothing found"
    return "typo corrected" if answer.query.corrections else "answered"
