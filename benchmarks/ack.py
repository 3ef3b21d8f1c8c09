"""Benchmark: how long a `/relations` slash command takes to be acknowledged, on loopback.

    python benchmarks/ack.py                  # 2,000 requests per server
    python benchmarks/ack.py --requests 300   # quicker

Three servers, each in its own process, on the same production stack (uvicorn, Bolt's
Starlette adapter, the request guard, the thread pool; `bot.slack.server.run_server`),
each answering correctly signed form-encoded `/relations meetings 2022` requests sent
one after another over one keep-alive connection by this process:

- `bolt-default`: a trivial Bolt app (the listener only calls ack("ok")) with Bolt's
  default `process_before_response=False`: the listener runs in another thread and the
  request thread polls for the ack every 10 ms (slack_bolt/listener/thread_runner.py);
- `trivial`: the same trivial app with `process_before_response=True`, as ours runs;
- `relations`: `python -m bot serve --http` with the real fact base, answering with Block
  Kit (against the loopback fake of Slack's Web API, for auth.test at start-up);
- `trivial+body`: the trivial app acknowledging with our reply's very JSON (2.6 KB, worked
  out beforehand), so the ratio to it leaves out what only the size of a reply costs.

`trivial`, `trivial+body` and `relations` run side by side and take turns, 50 requests at
a time (over one keep-alive connection each, the order swapped every round), so a machine
busy with other work slows all alike; `bolt-default`, ten times slower, is measured on
its own. `--tree DIR` serves `relations` from another checkout as well (`relations@DIR`),
to compare two versions of the code in the same turns. The usage log goes to a temporary
folder.

Reports median, p90 and p99 of the client-side round trip and the ratio of the medians
of `relations` to `trivial` (targets: median <= 3 ms, ratio <= 1.3) and to `trivial+body`.

    python benchmarks/ack.py --breakdown      # where our extra time goes, in-process

times Bolt's dispatch of the same request in both apps and each part of our listener
alone (medians in microseconds, parts taking turns), without HTTP.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.fake_slack import (  # noqa: E402
    BOT_TOKEN,
    FORM,
    SIGNING_SECRET,
    FakeSlack,
    signed_headers,
    slash_command_body,
)

QUERY = "meetings 2022"
BLOCK = 50  # requests to one server before the next one's turn


def serve_trivial(port: int, process_before_response: bool, body: str = "ok") -> None:
    """A Bolt app whose /relations listener only acknowledges (with `body`), on our
    production stack."""
    from slack_bolt import App
    from slack_sdk import WebClient

    from bot.ops.lifecycle import DrainingExecutor, Stopper
    from bot.ops.live import LiveEngine
    from bot.slack.guard import RequestGuard
    from bot.slack.http import asgi_app
    from bot.slack.server import run_server

    client = WebClient(token=BOT_TOKEN, base_url=os.environ["SLACK_API_URL"])
    app = App(signing_secret=SIGNING_SECRET, client=client,
              process_before_response=process_before_response)
    app.command("/relations")(lambda ack: ack(body))
    stopper = Stopper(drain_seconds=1)
    stopper.install()
    live = LiveEngine(Path("facts"), Path("seeds"))
    pool = DrainingExecutor(8, "trivial-request")  # as `relations serve` dispatches
    run_server(asgi_app(live, app, RequestGuard(SIGNING_SECRET), pool), "127.0.0.1", port,
               stopper)


def our_reply_body() -> str:
    """The acknowledgement's body our app sends for QUERY, worked out in this process."""
    from bot.engine import load_engine
    from bot.frontend import reply_to
    from bot.slack.listeners.commands import ack_json

    engine = load_engine(HERE.parent / "facts", HERE.parent / "seeds", None, warm_up=False)
    return ack_json(reply_to(engine, QUERY, front_end="command"))


