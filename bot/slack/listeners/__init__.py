"""Every listener, grouped by kind as in Bolt's sample apps; `register_listeners` wires them all.

A listener that calls the Web API registers with `..lazy.after_ack`, so the
acknowledgement never waits for Slack.
"""

from __future__ import annotations

from slack_bolt import App

from ...ops.live import LiveEngine
from . import commands, events


def register_listeners(app: App, live: LiveEngine) -> None:
    """One call for the entry point, so adding a group of listeners never touches app.py."""
    commands.register(app, live)
    events.register(app, live)
