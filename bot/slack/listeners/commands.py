"""The `/relations` slash command, answered in the acknowledgement itself.

The engine answers in milliseconds, so the reply fits in Slack's 3-second window and
needs no second request to response_url.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from ...engine import Engine
from ...frontend import FAILURE_TEXT, reply_to
from ...markup import command_text_to_query
from ...render import COMMAND


def register(app: App, engine: Engine) -> None:
    """Bolt injects arguments by name, so a thin closure hands the engine to the handler."""

    def relations_command(ack: Ack, command: dict[str, Any], logger: logging.Logger) -> None:
        handle_relations_command(engine, ack, command, logger)

    app.command(COMMAND)(relations_command)


def handle_relations_command(engine: Engine, ack: Ack, command: dict[str, Any],
                             logger: logging.Logger) -> None:
    """Ephemeral answer; on any failure a short apology, never a traceback, and a log line."""
    query = command_text_to_query(command.get("text") or "")
    try:
        reply = reply_to(engine, query)
    except Exception:
        # Only the query is logged: the payload carries a verification token.
        logger.exception("relations: failed to answer %s %r", COMMAND, query)
        ack(response_type="ephemeral", text=FAILURE_TEXT)
        return
    ack(response_type="ephemeral", blocks=reply.blocks, text=reply.text)
