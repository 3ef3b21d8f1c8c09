"""A loopback fake of Slack's Web API, and the one place that signs requests as Slack does.

Like Bolt's own test suite, the fake is a real HTTP server on 127.0.0.1 (port 0, a
background thread). Point a WebClient's base_url (or SLACK_API_URL) at `FakeSlack.url`;
it answers auth.test, chat.postMessage and apps.connections.open, says ok to any other
method, and records every request so tests can assert what the bot sent. With
`socket_mode=True` it also runs Slack's Socket Mode WebSocket (`FakeSocketMode`, the
`websockets` package's threaded server): apps.connections.open then hands out its
ws://127.0.0.1 URL, and a test sends envelopes and reads the bot's acknowledgements.
It also stands in for the response_url Slack puts in interaction payloads
(`FakeSlack.response_url()`): what the bot posts there is recorded as the api_method
"response_url". Faults can be scripted: `fail(method, ...)` answers the next calls with
a status, headers and body (a 429 with Retry-After, a 503, `{"ok": false, "error":
"not_in_channel"}`), and `delay` makes every answer slow.

    with FakeSlack() as slack:
        ...
        slack.wait_for("chat.postMessage")
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

BOT_TOKEN = "xoxb-0000-fake-bot-token-never-shown"
APP_TOKEN = "xapp-1-fake-app-token-never-shown"
SIGNING_SECRET = "fake-signing-secret-never-shown"
TEAM_ID = "T0FAKE"
BOT_USER_ID = "UBOTFAKE"
BOT_ID = "BBOTFAKE"
USER_ID = "U0PERSON"
CHANNEL_ID = "C0FAKE"
RESPONSE_PATH = "/response/"


@dataclass(frozen=True)
class Fault:
    """One scripted answer in place of the normal one."""

    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] | None = None


@dataclass(frozen=True)
class RecordedRequest:
    """One Web API call as the fake received it."""

    http_method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def api_method(self) -> str:
        """'/api/chat.postMessage' or '/chat.postMessage' -> 'chat.postMessage';
        a post to a response_url -> 'response_url'."""
        if self.path.startswith(RESPONSE_PATH):
            return "response_url"
        return self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]


class FakeSlack:
    """The fake Web API server, as a context manager (tests/slack/conftest.py has the fixture)."""

    def __init__(self, socket_mode: bool = False) -> None:
        self.requests: list[RecordedRequest] = []
        self.socket = FakeSocketMode() if socket_mode else None
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)
        self._ts = 0
        self._faults: dict[str, list[Fault]] = {}
        self.delay = 0.0  # seconds every answer waits: a slow Web API

    @property
    def url(self) -> str:
        """The base URL to use as SLACK_API_URL (with the trailing slash WebClient needs)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def response_url(self, name: str = "1") -> str:
        """A response_url for an interaction payload that posts back to this fake."""
        return f"{self.url.rstrip('/')}{RESPONSE_PATH}{TEAM_ID}/{name}"

    def start(self) -> FakeSlack:
        self._thread.start()
        if self.socket is not None:
            self.socket.start()
        return self

    def stop(self) -> None:
        if self.socket is not None:
            self.socket.stop()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def calls(self, api_method: str) -> list[RecordedRequest]:
        """Every recorded call of one Web API method, oldest first."""
        with self._lock:
            return [r for r in self.requests if r.api_method == api_method]

    def wait_for(self, api_method: str, count: int = 1, timeout: float = 5.0
                 ) -> list[RecordedRequest]:
        """Wait (bounded) until `count` calls of `api_method` arrived; Bolt answers events
        in a background thread, so a test must not assert the moment dispatch returns."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [r for r in self.requests if r.api_method == api_method]
                remaining = deadline - time.monotonic()
                if len(found) >= count or remaining <= 0:
                    break
                self._changed.wait(remaining)
        if len(found) < count:
            seen = [r.api_method for r in self.requests]
            raise AssertionError(f"expected {count} {api_method} call(s) within {timeout}s; "
                                 f"the fake received {seen}")
        return found

    def reset(self) -> None:
        """Forget every call, fault and delay (a fake shared by several tests)."""
        with self._lock:
            self.requests.clear()
            self._faults.clear()
            self.delay = 0.0

    def fail(self, api_method: str, times: int = 1, status: int = 200,
             body: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> None:
        """Answer the next `times` calls of `api_method` with this instead."""
        with self._lock:
            self._faults.setdefault(api_method, []).extend(
                [Fault(status, body, headers)] * times)

    # --- the server side ------------------------------------------------------------------

    def _record(self, request: RecordedRequest) -> tuple[Fault | None, dict[str, Any]]:
        with self._changed:
            self.requests.append(request)
            self._ts += 1
            ts = f"1700000000.{self._ts:06d}"
            faults = self._faults.get(request.api_method)
            fault = faults.pop(0) if faults else None
            self._changed.notify_all()
        return fault, self._response(request, ts)

    def _response(self, request: RecordedRequest, ts: str) -> dict[str, Any]:
        method = request.api_method
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.test/", "team": "Fake",
                    "user": "relations", "team_id": TEAM_ID, "user_id": BOT_USER_ID,
                    "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "chat.postMessage":
            return {"ok": True, "channel": request.body.get("channel"), "ts": ts,
                    "message": {"type": "message", "text": request.body.get("text"),
                                "bot_id": BOT_ID, "ts": ts}}
        if method == "apps.connections.open":
            url = self.socket.url if self.socket else "wss://fake.slack.test/link/?ticket=fake"
            return {"ok": True, "url": url}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0FAKE", **(request.body.get("view") or {})}}
        return {"ok": True}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                content_type = self.headers.get("Content-Type") or ""
                if "json" in content_type:
                    body = json.loads(raw or "{}")
                else:
                    body = dict(parse_qsl(raw, keep_blank_values=True))
                    for key in ("blocks", "attachments", "view"):
                        if isinstance(body.get(key), str):
                            body[key] = json.loads(body[key])
                request = RecordedRequest("POST", self.path, dict(self.headers.items()), body)
                time.sleep(fake.delay)  # a slow Web API: recorded when it finally answers
                self._send(fake._record(request))

            def do_GET(self) -> None:
                request = RecordedRequest("GET", self.path, dict(self.headers.items()), {})
                self._send(fake._record(request))

            def _send(self, answer: tuple[Fault | None, dict[str, Any]]) -> None:
                fault, data = answer
                if fault is not None:
                    data = fault.body if fault.body is not None else {"ok": False}
                payload = json.dumps(data).encode("utf-8")
                self.send_response(fault.status if fault else 200)
                for name, value in ((fault.headers or {}) if fault else {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output quiet

        return Handler


class FakeSocketMode:
    """Slack's Socket Mode WebSocket on loopback: greets each connection with `hello`,
    sends the envelopes a test gives it, and records every message the bot sends back
    (its acknowledgements) and how each connection ended."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.connections = 0  # opened so far
        self.close_codes: list[int | None] = []  # per ended connection; None: no close frame
        self._current: ServerConnection | None = None
        self._changed = threading.Condition()
        self._server = serve(self._handle, "127.0.0.1", 0, compression=None,
                             ping_interval=None, close_timeout=1)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """What apps.connections.open returns."""
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket=fake-ticket"

    @property
    def connected(self) -> bool:
        return self._current is not None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)

    def send(self, envelope: dict[str, Any]) -> None:
        """Send one envelope (or a `disconnect`) over the open connection."""
        self.wait(lambda: self._current is not None, "a connection")
        assert self._current is not None
        self._current.send(json.dumps(envelope))

    def close(self, code: int = 1000) -> None:
        """Close the open connection from Slack's side, as a server restart does."""
        self.wait(lambda: self._current is not None, "a connection")
        assert self._current is not None
        self._current.close(code)

    def ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """The bot's acknowledgement of `envelope_id` (waited for, bounded)."""
        def found() -> list[dict[str, Any]]:
            return [m for m in self.received if m.get("envelope_id") == envelope_id]
        self.wait(lambda: bool(found()), f"an ack of {envelope_id}", timeout)
        [ack] = found()
        return ack

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
        """Until `condition()` holds (checked whenever the socket's state changes)."""
        with self._changed:
            if not self._changed.wait_for(condition, timeout):
                raise AssertionError(f"no {what} within {timeout}s; received {self.received}")

    def _handle(self, connection: ServerConnection) -> None:
        with self._changed:
            self._current = connection
            self.connections += 1
            self._changed.notify_all()
        try:
            connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                        "connection_info": {"app_id": "A0FAKE"},
                                        "debug_info": {"host": "fake"}}))
            for message in connection:
                with self._changed:
                    self.received.append(json.loads(message))
                    self._changed.notify_all()
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                if self._current is connection:
                    self._current = None
                close = connection.protocol.close_rcvd
                self.close_codes.append(close.code if close else None)
                self._changed.notify_all()


