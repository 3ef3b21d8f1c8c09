"""The production ASGI app under uvicorn on loopback: real signed HTTP requests, the real Bolt
app and the real fact base, against the loopback fake of Slack's Web API.

Health and metrics; requests that must be refused cleanly (and never logged); hundreds of
concurrent commands and mentions; a slow Web API; retries, replays, 429s and API errors.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from bot.config import Settings
from bot.engine import Engine
from bot.ops.lifecycle import DrainingExecutor
from bot.ops.live import LiveEngine
from bot.slack.app import build_app
from bot.slack.guard import MAX_BODY_BYTES, RequestGuard
from bot.slack.http import asgi_app
from bot.slack.listeners.events import INVITE_TEXT
from tests.fake_slack import (
    BOT_TOKEN,
    BOT_USER_ID,
    SIGNING_SECRET,
    FakeSlack,
    event_body,
    signed_headers,
    slash_command_body,
)
from tests.slack.servers import FORM, JSON, REPO, ThreadServer

ACK_LIMIT_SECONDS = 3.0  # Slack's window
SECRET_MARKER = "body-text-that-must-never-be-logged"


@pytest.fixture(scope="module")
def module_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def slack(module_slack: FakeSlack) -> FakeSlack:
    """One fake for the module's server; each test starts with no calls, faults or delay."""
    module_slack.reset()
    return module_slack


@pytest.fixture(scope="module")
def server(module_slack: FakeSlack) -> Iterator[ThreadServer]:
    """One server for the module (starting one costs a quarter of a second)."""
    slack = module_slack
    settings = Settings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=slack.url)
    live = LiveEngine(REPO / "facts", REPO / "seeds")
    assert live.reload()  # the real loading path, version and all
    replies = DrainingExecutor(32, "test-reply")
    app = build_app(settings, live, executor=replies)
    requests = DrainingExecutor(8, "test-request")
    with ThreadServer(asgi_app(live, app, RequestGuard(SIGNING_SECRET), requests)) as running:
        yield running
    replies.drain(5)
    requests.drain(5)


def mention(text: str, ts: str = "1718600000.000200") -> dict[str, Any]:
    return {"type": "app_mention", "user": "U0PERSON", "text": f"<@{BOT_USER_ID}> {text}",
            "ts": ts, "channel": "C0FAKE", "event_ts": ts}


# --- health, readiness, metrics ------------------------------------------------------------


def test_health_and_readiness_report_the_fact_base(server: ThreadServer, engine: Engine
                                                   ) -> None:
    assert server.get_json("/healthz") == (200, {"status": "ok"})
    status, ready = server.get_json("/readyz")
    assert status == 200 and ready["ready"] is True
    assert ready["facts"] == len(engine.fact_base.facts)
    assert set(ready["version"]) == {"content_hash", "newest_source", "commit"}


def test_readyz_is_503_until_a_fact_base_is_loaded(tmp_path: Any) -> None:
    live = LiveEngine(tmp_path / "facts", tmp_path / "seeds")
    with ThreadServer(asgi_app(live)) as running:
        status, ready = running.get_json("/readyz")
        assert (status, ready["ready"]) == (503, False)
        assert live.reload() is False  # no facts folder: a failed load, reported
        status, ready = running.get_json("/readyz")
        assert status == 503 and ready["failed"]["errors"] >= 1


def test_metrics_count_requests_by_front_end_kind_and_outcome(server: ThreadServer) -> None:
    def count() -> float:
        _, _, text = server.request("/metrics")
        for line in text.decode().splitlines():
            if line.startswith('relations_requests_total{front_end="command",kind="meeting",'
                               'outcome="answered"}'):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = count()
    assert server.command("meetings 2022")[0] == 200
    _, headers, text = server.request("/metrics")
    assert headers["content-type"].startswith("text/plain")
    assert count() == before + 1
    for name in ("relations_request_seconds_bucket", "relations_reloads_total",
                 "relations_facts", "relations_fact_base_info"):
        assert name in text.decode()


# --- refused cleanly, never logged -------------------------------------------------------------


