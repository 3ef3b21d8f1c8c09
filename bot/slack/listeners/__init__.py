"""Every listener, grouped by kind as in Bolt's sample apps; `register_listeners` wires them all.

A listener that calls the Web API registers with `..lazy.after_ack`, so the
acknowledgement never waits for Slack.
"""

from __future__ import annotations

from slack_bolt import App

from ...home import HomeTab
from ...ops.live import LiveEngine
from ...usage import UsageLog
from . import actions, commands, events, home, views


def register_listeners(app: App, live: LiveEngine, usage: UsageLog) -> None:
    """One call for the entry point, so adding a group of listeners never touches app.py."""
    commands.register(app, live, usage)
    events.register(app, live, usage)
    actions.register(app, live, usage)
    home.register(app, live, HomeTab())
    views.register(app, usage)
