"""`relations serve`: the Slack app in production, over HTTP or Socket Mode, until a signal.

HTTP mode runs the ASGI app of `http.py` (Bolt's Starlette adapter) under uvicorn: one
process, `workers` threads acknowledging requests and 4x as many sending replies after
the ack. Why this server: measured on loopback, a `/relations` command is acknowledged
in about 1 ms (benchmarks/ack.py); uvicorn's graceful shutdown drains connections with a
timeout, and one process keeps one copy of the fact base, one metrics registry and one
event-id memory. More throughput comes from replicas behind the load balancer (README,
"Deploying"), not from forking workers that would each hold the fact base.

Socket Mode connects over Bolt's SocketModeHandler and, with RELATIONS_HEALTH_PORT,
serves the same /healthz, /readyz and /metrics there; /healthz says whether the socket
is connected. It reconnects as soon as Slack closes the socket, and closes it on stop
with a WebSocket Close frame (tests/slack/test_serve_socket_mode.py).

Start-up order: signals first (a SIGTERM at any point exits 0), then the Bolt app
(auth.test checks the token), the server, and the fact base loads in the background:
/readyz says 503 until it has, and a reload later never interrupts serving.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.builtin.client import SocketModeClient
from slack_sdk.socket_mode.builtin.frame_header import FrameHeader
from slack_sdk.socket_mode.builtin.internals import _build_data_frame_for_sending
from starlette.applications import Starlette

from ..config import Settings
from ..ops import deferred
from ..ops.lifecycle import DrainingExecutor, Stopper
from ..ops.live import LiveEngine
from ..ops.logs import configure_logging
from ..ops.reload import reload_triggers
from .app import EVENTS_PATH, HTTP_SETTINGS, SOCKET_MODE_SETTINGS, build_app, mask_secrets
from .guard import RequestGuard
from .http import asgi_app

REPLY_THREADS_PER_WORKER = 4  # replies mostly wait on the Web API
SOCKET_RETRY_MAX_SECONDS = 30
SOCKET_CLOSE_WAIT_SECONDS = 1.0

log = logging.getLogger("relations.server")


def serve(settings: Settings, http: bool = False) -> int:
    """Run until SIGTERM/SIGINT, then drain (bounded by RELATIONS_DRAIN_SECONDS) and return 0.

    Socket Mode when SLACK_APP_TOKEN is set (unless `http`), else HTTP on settings.port.
    Missing settings raise ConfigError (naming them) before anything connects.
    """
    socket_mode = settings.socket_mode and not http
    settings.require(*(SOCKET_MODE_SETTINGS if socket_mode else HTTP_SETTINGS))
    configure_logging(settings.log_format)
    deferred.start_writer()  # log and usage lines written in the background
    stopper = Stopper(settings.drain_seconds)
    stopper.install()
    live = LiveEngine(settings.facts_dir, settings.seeds_dir, settings.cache_dir)
    replies = DrainingExecutor(settings.workers * REPLY_THREADS_PER_WORKER, "relations-reply")
    try:
        app = build_app(settings, live, executor=replies, verify_signatures=False)
    except (BoltError, SlackApiError, OSError) as exc:
        print(f"relations: could not reach Slack at {settings.api_url} with SLACK_BOT_TOKEN: "
              f"{mask_secrets(str(exc), settings)}", file=sys.stderr)
        return 1
    stopper.on_hangup = lambda: live.request_reload("SIGHUP")
    live.request_reload("start-up")
    with reload_triggers(live, settings):
        if socket_mode:
            _run_socket_mode(app, settings, live, stopper)
        else:
            _run_http(app, settings, live, stopper)
    left = replies.drain(stopper.drain_left())
    deferred.stop_writer()  # every line queued so far, written; later ones at once
    log.info("relations: stopped (%s)%s", stopper.signal_name or "server ended",
             f"; {left} repl{'y' if left == 1 else 'ies'} unfinished" if left else "")
    if left:  # the bound is hard: Python would otherwise wait at exit for those threads
        logging.shutdown()
        os._exit(0)
    return 0


def _run_http(app: App, settings: Settings, live: LiveEngine, stopper: Stopper) -> None:
    requests = DrainingExecutor(settings.workers, "relations-request")
    assert settings.signing_secret is not None  # required above
    asgi = asgi_app(live, app, RequestGuard(settings.signing_secret), requests)
    log.info("relations: HTTP mode on %s:%d, Slack request URL path %s, %d worker threads",
             settings.host, settings.port, EVENTS_PATH, settings.workers)
    run_server(asgi, settings.host, settings.port, stopper)
    requests.shutdown(wait=False)


def _run_socket_mode(app: App, settings: Settings, live: LiveEngine, stopper: Stopper) -> None:
    handler = socket_mode_handler(app, settings)
    log.info("relations: connecting in Socket Mode via %s", settings.api_url)
    threading.Thread(target=_connect, args=(handler, stopper), daemon=True,
                     name="relations-socket-connect").start()
    try:
        if settings.health_port is not None:
            asgi = asgi_app(live, socket_connected=handler.client.is_connected)
            log.info("relations: health endpoints on %s:%d", settings.host, settings.health_port)
            run_server(asgi, settings.host, settings.health_port, stopper)
        else:
            while not stopper.stopping.wait(0.5):
                pass
    finally:
        close_socket(handler)  # no new events; replies in flight finish while draining


def socket_mode_handler(app: App, settings: Settings) -> SocketModeHandler:
    """Socket Mode over the app's own WebClient, so apps.connections.open uses SLACK_API_URL,
    reconnecting at once when Slack closes the socket."""
    handler = SocketModeHandler(app, app_token=settings.app_token, web_client=app.client)
    client = handler.client

    def reconnect(code: int, reason: str | None) -> None:
        threading.Thread(target=_reconnect_when_closed, args=(client,), daemon=True,
                         name="relations-socket-reconnect").start()

    client.on_close_listeners.append(reconnect)
    return handler


def _reconnect_when_closed(client: SocketModeClient) -> None:
    """slack_sdk's client answers Slack's Close by reconnecting only if the socket is
    already down, which it is not yet at that moment; its monitor then reconnects up to
    10 s later, while events meant for this socket go undelivered (and come back as
    retries, which are not answered). So: wait for the close to finish, then reconnect."""
    _wait_while(client.is_connected)
    if client.auto_reconnect_enabled and not client.closed:
        try:
            client.connect_to_new_endpoint()  # no-op if connected again meanwhile
        except Exception as error:  # the monitor retries; the message may quote the URL
            log.error("relations: Socket Mode reconnection failed (%s)", type(error).__name__)


def close_socket(handler: SocketModeHandler) -> None:
    """Close the socket as RFC 6455 asks, without reconnecting: a Close frame (1000) first,
    so Slack sees a deliberate close, then the connection. slack_sdk's built-in client
    only drops the TCP connection, which a WebSocket server sees as an abnormal closure.
    The frame comes from slack_sdk's own (private) frame builder: the version is pinned,
    and the Socket Mode test checks the close code the server receives."""
    client = handler.client
    client.auto_reconnect_enabled = False  # Slack's answering Close must not reconnect
    session = client.current_session
    sock = session.sock if session is not None else None
    if session is not None and sock is not None:
        frame = _build_data_frame_for_sending(struct.pack("!H", 1000), FrameHeader.OPCODE_CLOSE)
        with contextlib.suppress(OSError), session.sock_send_lock:
            sock.sendall(frame)
        # Slack answers with its own Close, on which the client's reader thread drops the
        # connection; closing it from here meanwhile races with that (slack_sdk's
        # disconnect is not thread-safe), so wait for it, briefly.
        _wait_while(lambda: session.sock is not None)
    handler.close()


def _wait_while(condition: Callable[[], bool]) -> None:
    """Poll until `condition` is false, for SOCKET_CLOSE_WAIT_SECONDS at most (slack_sdk's
    connection offers nothing to wait on)."""
    deadline = time.monotonic() + SOCKET_CLOSE_WAIT_SECONDS
    while condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def _connect(handler: SocketModeHandler, stopper: Stopper) -> None:
    """Open the socket, retrying with backoff; slack_sdk reconnects by itself after that."""
    delay = 1.0
    while not stopper.stopping.is_set():
        try:
            handler.connect()
            return
        except Exception as error:  # the message may quote the wss URL: log the kind only
            log.error("relations: Socket Mode connection failed (%s); retrying in %.0f s",
                      type(error).__name__, delay)
        stopper.stopping.wait(delay)
        delay = min(delay * 2, SOCKET_RETRY_MAX_SECONDS)


class _Server(uvicorn.Server):
    """uvicorn, with the signals left to our Stopper (uvicorn would re-raise them on exit,
    turning a clean drain into exit status 143)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def run_server(asgi: Starlette, host: str, port: int, stopper: Stopper) -> None:
    """Serve until the stopper fires; requests in flight get the drain time to finish."""
    drain = math.ceil(stopper.drain_seconds)
    config = uvicorn.Config(asgi, host=host, port=port, log_config=None, access_log=False,
                            lifespan="off", timeout_graceful_shutdown=drain, server_header=False)
    server = _Server(config)

    def stop(force: bool) -> None:
        server.should_exit = True
        server.force_exit = force

    stopper.on_stop(stop)
    if not stopper.stopping.is_set():
        server.run()
