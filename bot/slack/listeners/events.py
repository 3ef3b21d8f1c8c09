"""Events: an @mention answers in the message's thread; a direct message answers in the DM.

Message text arrives in Slack's markup; bot.markup turns it back into what the person
typed before it reaches the engine.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Say

from ...engine import Engine
from ...frontend import FAILURE_TEXT, reply_to
from ...markup import message_text_to_query


def register(app: App, engine: Engine) -> None:
    """Bolt injects arguments by name, so thin closures hand the engine to the named handlers."""

    def app_mention(event: dict[str, Any], say: Say, logger: logging.Logger) -> None:
        handle_app_mention(engine, event, say, logger)

    def direct_message(event: dict[str, Any], say: Say, logger: logging.Logger) -> None:
        handle_direct_message(engine, event, say, logger)

    app.event("app_mention")(app_mention)
    app.event("message")(direct_message)


def handle_app_mention(engine: Engine, event: dict[str, Any], say: Say,
                       logger: logging.Logger) -> None:
    """Reply in the thread: the mention's own thread if it has one, else a new one under it."""
    thread_ts = event.get("thread_ts") or event["ts"]
    _answer(engine, message_text_to_query(event.get("text") or ""), say, logger,
            thread_ts=thread_ts)


def handle_direct_message(engine: Engine, event: dict[str, Any], say: Say,
                          logger: logging.Logger) -> None:
    """Answer what a person writes to the bot in a DM; ignore bots, edits and other subtypes."""
    if not is_direct_message_from_person(event):
        return
    _answer(engine, message_text_to_query(event.get("text") or ""), say, logger,
            thread_ts=event.get("thread_ts"))


def is_direct_message_from_person(event: dict[str, Any]) -> bool:
    """Only plain DMs: a bot's message (ours included) or an edit must never trigger a reply."""
    return (event.get("channel_type") == "im" and not event.get("subtype")
            and not event.get("bot_id") and not event.get("bot_profile"))


def _answer(engine: Engine, query: str, say: Say, logger: logging.Logger,
            thread_ts: str | None) -> None:
    try:
        reply = reply_to(engine, query)
    except Exception:
        # The query is the person's own words; the event payload is not logged.
        logger.exception("relations: failed to answer %r", query)
        say(text=FAILURE_TEXT, thread_ts=thread_ts)
        return
    say(blocks=reply.blocks, text=reply.text, thread_ts=thread_ts)
