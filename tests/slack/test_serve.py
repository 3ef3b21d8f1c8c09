"""The real `relations serve --http` in a subprocess, and Socket Mode's use of SLACK_API_URL."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engine import Engine
from bot.slack.app import build_app, socket_mode_handler
from tests.fake_slack import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    signed_headers,
    slash_command_body,
)

REPO = Path(__file__).resolve().parents[2]
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[str], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"relations serve exited with {process.returncode}:\n{out}\n{err}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"relations serve did not listen on port {port} within {timeout}s")


def test_relations_serve_http_answers_a_signed_slash_command(slack: FakeSlack, tmp_path: Path
                                                             ) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SLACK_") and k not in ("RELATIONS_FACTS", "RELATIONS_SEEDS")}
    env |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.url, "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--http", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port(port, process)
        body = slash_command_body("meetings 2022")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/slack/events", data=body.encode(), method="POST",
            headers=signed_headers(body, FORM))
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
            reply = json.loads(response.read())
        assert reply["response_type"] == "ephemeral"
        assert reply["text"].startswith("1 meeting. ")
        assert "Beijing 2022 Olympic Winter Games" in json.dumps(reply["blocks"])

        forged = urllib.request.Request(
            f"http://127.0.0.1:{port}/slack/events", data=body.encode(), method="POST",
            headers=signed_headers(body, FORM, signing_secret="forged"))
        with pytest.raises(urllib.error.HTTPError) as rejected:
            urllib.request.urlopen(forged, timeout=10)
        assert rejected.value.code == 401
    finally:
        process.terminate()
        out, err = process.communicate(timeout=10)
    [auth] = slack.calls("auth.test")  # SLACK_API_URL was honoured at start-up
    assert auth.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    output = out + err
    assert "Bolt app is running" in output or "HTTP mode" in output
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in output


def test_socket_mode_opens_its_connection_through_slack_api_url(slack: FakeSlack,
                                                                engine: Engine) -> None:
    settings = Settings(bot_token=BOT_TOKEN, app_token=APP_TOKEN, api_url=slack.url)
    handler = socket_mode_handler(build_app(settings, engine), settings)
    assert handler.client.issue_new_wss_url() == "wss://fake.slack.test/link/?ticket=fake"
    [opened] = slack.calls("apps.connections.open")
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
    assert [r.api_method for r in slack.requests] == ["auth.test", "apps.connections.open"]
