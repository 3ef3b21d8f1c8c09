"""Events: an @mention answers in the message's thread; a direct message answers in the DM.

Message text arrives in Slack's markup (`<@U…>`, `<#C…|name>`, `<url|label>`, `&amp;`);
it is turned back into what the person typed before it reaches the engine. The renderer
escapes everything again on the way out.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App, Say
from slack_sdk import WebClient

from ...engine import Engine
from ...render import Reply, reply_to, unescape
from ...usage import UsageLog, person_hash

FAILURE_TEXT = ("Sorry, something went wrong while answering that. Please try again, "
                "or type `/relations help`.")

_USER_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!([^>|]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<([^>|]+)(?:\|([^>]*))?>")


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


def message_text_to_query(text: str) -> str:
    """Slack markup back to plain words: mentions of people go, channels and links keep a name."""
    text = _USER_MENTION.sub(" ", text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(1)}" if m.group(1) else " ", text)
    text = _SPECIAL.sub(lambda m: m.group(2) or "@" + m.group(1).split("^")[0], text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return " ".join(unescape(text).split())


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
