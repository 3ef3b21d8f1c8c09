"""The App Home tab: what the bot is, how to ask, its sources, its size and version, and
the most recent facts. Built from the fact base alone, once per fact base (not per
visit): `HomeTab.view` rebuilds only when the engine holds another fact base.
"""

from __future__ import annotations

import threading
from typing import Any

from .engine import Engine
from .engine.kinds import KIND_PLURALS
from .markup import escape
from .render import COMMAND, Block, format_date

MAX_HOME_BLOCKS = 100  # Block Kit's limit for a home tab view
RECENT_FACTS = 5
MAX_SOURCES_SHOWN = 20
# Questions that find facts in the fact base (tests/slack/test_home.py asks each one).
EXAMPLES = ("what was signed in Astana?", "what did Japarov say about Taiwan?",
            "meetings 2022", "positions railway", "timeline")

ABOUT = ("*relations* answers questions about China–Kyrgyzstan relations (who met whom, "
         "what was signed, who said what) from a curated fact base. Every answer quotes "
         "its source article word for word, with a citation; when the fact base holds "
         "nothing about a question, it says so.")


def home_view(engine: Engine) -> dict[str, Any]:
    """The `home` view for views.publish."""
    fact_base = engine.fact_base
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "relations"}},
        _section(ABOUT),
        _section("*How to ask* (in any channel, in a DM to the bot, or here in Messages)\n"
                 + "\n".join(f"`{COMMAND} {escape(example)}`" for example in EXAMPLES)
                 + f"\n`{COMMAND} help` lists everything you can ask."),
        {"type": "divider"},
    ]
    kinds = fact_base.summary.kind_counts
    size = ", ".join(f"{n} {KIND_PLURALS[kind] if n != 1 else kind}"
                     for kind, n in sorted(kinds.items()))
    blocks.append(_section(f"*The fact base*: {len(fact_base.facts)} facts ({size}) from "
                           f"{len(fact_base.sources)} source article(s)."))
    if engine.version is not None:
        blocks.append(_context(f"Version: {escape(engine.version.label())}"))
    sources = sorted(fact_base.sources.values(), key=lambda s: s.published, reverse=True)
    lines = [f"• {format_date(s.published.isoformat())}: {escape(s.publisher)}, "
             f"“{escape(s.headline)}”" for s in sources[:MAX_SOURCES_SHOWN]]
    if len(sources) > MAX_SOURCES_SHOWN:
        lines.append(f"… and {len(sources) - MAX_SOURCES_SHOWN} more: `{COMMAND} sources`")
    blocks.append(_section("*Sources*\n" + "\n".join(lines)))
    blocks.append({"type": "divider"})
    blocks.append(_section("*Most recent facts*"))
    for fact in fact_base.facts[:RECENT_FACTS]:  # the fact base keeps facts newest first
        blocks.append(_section(f"*{fact.kind.capitalize()}* · {format_date(fact.date)}\n"
                               f"{escape(fact.summary)}"))
        blocks.append(_context(f"`{COMMAND} fact {fact.id}`"))
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}


class HomeTab:
    """The home view, built once per fact base and shared by every visit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: tuple[object, dict[str, Any]] | None = None

    def view(self, engine: Engine) -> dict[str, Any]:
        with self._lock:
            if self._built is None or self._built[0] is not engine.fact_base:
                self._built = (engine.fact_base, home_view(engine))
            return self._built[1]


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}
