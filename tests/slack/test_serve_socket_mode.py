"""The real `python -m bot serve` in Socket Mode, connected to the fake's WebSocket.

The bot opens its socket through apps.connections.open on the fake Web API, gets
`hello`, then envelopes as Slack sends them; it must acknowledge each envelope_id over
the socket, answer through the Web API or in the acknowledgement, apply the retry rule
to `retry_attempt`, report the socket on its health port, and close it on SIGTERM.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fake_slack import (
    APP_TOKEN,
    BOT_TOKEN,
    FakeSlack,
    FakeSocketMode,
    events_api_envelope,
    slash_command_envelope,
)
from tests.slack.servers import ServeProcess, serve_environment
from tests.slack.test_serve import MENTION

DISCONNECTED = {"status": "disconnected", "socket_connected": False}
CONNECTED = {"status": "ok", "socket_connected": True}


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack(socket_mode=True) as fake:
        yield fake


def socket_of(slack: FakeSlack) -> FakeSocketMode:
    assert slack.socket is not None
    return slack.socket


def test_socket_mode_acks_answers_skips_retries_and_closes_on_sigterm(
        slack: FakeSlack, tmp_path: Path) -> None:
    socket = socket_of(slack)
    slack.fail("apps.connections.open", body={"ok": False, "error": "internal_error"})
    with ServeProcess(serve_environment(slack), tmp_path, socket_mode=True) as bot:
        assert bot.wait_until("/healthz", status=503) == DISCONNECTED  # before: refused once
        socket.wait(lambda: socket.connected, "a connection")
        assert bot.wait_until("/healthz") == CONNECTED
        assert bot.wait_until("/readyz")["socket_connected"] is True

        socket.send(events_api_envelope(MENTION, "EvSOCKET1", "env-mention"))
        assert socket.ack("env-mention") == {"envelope_id": "env-mention"}
        [post] = slack.wait_for("chat.postMessage")
        assert post.body["text"].startswith("1 meeting. ")
        assert post.body["channel"] == "C0FAKE" and post.body["thread_ts"] == MENTION["ts"]
        assert post.headers["Authorization"] == f"Bearer {BOT_TOKEN}"

        socket.send(slash_command_envelope("meetings 2022", "env-command"))
        reply = socket.ack("env-command")["payload"]  # answered in the acknowledgement
        assert reply["response_type"] == "ephemeral" and reply["text"].startswith("1 meeting. ")
        assert "Beijing 2022 Olympic Winter Games" in str(reply["blocks"])

        # A retry of the mention, and a retry whose first delivery this bot never saw:
        # both acknowledged, neither answered (the stateless rule of bot/slack/dedup.py).
        socket.send(events_api_envelope(MENTION, "EvSOCKET1", "env-retry", 1, "timeout"))
        socket.send(events_api_envelope(MENTION, "EvSOCKET2", "env-other", 2, "timeout"))
        assert socket.ack("env-retry") == {"envelope_id": "env-retry"}
        assert socket.ack("env-other") == {"envelope_id": "env-other"}
        metrics = bot.request("/metrics")[2].decode()
        assert re.search(r'relations_events_duplicate_total\{reason="retry"\} 2\.0', metrics)
        assert len(slack.calls("chat.postMessage")) == 1

        bot.signal(signal.SIGTERM)
        output = bot.stop()
        socket.wait(lambda: not socket.connected, "close")  # after: the socket is gone
    assert bot.process.returncode == 0, output
    assert socket.close_codes == [1000]  # a Close frame, not a dropped connection
    opened = slack.calls("apps.connections.open")  # through SLACK_API_URL, with the app token
    assert socket.connections == 1 and len(opened) == 2
    assert opened[1].headers["Authorization"] == f"Bearer {APP_TOKEN}"
    assert "stopped (SIGTERM)" in output
    assert "Traceback" not in output and "on_error invoked" not in output
    assert APP_TOKEN not in output and "fake-ticket" not in output
    assert "event EvSOCKET1 acknowledged, not answered: retry 1 (timeout)" in output


def test_socket_mode_reconnects_on_refresh_and_on_close_and_reports_a_lost_socket(
        slack: FakeSlack, tmp_path: Path) -> None:
    socket = socket_of(slack)
    with ServeProcess(serve_environment(slack), tmp_path, socket_mode=True) as bot:
        bot.wait_until("/readyz")
        socket.send({"type": "disconnect", "reason": "refresh_requested"})  # Slack, hourly
        socket.wait(lambda: socket.connections == 2 and socket.connected, "a new connection")
        socket.send(events_api_envelope(MENTION, "EvAFTER", "env-after"))
        assert socket.ack("env-after") == {"envelope_id": "env-after"}
        slack.wait_for("chat.postMessage")
        assert bot.wait_until("/healthz") == CONNECTED

        socket.close(1011)  # a server of Slack's failing without notice
        socket.wait(lambda: socket.connections == 3 and socket.connected, "a new connection",
                    timeout=5)  # at once, not at slack_sdk's next 10-second check
        socket.send(events_api_envelope(MENTION, "EvLAST", "env-last"))
        assert socket.ack("env-last") == {"envelope_id": "env-last"}
        slack.wait_for("chat.postMessage", count=2)

        slack.fail("apps.connections.open", times=100, body={"ok": False, "error": "fatal"})
        socket.close(1011)  # and now no new connection can be had
        assert bot.wait_until("/healthz", status=503) == DISCONNECTED
        bot.signal(signal.SIGTERM)
        output = bot.stop()
    assert bot.process.returncode == 0, output
    assert len(slack.calls("chat.postMessage")) == 2
    assert "Socket Mode reconnection failed (SlackApiError)" in output
