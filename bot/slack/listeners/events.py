"""Events: an @mention answers in the message's thread; a direct message answers in the DM.

Message text arrives in Slack's markup; bot.markup turns it back into what the person
typed before it reaches the engine.

Each event is acknowledged at once and answered afterwards by a lazy listener (Bolt runs
it in a worker thread), so a slow Web API never holds the acknowledgement past Slack's
3 seconds. A reply Slack refuses (`not_in_channel`, `channel_not_found`...) is logged
with a clear line and, where Slack allows, the person gets an ephemeral "invite me".
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Say
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ...frontend import Reply
from ...markup import message_text_to_query
from ...ops import metrics
from ...ops.live import LiveEngine
from ...ops.logs import RequestRecord, request_log
from ...usage import UsageLog, person_hash
from ..answering import answer
from ..lazy import after_ack

INVITE_TEXT = ("I can't post in this channel. Invite me with `/invite @relations`, "
               "or ask me in a direct message.")
# What each refusal means for the operator, in the log line.
POST_ERROR_HINTS = {
    "not_in_channel": "the bot is not a member: /invite @relations in that channel",
    "channel_not_found": "the channel is private, deleted, or not visible to the bot",
    "is_archived": "the channel is archived",
    "restricted_action": "the workspace does not allow the bot to post there",
    "missing_scope": "reinstall the app with the scopes in manifest.yml",
}


def register(app: App, live: LiveEngine, usage: UsageLog) -> None:
    """Acknowledge first, answer lazily; thin closures hand the fact base to the handlers."""

    def app_mention(event: dict[str, Any], say: Say, client: WebClient,
                    logger: logging.Logger, context: dict[str, Any]) -> None:
        handle_app_mention(live, event, say, logger, client, usage, context.get("team_id"))

    def direct_message(event: dict[str, Any], say: Say, client: WebClient,
                       logger: logging.Logger, context: dict[str, Any]) -> None:
        handle_direct_message(live, event, say, logger, client, usage, context.get("team_id"))

    app.event("app_mention")(**after_ack(app_mention))
    app.event("message")(**after_ack(direct_message))


def handle_app_mention(live: LiveEngine, event: dict[str, Any], say: Say,
                       logger: logging.Logger, client: WebClient | None = None,
                       usage: UsageLog | None = None, team_id: str | None = None) -> None:
    """Reply in the thread: the mention's own thread if it has one, else a new one under it.

    Help is for the asker alone: it goes to them as an ephemeral message, not the thread.
    """
    thread_ts = event.get("thread_ts") or event["ts"]
    _answer(live, "mention", event, say, logger, client, thread_ts, usage, team_id)


def handle_direct_message(live: LiveEngine, event: dict[str, Any], say: Say,
                          logger: logging.Logger, client: WebClient | None = None,
                          usage: UsageLog | None = None, team_id: str | None = None) -> None:
    """Answer what a person writes to the bot in a DM; ignore bots, edits and other subtypes."""
    if not is_direct_message_from_person(event):
        return
    _answer(live, "dm", event, say, logger, client, event.get("thread_ts"), usage, team_id)


def is_direct_message_from_person(event: dict[str, Any]) -> bool:
    """Only plain DMs: a bot's message (ours included) or an edit must never trigger a reply."""
    return (event.get("channel_type") == "im" and not event.get("subtype")
            and not event.get("bot_id") and not event.get("bot_profile"))


def _answer(live: LiveEngine, front_end: str, event: dict[str, Any], say: Say,
            logger: logging.Logger, client: WebClient | None, thread_ts: str | None,
            usage: UsageLog | None, team_id: str | None) -> None:
    query = message_text_to_query(event.get("text") or "")
    with request_log(front_end, query) as record:
        reply = answer(live, query, record, logger, usage, person_hash(team_id, event.get("user")))
        if reply.command == "help" and client is not None and event.get("user"):
            client.chat_postEphemeral(channel=event["channel"], user=event["user"],
                                      blocks=reply.blocks, text=reply.text,
                                      thread_ts=event.get("thread_ts"))
            return
        _post(reply, event, say, logger, client, record, thread_ts)


def _post(reply: Reply, event: dict[str, Any], say: Say, logger: logging.Logger,
          client: WebClient | None, record: RequestRecord, thread_ts: str | None) -> None:
    """Send the reply; a refusal or an unreachable Slack is logged, never raised."""
    channel = event.get("channel")
    try:
        say(text=reply.text, blocks=reply.blocks or None, thread_ts=thread_ts)
    except SlackApiError as error:
        code = str(error.response.get("error") or "unknown")
        record.outcome = "slack_error"
        metrics.SLACK_ERRORS.labels(code).inc()
        logger.error("relations: Slack refused the reply in channel %s: %s (%s)", channel, code,
                     POST_ERROR_HINTS.get(code, "see the Web API docs for chat.postMessage"))
        if code in ("not_in_channel", "channel_not_found") and client and event.get("user"):
            _invite_me(client, str(channel), str(event["user"]), thread_ts, logger)
    except Exception as error:  # the Web API unreachable after slack_sdk's retries
        record.outcome = "slack_error"
        metrics.SLACK_ERRORS.labels(type(error).__name__).inc()
        logger.error("relations: could not reach Slack to reply in channel %s: %s", channel,
                     type(error).__name__)


def _invite_me(client: WebClient, channel: str, user: str, thread_ts: str | None,
               logger: logging.Logger) -> None:
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=INVITE_TEXT,
                                  thread_ts=thread_ts)
    except Exception as error:
        code = error.response.get("error") if isinstance(error, SlackApiError) else None
        logger.warning("relations: could not tell the person to invite the bot to %s: %s",
                       channel, code or type(error).__name__)
