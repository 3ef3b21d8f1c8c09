"""Events: an @mention answers in the message's thread; a direct message answers in the DM.

Message text arrives in Slack's markup; bot.markup turns it back into what the person
typed before it reaches the engine.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Say
from slack_sdk import WebClient

from ...engine import Engine
from ...frontend import FAILURE_TEXT, Reply, reply_to
from ...markup import message_text_to_query
from ...usage import UsageLog, person_hash


def register(app: App, engine: Engine, usage: UsageLog) -> None:
    """Bolt injects arguments by name, so thin closures hand the engine to the named handlers."""

    def app_mention(event: dict[str, Any], say: Say, client: WebClient,
                    logger: logging.Logger, context: dict[str, Any]) -> None:
        handle_app_mention(engine, event, say, logger, client, usage, context.get("team_id"))

    def direct_message(event: dict[str, Any], say: Say, logger: logging.Logger,
                       context: dict[str, Any]) -> None:
        handle_direct_message(engine, event, say, logger, usage, context.get("team_id"))

    app.event("app_mention")(app_mention)
    app.event("message")(direct_message)


def handle_app_mention(engine: Engine, event: dict[str, Any], say: Say,
                       logger: logging.Logger, client: WebClient | None = None,
                       usage: UsageLog | None = None, team_id: str | None = None) -> None:
    """Reply in the thread: the mention's own thread if it has one, else a new one under it.

    Help is for the asker alone: it goes to them as an ephemeral message, not the thread.
    """
    thread_ts = event.get("thread_ts") or event["ts"]
    reply = _answer(engine, message_text_to_query(event.get("text") or ""), "mention", logger,
                    usage, person_hash(team_id, event.get("user")))
    if reply.command == "help" and client is not None and event.get("user"):
        client.chat_postEphemeral(channel=event["channel"], user=event["user"],
                                  blocks=reply.blocks, text=reply.text,
                                  thread_ts=event.get("thread_ts"))
        return
    _say(say, reply, thread_ts)


def handle_direct_message(engine: Engine, event: dict[str, Any], say: Say,
                          logger: logging.Logger, usage: UsageLog | None = None,
                          team_id: str | None = None) -> None:
    """Answer what a person writes to the bot in a DM; ignore bots, edits and other subtypes."""
    if not is_direct_message_from_person(event):
        return
    reply = _answer(engine, message_text_to_query(event.get("text") or ""), "dm", logger,
                    usage, person_hash(team_id, event.get("user")))
    _say(say, reply, event.get("thread_ts"))


def is_direct_message_from_person(event: dict[str, Any]) -> bool:
    """Only plain DMs: a bot's message (ours included) or an edit must never trigger a reply."""
    return (event.get("channel_type") == "im" and not event.get("subtype")
            and not event.get("bot_id") and not event.get("bot_profile"))


def _answer(engine: Engine, query: str, front_end: str, logger: logging.Logger,
            usage: UsageLog | None, person: str) -> Reply:
    """The reply, counted; on any failure a short apology (with no blocks) and a log line."""
    try:
        reply = reply_to(engine, query, front_end=front_end)
    except Exception:
        # The query is the person's own words; the event payload is not logged.
        logger.exception("relations: failed to answer %r", query)
        return Reply([], FAILURE_TEXT, "failure", "failure")
    if usage is not None:
        usage.question(reply.outcome, front_end, query, person)
    return reply


def _say(say: Say, reply: Reply, thread_ts: str | None) -> None:
    if reply.blocks:
        say(blocks=reply.blocks, text=reply.text, thread_ts=thread_ts)
    else:
        say(text=reply.text, thread_ts=thread_ts)
