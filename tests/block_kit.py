"""Block Kit's limits, asserted in one place for every reply the tests look at."""

from __future__ import annotations

from typing import Any

from bot.buttons import (
    MAX_ACTION_ID,
    MAX_ACTIONS_ELEMENTS,
    MAX_BUTTON_TEXT,
    MAX_BUTTONS,
    MAX_VALUE,
)
from bot.render import MAX_BLOCKS, MAX_CONTEXT_ELEMENTS, MAX_HEADER_TEXT, MAX_SECTION_TEXT


def assert_within_block_kit_limits(blocks: list[dict[str, Any]],
                                   max_blocks: int = MAX_BLOCKS) -> None:
    """At most 50 blocks (100 in a home view); header text at most 150 characters; section
    and context text at most 3000; at most 10 context elements; actions blocks of at most
    5 buttons, 25 in all, each with a label of at most 75 characters, an action_id of at
    most 255 and a value of at most 2000; only the block types the renderer uses."""
    assert 0 < len(blocks) <= max_blocks
    buttons = 0
    for block in blocks:
        assert len(block.get("block_id", "")) <= MAX_ACTION_ID
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
        elif block["type"] == "actions":
            assert 0 < len(block["elements"]) <= MAX_ACTIONS_ELEMENTS
            for element in block["elements"]:
                buttons += 1
                assert element["type"] == "button"
                assert 0 < len(element["text"]["text"]) <= MAX_BUTTON_TEXT
                assert 0 < len(element["action_id"]) <= MAX_ACTION_ID
                assert 0 < len(element["value"]) <= MAX_VALUE
            ids = [e["action_id"] for e in block["elements"]]
            assert len(ids) == len(set(ids)), "action_ids must be unique in a block"
        else:
            assert block["type"] == "divider"
    assert buttons <= MAX_BUTTONS
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    assert len(block_ids) == len(set(block_ids))
