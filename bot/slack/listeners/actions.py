"""Clicks on the buttons under an answer (block_actions), answered through response_url.

Bolt's `respond` posts to the click's response_url, which works for ephemeral replies
(where chat.update cannot reach) and needs no extra scope: sharing posts with
`response_type: in_channel`, then deletes the private original. Suggest a fact opens a
modal (views.open with the click's trigger_id); listeners/views.py takes its submission.
Every one of these Web API calls runs after the acknowledgement (lazy.after_ack).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from ...buttons import BUTTONS
from ...clicks import click
from ...frontend import FAILURE_TEXT
from ...ops.live import LiveEngine
from ...usage import UsageLog, person_hash
from ..answering import NOT_LOADED_TEXT, STARTING_TEXT
from ..lazy import after_ack

SHARE_FAILED = ("Slack did not let me post this in the channel, so your copy stays private. "
                "Try again, or copy the citation with Cite.")


def register(app: App, live: LiveEngine, usage: UsageLog) -> None:
    """One listener for every button kind: the shared click handler tells them apart."""

    def button_clicked(body: dict[str, Any], action: dict[str, Any], respond: Respond,
                       client: WebClient, logger: logging.Logger) -> None:
        handle_button_click(live, usage, body, action, respond, logger, client)

    for button in BUTTONS:
        app.action(button.action_id)(**after_ack(button_clicked))


def handle_button_click(live: LiveEngine, usage: UsageLog, body: dict[str, Any],
                        action: dict[str, Any], respond: Respond, logger: logging.Logger,
                        client: WebClient | None = None) -> None:
    """Deliver what the click asks for; a failure gets a private apology and a log line.
    The engine is read once, so a reload meanwhile does not change this click's answer."""
    user = body.get("user") or {}
    team = (body.get("team") or {}).get("id") or user.get("team_id")
    engine = live.engine
    if engine is None:
        respond(response_type="ephemeral", replace_original=False,
                text=NOT_LOADED_TEXT if live.failed else STARTING_TEXT)
        return
    try:
        result = click(engine, usage, str(action.get("action_id")), action.get("value"),
                       user.get("id") or "", person_hash(team, user.get("id")))
        reply = result.reply
        if result.delivery == "replace":
            respond(replace_original=True, blocks=reply.blocks, text=reply.text)
        elif result.delivery == "share":
            posted = respond(response_type="in_channel", replace_original=False,
                             blocks=reply.blocks, text=reply.text)
            if posted.status_code != 200:  # keep the private copy: nothing was shared
                logger.warning("relations: Slack refused to share an answer: HTTP %s %s",
                               posted.status_code, (posted.body or "")[:100])
                respond(response_type="ephemeral", replace_original=False, text=SHARE_FAILED)
                return
            respond(delete_original=True)
        elif result.form and client is not None and body.get("trigger_id"):
            client.views_open(trigger_id=body["trigger_id"], view=result.form)
        else:
            respond(response_type="ephemeral", replace_original=False, blocks=reply.blocks,
                    text=reply.text)
    except Exception:
        # The payload is not logged: it carries a verification token and message ids.
        logger.exception("relations: failed to answer a click on %s", action.get("action_id"))
        respond(response_type="ephemeral", replace_original=False, text=FAILURE_TEXT)
