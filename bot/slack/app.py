"""The Slack app: one Bolt App with every listener, over one WebClient on SLACK_API_URL.

Every Web API call (auth.test at start-up, chat.postMessage, and in Socket Mode
apps.connections.open) goes through one WebClient built on SLACK_API_URL, so GovSlack,
a proxy or a test fake works the same way everywhere. That client retries what Slack
asks to be retried: a 429 after its Retry-After, a 500/503 with backoff, a dropped
connection (slack_sdk's retry handlers).

The App runs with `process_before_response`: a listener runs in the request's own thread
and its ack() is the response, so nothing waits in Bolt's 10 ms polling loop (the
default runs the listener in another thread and polls for the ack). Listeners that call
the Web API must therefore answer in a lazy listener (see `lazy.after_ack`), as
the event listeners do.
"""

from __future__ import annotations

import logging
from concurrent.futures import Executor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from ..config import Settings
from ..engine import Engine
from ..ops import metrics
from ..ops.live import LiveEngine
from ..usage import UsageLog
from .dedup import EventDeduplicator, SkipRepeatedEvents
from .listeners import register_listeners

EVENTS_PATH = "/slack/events"
HTTP_SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
SOCKET_MODE_SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
WEB_API_TIMEOUT_SECONDS = 10
RETRIES = 3  # of each kind: 429, 5xx, dropped connection

log = logging.getLogger(__name__)


class _WithoutRequestBodies(logging.Filter):
    """Bolt logs a failed signature check with the whole request body (which holds a token
    and a response_url) at INFO. The HTTP guard refuses such requests before Bolt sees them
    and logs the reason; this keeps every other path (Socket Mode, tests) from logging it.
    A filter, not a level: Bolt resets its loggers' levels when an App is built."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


logging.getLogger("slack_bolt.RequestVerification").addFilter(_WithoutRequestBodies())


def web_client(settings: Settings) -> WebClient:
    """The one WebClient: SLACK_API_URL, and retries for rate limits and server errors."""
    return WebClient(token=settings.bot_token, base_url=settings.api_url,
                     timeout=WEB_API_TIMEOUT_SECONDS,
                     retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=RETRIES),
                                     RateLimitErrorRetryHandler(max_retry_count=RETRIES),
                                     ServerErrorRetryHandler(max_retry_count=RETRIES)])


def build_app(settings: Settings, engine: Engine | LiveEngine,
              executor: Executor | None = None,
              deduplicator: EventDeduplicator | None = None,
              verify_signatures: bool = True) -> App:
    """A Bolt app with every listener; calls auth.test, so the token is checked at once.

    `executor` runs lazy listeners (the replies sent after an ack); `engine` is either a
    fixed Engine or the LiveEngine a server reloads. `verify_signatures=False` only where
    every request has been checked already: `relations serve`, whose HTTP requests pass
    the RequestGuard first (the same HMAC, stricter; Bolt's second check cost a command
    11 µs) and whose Socket Mode requests carry no signature.
    """
    live = engine if isinstance(engine, LiveEngine) else LiveEngine.fixed(engine)
    # Bolt uses `client` (and its token) for every call; it logs a harmless warning that
    # `token=` is then unused, and would read SLACK_BOT_TOKEN from the environment anyway.
    app = App(token=settings.bot_token, signing_secret=settings.signing_secret,
              client=web_client(settings), process_before_response=True,
              listener_executor=executor, request_verification_enabled=verify_signatures)
    app.use(SkipRepeatedEvents(deduplicator or EventDeduplicator()))
    usage = UsageLog(settings.usage_log)
    metrics.count_usage(usage)
    register_listeners(app, live, usage)
    app.error(log_error)
    return app


def log_error(error: Exception, logger: logging.Logger) -> None:
    """Bolt's last resort: log the error, never the request body (it holds a token)."""
    logger.error("relations: unhandled error in a listener: %s", type(error).__name__,
                 exc_info=error)


def mask_secrets(text: str, settings: Settings) -> str:
    """Belt and braces: mask any token that an error message might quote."""
    for secret in (settings.bot_token, settings.signing_secret, settings.app_token):
        if secret:
            text = text.replace(secret, "***")
    return text