def start(name: str, port: int, slack: FakeSlack, state: Path,
          tree: Path = HERE.parent) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "RELATIONS_"))}
    env |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.url, "RELATIONS_HOST": "127.0.0.1",
            "RELATIONS_LOG_FORMAT": "text", "PYTHONPATH": str(tree),
            "RELATIONS_USAGE_LOG": str(state / f"usage-{port}.jsonl")}
    if name == "trivial+body":
        env["ACK_BODY"] = our_reply_body()
    if name.startswith("relations"):
        command = [sys.executable, "-m", "bot", "serve", "--http", "--port", str(port)]
    else:
        command = [sys.executable, str(Path(__file__)), "--serve", name, "--port", str(port)]
    return subprocess.Popen(command, cwd=tree, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def wait_ready(port: int, need_facts: bool, timeout: float = 60) -> None:
    """Until /readyz answers (200 for the bot; the trivial apps have no fact base)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/readyz")
            response = connection.getresponse()
            response.read()
            if response.status == 200 or not need_facts:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"server on port {port} did not start")


def measure(ports: dict[str, int], requests: int) -> dict[str, list[float]]:
    """Round trips in ms per server; the servers take turns, BLOCK requests each, the order
    swapped every round (blocks keep each server as warm as a busy one would be)."""
    connections = {name: http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                   for name, port in ports.items()}
    times: dict[str, list[float]] = {name: [] for name in ports}
    order = list(ports)
    warm_up = requests // 10
    for first in range(0, requests + warm_up, BLOCK):
        order.reverse()
        for name in order:
            for number in range(first, min(first + BLOCK, requests + warm_up)):
                body = slash_command_body(QUERY)
                headers = signed_headers(body, FORM)
                started = time.perf_counter()
                connections[name].request("POST", "/slack/events", body=body.encode(),
                                          headers=headers)
                response = connections[name].getresponse()
                data = response.read()
                elapsed = time.perf_counter() - started
                assert response.status == 200, (response.status, data[:200])
                if name.startswith("relations") and number == 0:
                    assert json.loads(data)["text"].startswith("1 meeting. "), data[:200]
                if number >= warm_up:
                    times[name].append(elapsed * 1000)
    return times


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"median_ms": round(statistics.median(ordered), 3),
            "p90_ms": round(ordered[int(len(ordered) * 0.9)], 3),
            "p99_ms": round(ordered[int(len(ordered) * 0.99)], 3)}


def breakdown(rounds: int) -> None:
    """Median microseconds of dispatch in both apps and of each part of our listener."""

    from slack_bolt import App, BoltRequest
    from slack_sdk import WebClient

    from bot.config import Settings
    from bot.frontend import reply_to
    from bot.markup import command_text_to_query
    from bot.ops import deferred
    from bot.ops.live import LiveEngine
    from bot.ops.logs import configure_logging, request_log
    from bot.paging import answer_page
    from bot.slack.app import build_app
    from bot.slack.listeners.commands import ack_json
    from bot.usage import UsageLog, person_hash

    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (lines written, as in production)
    configure_logging("text")
    with FakeSlack() as slack, tempfile.TemporaryDirectory() as state:
        settings = Settings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET,
                            api_url=slack.url, usage_log=Path(state) / "usage.jsonl")
        live = LiveEngine(HERE.parent / "facts", HERE.parent / "seeds")
        live.request_reload("benchmark")
        while live.engine is None:
            time.sleep(0.05)
        ours = build_app(settings, live, verify_signatures=False)  # as `serve` builds it
        trivial = App(signing_secret=SIGNING_SECRET, process_before_response=True,
                      client=WebClient(token=BOT_TOKEN, base_url=slack.url))
        trivial.command("/relations")(lambda ack: ack("ok"))
        usage = UsageLog(Path(state) / "parts.jsonl")
        body = slash_command_body(QUERY)
        headers = {k.lower(): v for k, v in signed_headers(body, FORM).items()}
        reply = reply_to(live.engine, QUERY, front_end="command")

        def log_line() -> None:
            with request_log("command", QUERY) as record:
                record.kind, record.facts = "meeting", 1

        def lines() -> None:
            log_line()
            usage.question("answered", "command", QUERY, person_hash("T", "U"))

        parts = {
            "dispatch, relations": lambda: ours.dispatch(BoltRequest(body=body, headers=headers)),
            "dispatch, trivial": lambda: trivial.dispatch(BoltRequest(body=body,
                                                                      headers=headers)),
            "answer (engine, render, buttons)": lambda: reply_to(live.engine, QUERY,
                                                                 front_end="command"),
            "of which the engine": lambda: answer_page(live.engine, QUERY),
            "log and usage lines, queued": lines,
            "reply as JSON": lambda: ack_json(reply),
            "query from the command text": lambda: command_text_to_query(QUERY),
        }
        deferred.start_writer()  # as `relations serve` runs
        times: dict[str, list[float]] = {name: [] for name in parts}
        for _ in range(rounds):
            for name, part in parts.items():
                started = time.perf_counter()
                part()
                times[name].append((time.perf_counter() - started) * 1e6)
        deferred.stop_writer()
    sys.stderr = sys.__stderr__
    for name, values in times.items():
        print(f"{name:34} {statistics.median(values):7.1f} us")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--serve", choices=("trivial", "trivial+body", "bolt-default"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=3101)
    parser.add_argument("--tree", type=Path, help="another checkout to serve as well")
    parser.add_argument("--breakdown", action="store_true", help="in-process parts of the time")
    args = parser.parse_args()
    if args.breakdown:
        breakdown(args.requests)
        return 0
    if args.serve:
        serve_trivial(args.port, process_before_response=args.serve != "bolt-default",
                      body=os.environ.get("ACK_BODY", "ok"))
        return 0

    groups: list[dict[str, Path]] = [{"bolt-default": HERE.parent},
                                     {"trivial": HERE.parent, "trivial+body": HERE.parent,
                                      "relations": HERE.parent}]
    if args.tree:
        groups[1][f"relations@{args.tree}"] = args.tree.resolve()
    results: dict[str, dict[str, float]] = {}
    with FakeSlack() as slack, tempfile.TemporaryDirectory() as state:
        port = args.port
        for group in groups:
            ports, processes = {}, []
            for name, tree in group.items():
                ports[name] = port
                processes.append(start(name.split("@")[0], port, slack, Path(state), tree))
                port += 1
            try:
                for name, server_port in ports.items():
                    wait_ready(server_port, need_facts=name.startswith("relations"))
                requests = min(args.requests, 300) if "bolt-default" in group else args.requests
                for name, times in measure(ports, requests).items():
                    results[name] = summary(times)
                    print(f"{name:14} {results[name]}", flush=True)
            finally:
                for process in processes:
                    process.send_signal(signal.SIGTERM)
                    process.wait(timeout=20)
    for name in results:
        if name.startswith("relations"):
            for trivial in ("trivial", "trivial+body"):
                ratio = results[name]["median_ms"] / results[trivial]["median_ms"]
                print(f"ratio of medians, {name} / {trivial}: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
