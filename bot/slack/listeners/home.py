"""The App Home tab: app_home_opened publishes the home view (views.publish), after the
acknowledgement (lazy.after_ack)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from ...home import HomeTab
from ...ops.live import LiveEngine
from ..lazy import after_ack


def register(app: App, live: LiveEngine, home: HomeTab) -> None:
    def app_home_opened(event: dict[str, Any], client: WebClient,
                        logger: logging.Logger) -> None:
        handle_app_home_opened(live, home, event, client, logger)

    app.event("app_home_opened")(**after_ack(app_home_opened))


def handle_app_home_opened(live: LiveEngine, home: HomeTab, event: dict[str, Any],
                           client: WebClient, logger: logging.Logger) -> None:
    """Publish the home view to whoever opened the Home tab (the Messages tab needs none);
    before the fact base is loaded there is nothing to show yet."""
    engine = live.engine
    if event.get("tab", "home") != "home" or not event.get("user") or engine is None:
        return
    try:
        client.views_publish(user_id=event["user"], view=home.view(engine))
    except Exception:
        logger.exception("relations: could not publish the App Home")
