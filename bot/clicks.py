"""What a click on one of an answer's buttons does, the same for Slack and the console.

The front end only delivers the result: `replace` the clicked message with `reply`,
`share` it (post `reply` where everyone in the channel sees it, then remove the private
original), show `reply` `private`ly to whoever clicked, or open the `form` (a front end
that has no forms shows `reply` privately instead). Every click is counted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from .buttons import (
    BY_ACTION_ID,
    CITE,
    HELPFUL,
    NOT_HELPFUL,
    PAGING,
    SHARE,
    SUGGEST,
    ButtonState,
    StaleButton,
)
from .citations import citation_reply
from .engine import Engine
from .frontend import Reply, reply_to
from .markup import escape
from .paging import answer_page
from .render import COMMAND
from .suggest_form import suggest_form
from .usage import UsageLog

Delivery = Literal["replace", "share", "private", "form"]
MAX_ECHO = 200  # characters of a stale button's question quoted back
SUGGEST_TEXT = ("Thanks: the curators will see that people ask about this. To add the facts "
                "yourself, send a pull request with the source article and its facts "
                "(see CONTRIBUTING.md).")


@dataclass(frozen=True)
class ClickResult:
    delivery: Delivery
    reply: Reply
    form: dict[str, Any] | None = None  # a modal view, for delivery "form"


def click(engine: Engine, usage: UsageLog, action_id: str, value: object, clicker: str,
          person: str = "") -> ClickResult:
    """Answer one click. `clicker`: the Slack user id (or console name) shown when sharing;
    `person`: the usage log's hash of who clicked. Never raises for a bad value."""
    button = BY_ACTION_ID.get(action_id)
    try:
        if button is None:
            raise StaleButton()
        state = ButtonState.decode(value)
        result, outcome = _answer_click(engine, button.action_id, state, clicker)
    except StaleButton as stale:
        usage.click("stale", "unknown", stale.query or "", person)
        return ClickResult("private", stale_reply(stale.query))
    usage.click(outcome, state.front_end, state.query, person)
    return result


def _answer_click(engine: Engine, action_id: str, state: ButtonState,
                  clicker: str) -> tuple[ClickResult, str]:
    if action_id == SHARE.action_id:
        shared = replace(state, shared_by=clicker or "someone")
        return ClickResult("share", _page_reply(engine, shared)), "shared"
    if action_id in {b.action_id for b in PAGING}:
        return ClickResult("replace", _page_reply(engine, state)), "page"
    if action_id == CITE.action_id:
        facts = answer_page(engine, state.query, state.page).facts
        if not facts:
            raise StaleButton(state.query)
        return ClickResult("private", citation_reply(facts, engine.fact_base)), "cited"
    if action_id == SUGGEST.action_id:
        return ClickResult("form", _message(SUGGEST_TEXT), suggest_form(state)), "suggest a fact"
    thanks = {HELPFUL.action_id: ("helpful", "Thanks! Noted that this answer helped."),
              NOT_HELPFUL.action_id: ("not helpful", "Thanks for saying so: the curators "
                                      "will see that this answer did not help.")}
    outcome, text = thanks[action_id]
    return ClickResult("private", _message(text)), outcome


def _page_reply(engine: Engine, state: ButtonState) -> Reply:
    """The page the state names, as the answer looked; stale if that page is now empty."""
    if state.page > 1 and not answer_page(engine, state.query, state.page).facts:
        raise StaleButton(state.query)
    return reply_to(engine, state.query, page=state.page, front_end=state.front_end,
                    shared_by=state.shared_by)


def stale_reply(query: str | None) -> Reply:
    """The polite answer to a button this bot can no longer use."""
    again = (f" Ask again: `{COMMAND} {escape(' '.join(query.split())[:MAX_ECHO])}`"
             if query and query.strip() else f" Ask again, or type `{COMMAND} help`.")
    return _message("That button belongs to an answer that has changed since it was shown "
                    "(or to an older version of this bot), so it no longer works." + again)


def _message(text: str) -> Reply:
    return Reply([{"type": "section", "text": {"type": "mrkdwn", "text": text}}], text,
                 "message")
