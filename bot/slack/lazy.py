"""Acknowledge now, work later: how a listener that calls the Web API registers.

The app acknowledges in the request's own thread (process_before_response), so a
listener that may be slow hands its work to Bolt's lazy listeners:

    app.event("app_mention")(**after_ack(app_mention))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack


def acknowledge(ack: Ack) -> None:
    """An empty acknowledgement, sent before any work."""
    ack()


def after_ack(*work: Callable[..., None]) -> dict[str, Any]:
    """Bolt's lazy listener arguments: acknowledge at once, then run `work` in a worker
    thread, so a slow Web API never holds the acknowledgement past Slack's 3 seconds."""
    return {"ack": acknowledge, "lazy": list(work)}
