"""Real servers on loopback for the serving tests: the ASGI app under uvicorn in a thread
(fast), or `python -m bot serve` in a subprocess (signals, start-up, reloads).

Requests are real HTTP, signed as Slack signs them (tests/fake_slack.py).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette

from tests.fake_slack import (
    APP_TOKEN,
    BOT_TOKEN,
    FORM,
    SIGNING_SECRET,
    FakeSlack,
    event_body,
    signed_headers,
    slash_command_body,
)

REPO = Path(__file__).resolve().parents[2]
JSON = "application/json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Client:
    """Speaks to a server at base_url: Slack's signed requests, and the health endpoints."""

    base_url: str

    def request(self, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers or {},
                                         method="POST" if body is not None else "GET")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers.items()), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers.items()), error.read()

    def get_json(self, path: str) -> tuple[int, dict[str, Any]]:
        status, _, body = self.request(path)
        return status, json.loads(body)

    def command(self, text: str) -> tuple[int, dict[str, Any]]:
        body = slash_command_body(text)
        status, _, data = self.request("/slack/events", body.encode(), signed_headers(body, FORM))
        return status, json.loads(data) if data.startswith(b"{") else {}

    def event(self, event: dict[str, Any], event_id: str = "Ev0FAKE",
              extra_headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        body = event_body(event, event_id)
        headers = signed_headers(body, JSON) | (extra_headers or {})
        status, _, data = self.request("/slack/events", body.encode(), headers)
        return status, data


class ThreadServer(Client):
    """An ASGI app under uvicorn in a background thread, on a free loopback port."""

    def __init__(self, asgi: Starlette) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(asgi, host="127.0.0.1", port=self.port, log_config=None,
                                access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start within 10 s"
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def serve_environment(slack: FakeSlack, **settings: str) -> dict[str, str]:
    """The environment of a bot subprocess: no real Slack settings, the fake's URL."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "RELATIONS_")) or k == "RELATIONS_CACHE_DIR"}
    return env | {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                  "SLACK_API_URL": slack.url, "PYTHONUNBUFFERED": "1",
                  "RELATIONS_HOST": "127.0.0.1", "RELATIONS_DRAIN_SECONDS": "5",
                  "RELATIONS_FACTS": str(REPO / "facts"), "RELATIONS_SEEDS": str(REPO / "seeds"),
                  "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
                  } | settings


class ServeProcess(Client):
    """`python -m bot serve --http` in a subprocess (in Socket Mode with `socket_mode`, its
    health server on the port); its output is kept for assertions."""

    def __init__(self, env: dict[str, str], cwd: Path, socket_mode: bool = False) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "bot", "serve"]
        if socket_mode:
            env = env | {"SLACK_APP_TOKEN": APP_TOKEN, "RELATIONS_HEALTH_PORT": str(self.port)}
        else:
            command += ["--http", "--port", str(self.port)]
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.output = ""

    def __enter__(self) -> ServeProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.stop()

    def wait_until(self, path: str, status: int = 200, timeout: float = 30
                   ) -> dict[str, Any]:
        """Poll `path` until it answers `status`; its JSON."""
        deadline = time.monotonic() + timeout
        last: Any = None
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the bot exited:\n{self.stop()}"
            try:
                code, data = self.get_json(path)
                if code == status:
                    return data
                last = (code, data)
            except OSError as error:
                last = error
            time.sleep(0.05)
        raise AssertionError(f"{path} did not answer {status} within {timeout}s: {last}")

    def signal(self, number: signal.Signals) -> None:
        self.process.send_signal(number)

    def stop(self, timeout: float = 15) -> str:
        """Wait for the process to exit (bounded) and return everything it printed."""
        out, _ = self.process.communicate(timeout=timeout)
        self.output += out or ""
        return self.output