FORM = "application/x-www-form-urlencoded"  # how Slack posts commands and interactions


def signed_headers(body: str, content_type: str, signing_secret: str = SIGNING_SECRET,
                   timestamp: int | None = None) -> dict[str, str]:
    """Headers exactly as Slack sends them: v0 HMAC-SHA256 of 'v0:{timestamp}:{body}'."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(signing_secret.encode("utf-8"), f"v0:{ts}:{body}".encode(),
                      hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": f"v0={digest}"}


def slash_command_body(text: str, command: str = "/relations") -> str:
    """A form-encoded slash command payload with the fields Slack sends."""
    return urlencode({
        "token": "deprecated-verification-token", "team_id": TEAM_ID, "team_domain": "fake",
        "channel_id": CHANNEL_ID, "channel_name": "general", "user_id": USER_ID,
        "user_name": "person", "command": command, "text": text, "api_app_id": "A0FAKE",
        "is_enterprise_install": "false", "response_url": "https://hooks.slack.test/commands/1",
        "trigger_id": "1.2.3",
    })


def event_body(event: dict[str, Any], event_id: str = "Ev0FAKE") -> str:
    """A JSON event_callback envelope around one event, as the Events API delivers it."""
    return json.dumps({
        "token": "deprecated-verification-token", "team_id": TEAM_ID, "api_app_id": "A0FAKE",
        "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True,
                            "is_enterprise_install": False}],
        "event": event,
    })


def events_api_envelope(event: dict[str, Any], event_id: str, envelope_id: str,
                        retry_attempt: int = 0, retry_reason: str = "") -> dict[str, Any]:
    """An event as Socket Mode delivers it: the Events API body in an envelope whose
    retry_attempt is 0 on the first delivery."""
    return {"envelope_id": envelope_id, "type": "events_api", "accepts_response_payload": False,
            "retry_attempt": retry_attempt, "retry_reason": retry_reason,
            "payload": json.loads(event_body(event, event_id))}


def slash_command_envelope(text: str, envelope_id: str) -> dict[str, Any]:
    """A `/relations` command as Socket Mode delivers it: the form fields as JSON."""
    return {"envelope_id": envelope_id, "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": dict(parse_qsl(slash_command_body(text)))}


def block_actions_body(button: dict[str, Any], response_url: str, ephemeral: bool = True,
                       message: dict[str, Any] | None = None, block_id: str = "b") -> str:
    """A form-encoded block_actions payload for a click on `button` (an element of the
    bot's own blocks), with the fields Slack sends; an ephemeral message has no `message`."""
    container: dict[str, Any] = {"type": "message", "message_ts": "1718600002.000400",
                                 "channel_id": CHANNEL_ID, "is_ephemeral": ephemeral}
    action = {"type": "button", "block_id": block_id, "action_id": button["action_id"],
              "text": button["text"], "value": button.get("value"),
              "action_ts": f"{time.time():.6f}"}
    if "style" in button:
        action["style"] = button["style"]
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": USER_ID, "username": "person", "name": "person", "team_id": TEAM_ID},
        "api_app_id": "A0FAKE", "token": "deprecated-verification-token",
        "container": container, "trigger_id": "1.2.4",
        "team": {"id": TEAM_ID, "domain": "fake"}, "enterprise": None,
        "is_enterprise_install": False, "channel": {"id": CHANNEL_ID, "name": "general"},
        "state": {"values": {}}, "response_url": response_url, "actions": [action],
    }
    if message is not None:
        payload["message"] = message
    return urlencode({"payload": json.dumps(payload)})


def view_submission_body(view: dict[str, Any], values: dict[str, str | None]) -> str:
    """A form-encoded view_submission payload: the bot's own modal `view`, submitted with
    `values` typed into its inputs (block_id -> text), as Slack sends it."""
    state = {block: {block: {"type": "plain_text_input", "value": value}}
             for block, value in values.items()}
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "fake"},
        "user": {"id": USER_ID, "username": "person", "name": "person", "team_id": TEAM_ID},
        "api_app_id": "A0FAKE", "token": "deprecated-verification-token", "trigger_id": "1.2.5",
        "view": {**view, "id": "V0MODAL", "team_id": TEAM_ID, "app_id": "A0FAKE",
                 "state": {"values": state}, "hash": "1718600004.abc", "root_view_id": "V0MODAL"},
        "response_urls": [], "is_enterprise_install": False,
    }
    return urlencode({"payload": json.dumps(payload)})
