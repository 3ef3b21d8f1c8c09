"""Block Kit's limits, asserted in one place for every reply the tests look at."""

from __future__ import annotations

from typing import Any

from bot.render import MAX_BLOCKS, MAX_CONTEXT_ELEMENTS, MAX_HEADER_TEXT, MAX_SECTION_TEXT


def assert_within_block_kit_limits(blocks: list[dict[str, Any]]) -> None:
    """At most 50 blocks; header text at most 150 characters; section and context text at
    most 3000; at most 10 context elements; only the block types the renderer uses."""
    assert 0 < len(blocks) <= MAX_BLOCKS
    for block in blocks:
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text"
            assert len(block["text"]["text"]) <= MAX_HEADER_TEXT
        elif block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= MAX_SECTION_TEXT
            fields = block.get("fields", [])
            assert len(fields) <= 10  # two columns: a comparison of two sides or dates
            assert all(0 < len(f["text"]) <= 2000 for f in fields)
        elif block["type"] == "context":
            assert 0 < len(block["elements"]) <= MAX_CONTEXT_ELEMENTS
            assert all(0 < len(e["text"]) <= MAX_SECTION_TEXT for e in block["elements"])
        else:
            assert block["type"] == "divider"
