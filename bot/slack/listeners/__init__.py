"""Every listener, grouped by kind as in Bolt's sample apps; `register_listeners` wires them all."""

from __future__ import annotations

from slack_bolt import App

from ...engine import Engine
from . import commands, events


def register_listeners(app: App, engine: Engine) -> None:
    """One call for the entry point, so adding a group of listeners never touches app.py."""
    commands.register(app, engine)
    events.register(app, engine)
