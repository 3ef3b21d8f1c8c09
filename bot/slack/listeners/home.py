"""The App Home tab: app_home_opened publishes the home view (views.publish)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from ...engine import Engine
from ...home import HomeTab


def register(app: App, engine: Engine, home: HomeTab) -> None:
    def app_home_opened(event: dict[str, Any], client: WebClient,
                        logger: logging.Logger) -> None:
        handle_app_home_opened(engine, home, event, client, logger)

    app.event("app_home_opened")(app_home_opened)


def handle_app_home_opened(engine: Engine, home: HomeTab, event: dict[str, Any],
                           client: WebClient, logger: logging.Logger) -> None:
    """Publish the home view to whoever opened the Home tab (the Messages tab needs none)."""
    if event.get("tab", "home") != "home" or not event.get("user"):
        return
    try:
        client.views_publish(user_id=event["user"], view=home.view(engine))
    except Exception:
        logger.exception("relations: could not publish the App Home")
