"""Every listener, grouped by kind as in Bolt's sample apps; `register_listeners` wires them all."""

from __future__ import annotations

from slack_bolt import App

from ...engine import Engine
from ...home import HomeTab
from ...usage import UsageLog
from . import actions, commands, events, home, views


def register_listeners(app: App, engine: Engine, usage: UsageLog) -> None:
    """One call for the entry point, so adding a group of listeners never touches app.py."""
    commands.register(app, engine, usage)
    events.register(app, engine, usage)
    actions.register(app, engine, usage)
    home.register(app, engine, HomeTab())
    views.register(app, usage)
