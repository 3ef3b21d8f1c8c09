"""The one renderer, shared by every front end: reply.py turns an Answer into Block Kit
and its notification text, facts.py shows one fact, answering.py the direct answers,
cards and comparisons above the facts, and blocks.py holds Block Kit's pieces within
Slack's limits and turns blocks back into text for terminals."""

from .blocks import (
    MAX_BLOCKS,
    MAX_CONTEXT_ELEMENTS,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    Block,
    blocks_to_text,
    format_date,
)
from .reply import COMMAND, FACTS_PER_REPLY, HELP_TEXT, fallback_text, render_blocks

__all__ = ["COMMAND", "FACTS_PER_REPLY", "HELP_TEXT", "MAX_BLOCKS", "MAX_CONTEXT_ELEMENTS",
           "MAX_HEADER_TEXT", "MAX_SECTION_TEXT", "Block", "blocks_to_text", "fallback_text",
           "format_date", "render_blocks"]