def _post(server: ThreadServer, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    status, _, data = server.request("/slack/events", body, headers)
    return status, data


def _signed(body: bytes, content_type: str) -> dict[str, str]:
    """Signs raw bytes (which may not be UTF-8) as Slack would."""
    import hashlib
    import hmac

    timestamp = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + timestamp.encode() + b":" + body,
                      hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": f"v0={digest}"}


@pytest.mark.parametrize(("timestamp", "reason"), [
    ("not-a-number", "malformed timestamp"), ("9" * 5000, "malformed timestamp"),
    ("", "malformed timestamp"), ("-5", "malformed timestamp"), ("1e9", "malformed timestamp"),
    ("1000000000", "outside five minutes"),
])
def test_bad_timestamps_are_401_without_a_traceback(
        server: ThreadServer, caplog: pytest.LogCaptureFixture, timestamp: str, reason: str
        ) -> None:
    body = slash_command_body(SECRET_MARKER)
    headers = signed_headers(body, FORM) | {"X-Slack-Request-Timestamp": timestamp}
    with caplog.at_level(logging.INFO):
        status, data = _post(server, body.encode(), headers)
    assert status == 401 and reason in data.decode()
    assert SECRET_MARKER not in caplog.text and "Traceback" not in caplog.text


@pytest.mark.parametrize(("body", "content_type", "status"), [
    (b'{"type": "event_callback", ', JSON, 400),          # malformed JSON
    (b"[1, 2, 3]", JSON, 400),                             # JSON, not an object
    (b"{" + b"[" * 100_000, JSON, 400),                   # nested beyond the parser
    (b"\xff\xfe" + SECRET_MARKER.encode(), FORM, 400),     # not UTF-8
    (b"payload=%7Bnot-json", FORM, 400),                   # interactive payload not JSON
    (b"payload=%5B%5D", FORM, 400),                        # ... not an object
])
def test_signed_but_malformed_bodies_are_400(
        server: ThreadServer, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str,
        status: int) -> None:
    with caplog.at_level(logging.INFO):
        assert _post(server, body, _signed(body, content_type))[0] == status
    assert SECRET_MARKER not in caplog.text and "Traceback" not in caplog.text


def test_unsigned_and_oversized_requests_are_refused_and_the_body_is_never_logged(
        server: ThreadServer, slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    body = slash_command_body(f"{SECRET_MARKER}\nINFO forged log line")
    forged = signed_headers(body, FORM, signing_secret="forged")
    with caplog.at_level(logging.DEBUG):
        assert _post(server, body.encode(), forged)[0] == 401
        assert _post(server, body.encode(), {"Content-Type": FORM})[0] == 401
        assert _declare_huge_body(server) == 413
    assert "signature mismatch" in caplog.text and "body too large" in caplog.text
    assert SECRET_MARKER not in caplog.text and "forged log line" not in caplog.text
    assert "deprecated-verification-token" not in caplog.text and "hooks.slack" not in caplog.text
    assert slack.calls("chat.postMessage") == []


def _declare_huge_body(server: ThreadServer) -> int:
    """Announce a body over the limit and send none of it: refused before it is read."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest("POST", "/slack/events")
    connection.putheader("Content-Type", FORM)
    connection.putheader("Content-Length", str(MAX_BODY_BYTES + 1))
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_a_chunked_body_over_the_limit_is_refused_while_streaming(server: ThreadServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    chunk = b"x" * 65536
    chunks = iter([chunk] * (MAX_BODY_BYTES // len(chunk) + 2))
    connection.request("POST", "/slack/events", body=chunks, encode_chunked=True,
                       headers={"Content-Type": FORM, "Transfer-Encoding": "chunked"})
    assert connection.getresponse().status == 413
    connection.close()


def test_only_post_reaches_slack_events(server: ThreadServer) -> None:
    assert server.request("/slack/events")[0] == 405


# --- concurrency and a slow Web API -----------------------------------------------------------


def test_hundreds_of_concurrent_commands_and_mentions_are_each_acked_in_time(
        server: ThreadServer, slack: FakeSlack) -> None:
    commands, mentions = 300, 100

    def command(number: int) -> float:
        started = time.perf_counter()
        status, reply = server.command("meetings 2022" if number % 2 else "positions taiwan")
        assert status == 200 and reply["response_type"] == "ephemeral" and reply["blocks"]
        return time.perf_counter() - started

    def mention_event(number: int) -> float:
        started = time.perf_counter()
        status, _ = server.event(mention("what was signed in Astana?", f"1718600000.{number:06d}"),
                                 event_id=f"EvLOAD{number}")
        assert status == 200
        return time.perf_counter() - started

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=32) as clients:
        acks = [*clients.map(command, range(commands)),
                *clients.map(mention_event, range(mentions))]
    posts = slack.wait_for("chat.postMessage", count=mentions, timeout=30)
    elapsed = time.monotonic() - started
    acks.sort()
    figures = (f"{commands + mentions} requests in {elapsed:.1f} s; ack p50 "
               f"{acks[len(acks) // 2] * 1000:.1f} ms, max {acks[-1] * 1000:.0f} ms")
    assert acks[-1] < ACK_LIMIT_SECONDS, figures
    assert elapsed < 30, figures
    assert len(posts) == mentions
    assert {p.body["thread_ts"] for p in posts} == {f"1718600000.{n:06d}" for n in range(mentions)}


def test_a_slow_web_api_does_not_delay_the_ack(server: ThreadServer, slack: FakeSlack) -> None:
    slack.delay = 1.5
    started = time.perf_counter()
    assert server.event(mention("meetings 2022"), event_id="EvSLOW")[0] == 200
    acked = time.perf_counter() - started
    [post] = slack.wait_for("chat.postMessage", timeout=10)
    assert acked < 0.5 < time.perf_counter() - started
    assert post.body["text"].startswith("1 meeting. ")


# --- retries, replays, 429s, API errors ----------------------------------------------------------


def test_a_retried_delivery_is_acked_and_not_answered(server: ThreadServer, slack: FakeSlack
                                                      ) -> None:
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert server.event(mention("meetings 2022"), "EvRETRY", extra_headers=retry) == (200, b"")
    assert server.event(mention("sources"), "EvFIRST") == (200, b"")
    [post] = slack.wait_for("chat.postMessage")
    time.sleep(0.3)  # time for a wrong second answer to arrive
    assert len(slack.calls("chat.postMessage")) == 1
    assert post.body["text"].startswith("2 source article(s); the newest: ")


def test_a_replayed_signed_event_is_answered_once(server: ThreadServer, slack: FakeSlack
                                                  ) -> None:
    body = event_body(mention("meetings 2022"), "EvREPLAY")
    headers = signed_headers(body, JSON)
    for _ in range(3):  # the same signed request, three times within the five minutes
        assert server.request("/slack/events", body.encode(), headers)[0] == 200
    slack.wait_for("chat.postMessage")
    time.sleep(0.3)
    assert len(slack.calls("chat.postMessage")) == 1


def test_a_429_is_retried_after_retry_after(server: ThreadServer, slack: FakeSlack) -> None:
    slack.fail("chat.postMessage", status=429, headers={"Retry-After": "0"},
               body={"ok": False, "error": "ratelimited"})
    assert server.event(mention("meetings 2022"), "Ev429")[0] == 200
    first, second = slack.wait_for("chat.postMessage", count=2, timeout=10)
    assert first.body == second.body and second.body["text"].startswith("1 meeting. ")


def test_a_server_error_is_retried(server: ThreadServer, slack: FakeSlack) -> None:
    slack.fail("chat.postMessage", status=503, body={"ok": False, "error": "service_unavailable"})
    assert server.event(mention("meetings 2022"), "Ev503")[0] == 200
    posts = slack.wait_for("chat.postMessage", count=2, timeout=10)
    assert posts[-1].body["text"].startswith("1 meeting. ")


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found"])
def test_a_channel_the_bot_cannot_post_in_is_logged_and_the_person_asked_to_invite_it(
        server: ThreadServer, slack: FakeSlack, caplog: pytest.LogCaptureFixture,
        error: str) -> None:
    slack.fail("chat.postMessage", body={"ok": False, "error": error})
    with caplog.at_level(logging.INFO):
        assert server.event(mention("meetings 2022"), f"Ev-{error}")[0] == 200
        [ephemeral] = slack.wait_for("chat.postEphemeral")
        deadline = time.monotonic() + 5
        while "slack_error" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.02)
    assert ephemeral.body["user"] == "U0PERSON" and ephemeral.body["channel"] == "C0FAKE"
    assert ephemeral.body["text"] == INVITE_TEXT
    assert f"Slack refused the reply in channel C0FAKE: {error}" in caplog.text
    assert "mention meeting slack_error" in caplog.text  # the request's own line
    assert BOT_TOKEN not in caplog.text and "Traceback" not in caplog.text


def test_every_request_is_one_log_line_in_json_when_asked(
        server: ThreadServer, caplog: pytest.LogCaptureFixture) -> None:
    from bot.ops.logs import JsonFormatter

    with caplog.at_level(logging.INFO, logger="relations.requests"):
        server.command("positions\ntaiwan")
    [record] = [r for r in caplog.records if r.name == "relations.requests"]
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["front_end"] == "command" and data["kind"] == "position"
    assert data["outcome"] == "answered" and data["latency_ms"] > 0
    assert data["query"] == "positions taiwan"
