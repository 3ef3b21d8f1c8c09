"""The Slack app's entry point: build the Bolt app, then serve it over HTTP or Socket Mode.

Every Web API call (auth.test at start-up, chat.postMessage, and in Socket Mode
apps.connections.open) goes through one WebClient built on SLACK_API_URL, so GovSlack,
a proxy or a test fake works the same way everywhere.
"""

from __future__ import annotations

import logging
import sys

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ..config import Settings
from ..engine import Engine
from ..usage import UsageLog
from .listeners import register_listeners

EVENTS_PATH = "/slack/events"
HTTP_SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
SOCKET_MODE_SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")

log = logging.getLogger(__name__)


def build_app(settings: Settings, engine: Engine) -> App:
    """A Bolt app with every listener; calls auth.test, so the token is checked at once."""
    # Bolt uses `client` (and its token) for every call; it logs a harmless warning that
    # `token=` is then unused, and would read SLACK_BOT_TOKEN from the environment anyway.
    client = WebClient(token=settings.bot_token, base_url=settings.api_url)
    app = App(token=settings.bot_token, signing_secret=settings.signing_secret, client=client)
    register_listeners(app, engine, UsageLog(settings.usage_log))
    app.error(log_error)
    return app


def log_error(error: Exception, logger: logging.Logger) -> None:
    """Bolt's last resort: log the error, never the request body (it holds a token)."""
    logger.error("relations: unhandled error in a listener: %s", type(error).__name__,
                 exc_info=error)


def socket_mode_handler(app: App, settings: Settings) -> SocketModeHandler:
    """Socket Mode over the app's own WebClient, so apps.connections.open uses SLACK_API_URL."""
    return SocketModeHandler(app, app_token=settings.app_token, web_client=app.client)


def serve(settings: Settings, engine: Engine, http: bool = False, port: int = 3000) -> int:
    """Run until stopped: Socket Mode when SLACK_APP_TOKEN is set (unless `http`), else HTTP.

    Missing settings raise ConfigError (naming them) before anything connects.
    """
    socket_mode = settings.socket_mode and not http
    settings.require(*(SOCKET_MODE_SETTINGS if socket_mode else HTTP_SETTINGS))
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        app = build_app(settings, engine)
    except (BoltError, SlackApiError, OSError) as exc:
        print(f"relations: could not reach Slack at {settings.api_url} with SLACK_BOT_TOKEN: "
              f"{_safe(str(exc), settings)}", file=sys.stderr)
        return 1
    if socket_mode:
        log.info("relations: connecting in Socket Mode via %s", settings.api_url)
        socket_mode_handler(app, settings).start()
    else:
        log.info("relations: HTTP mode on port %d, Slack request URL path %s", port, EVENTS_PATH)
        app.start(port=port, path=EVENTS_PATH)
    return 0


def _safe(text: str, settings: Settings) -> str:
    """Belt and braces: mask any token that an error message might quote."""
    for secret in (settings.bot_token, settings.signing_secret, settings.app_token):
        if secret:
            text = text.replace(secret, "***")
    return text
