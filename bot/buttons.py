"""The buttons under an answer, and the state each one carries in its `value`.

A button's value holds all a click needs (the query text, the page and the front end it
was asked from), so any replica of the bot can answer any click: there is no
server-side session. Slack hands the value back as it was sent, but a value may still be
stale (made by an older version of the bot) or forged in a hand-made request: `decode`
refuses anything that is not exactly what `encode` makes, and the click gets a polite
reply instead of an error.

Built on the renderer's side, so the console shows the same buttons Slack does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

import orjson

from .engine import Answer
from .paging import page_count

Block = dict[str, Any]

FORMAT = 1  # bump when the value's shape changes: older buttons then read as stale
# Block Kit's limits (api.slack.com/reference/block-kit): elements per actions block,
# buttons per message (our own cap), value and action_id lengths, button text length.
MAX_ACTIONS_ELEMENTS = 5
MAX_BUTTONS = 25
MAX_VALUE = 2000
MAX_ACTION_ID = 255
MAX_BUTTON_TEXT = 75
FRONT_ENDS = ("command", "mention", "dm", "console")
PRIVATE_FRONT_ENDS = ("command", "console")  # replies only the asker sees: they offer Share


@dataclass(frozen=True)
class Button:
    """One kind of button: the action_id its listener is registered for, and its label."""

    action_id: str
    label: str
    style: str | None = None  # "primary" or None (Block Kit's default look)


SHARE = Button("relations_share", "Share to channel", "primary")
MORE = Button("relations_more", "Show more")
PREVIOUS = Button("relations_previous", "Previous")
NEXT = Button("relations_next", "Next")
CITE = Button("relations_cite", "Cite")
HELPFUL = Button("relations_helpful", "Helpful")
NOT_HELPFUL = Button("relations_not_helpful", "Not helpful")
SUGGEST = Button("relations_suggest", "Suggest a fact")
BUTTONS = (SHARE, MORE, PREVIOUS, NEXT, CITE, HELPFUL, NOT_HELPFUL, SUGGEST)
PAGING = (MORE, PREVIOUS, NEXT)
BY_ACTION_ID = {button.action_id: button for button in BUTTONS}


class StaleButton(Exception):
    """A click whose value this bot cannot use: from an older answer, or not ours at all."""

    def __init__(self, query: str | None = None):
        super().__init__("stale or unreadable button value")
        self.query = query  # the question, when it could be read, to offer asking again


@dataclass(frozen=True)
class ButtonState:
    """What a click needs to know: which question, which page, asked from where, and who
    shared it to the channel (a Slack user id, or a name in the console), if anyone."""

    query: str
    page: int = 1
    front_end: str = "command"
    shared_by: str = ""

    @property
    def shareable(self) -> bool:
        return self.front_end in PRIVATE_FRONT_ENDS and not self.shared_by

    def encode(self) -> str:
        data: dict[str, object] = {"v": FORMAT, "q": self.query, "p": self.page,
                                   "f": self.front_end}
        if self.shared_by:
            data["s"] = self.shared_by
        try:
            return orjson.dumps(data).decode()  # the same text as _COMPACT's, 4 times faster
        except orjson.JSONEncodeError:  # a lone surrogate, which only the standard library escapes
            return _COMPACT.encode(data)

    @classmethod
    def decode(cls, value: object) -> ButtonState:
        """The state in a button's value; StaleButton for anything `encode` did not make."""
        if not isinstance(value, str) or len(value) > MAX_VALUE:
            raise StaleButton()
        try:
            data = json.loads(value)
        except ValueError:
            raise StaleButton() from None
        if not isinstance(data, dict):
            raise StaleButton()
        query = data.get("q")
        query = query if isinstance(query, str) else None
        page, front_end, shared_by = data.get("p"), data.get("f"), data.get("s", "")
        if (data.get("v") != FORMAT or query is None or not set(data) <= _KEYS
                or type(page) is not int or page < 1 or front_end not in FRONT_ENDS
                or not isinstance(shared_by, str) or len(shared_by) > MAX_ACTION_ID):
            raise StaleButton(query)
        return cls(query, page, front_end, shared_by)


_KEYS = {"v", "q", "p", "f", "s"}
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # built once, not per value


def answer_buttons(answer: Answer, state: ButtonState) -> list[Block]:
    """The actions blocks under one reply: share, pages and cite; then feedback.

    None for help, or when the query is too long to fit in a button's value.
    """
    value = state.encode()  # once: most buttons carry the same value
    if answer.command == "help" or len(value) > MAX_VALUE:
        return []
    share = [(SHARE, value)] if state.shareable else []
    if answer.command == "sources":
        return _actions_blocks(state, [share])
    if not answer.facts:
        return _actions_blocks(state, [[*share, (SUGGEST, value)]])
    pages = page_count(answer.total)
    moves = []
    if state.page > 1:
        moves.append((PREVIOUS, _at(state, state.page - 1)))
    if state.page < pages:
        moves.append((MORE if state.page == 1 else NEXT, _at(state, state.page + 1)))
    return _actions_blocks(state, [[*share, *moves, (CITE, value)],
                                   [(HELPFUL, value), (NOT_HELPFUL, value)]])


def _at(state: ButtonState, page: int) -> str:
    return replace(state, page=page).encode()


def _actions_blocks(state: ButtonState, rows: list[list[tuple[Button, str]]]) -> list[Block]:
    """One actions block per row, split so no block has more than five elements. Block ids
    name the page and whether it was shared: Slack wants new ones when a message changes."""
    prefix = f"relations_actions_{state.page}{'_shared' if state.shared_by else ''}"
    blocks: list[Block] = []
    for row in rows:
        for start in range(0, len(row), MAX_ACTIONS_ELEMENTS):
            elements = [_element(b, v) for b, v in row[start:start + MAX_ACTIONS_ELEMENTS]]
            if elements:
                blocks.append({"type": "actions", "block_id": f"{prefix}_{len(blocks)}",
                               "elements": elements})
    return blocks


def _element(button: Button, value: str) -> Block:
    element: Block = {"type": "button", "action_id": button.action_id,
                      "text": {"type": "plain_text", "text": button.label, "emoji": True},
                      "value": value}
    if button.style:
        element["style"] = button.style
    return element


def buttons_in(blocks: list[Block]) -> list[Block]:
    """Every button element in `blocks`, in order (the console clicks them by label)."""
    return [element for block in blocks if block["type"] == "actions"
            for element in block["elements"] if element["type"] == "button"]
