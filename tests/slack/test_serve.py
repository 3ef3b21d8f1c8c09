"""The real `python -m bot serve --http` in a subprocess: start-up, signals, reloads.

Each test starts its own bot against the loopback fake of Slack's Web API and talks to
it only through signed HTTP requests and the health endpoints.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.generate import generate
from tests.fake_slack import (
    BOT_TOKEN,
    FORM,
    SIGNING_SECRET,
    FakeSlack,
    signed_headers,
    slash_command_body,
)
from tests.slack.servers import REPO, ServeProcess, serve_environment

MENTION = {"type": "app_mention", "user": "U0PERSON", "text": "<@UBOTFAKE> meetings 2022",
           "ts": "1718600000.000200", "channel": "C0FAKE", "event_ts": "1718600000.000200"}
NEW_ID = "meeting-2025-06-17-test-reload"
NEW_FACT = """
  - id: meeting-2025-06-17-test-reload
    kind: meeting
    date: "2025-06-17"
    summary: A fact added while the bot runs.
    participants: [xi-jinping, sadyr-japarov]
    quotes:
      - source: xinhua-2025-06-17-astana
        text: Chinese President Xi Jinping meets with Kyrgyz President Sadyr Japarov
"""


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def fact_copy(tmp_path: Path) -> Path:
    """A temporary copy of the fact base, for a bot whose files a test changes."""
    shutil.copytree(REPO / "facts", tmp_path / "facts")
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return tmp_path


def test_serve_http_answers_signed_commands_and_stops_cleanly_on_sigterm(
        slack: FakeSlack, tmp_path: Path) -> None:
    with ServeProcess(serve_environment(slack), tmp_path) as bot:
        ready = bot.wait_until("/readyz")
        assert ready["facts"] > 0 and len(ready["version"]["content_hash"]) == 64
        status, reply = bot.command("meetings 2022")
        assert status == 200 and reply["text"].startswith("1 meeting. ")
        assert reply["response_type"] == "ephemeral"
        assert "Beijing 2022 Olympic Winter Games" in str(reply["blocks"])
        # Bolt's own signature check is off in `serve` (the guard's is the one): a forged
        # request is still refused, and never answered.
        body = slash_command_body("meetings 2022")
        forged = signed_headers(body, FORM) | {"X-Slack-Signature": "v0=" + "0" * 64}
        assert bot.request("/slack/events", body.encode(), forged)[0] == 401
        sources = bot.command("sources")[1]["blocks"]
        assert sources[1]["elements"][0]["text"] == ready["label"]  # the version being served
        bot.signal(signal.SIGTERM)
        output = bot.stop()
    assert bot.process.returncode == 0, output
    assert "fact base loaded: facts " in output  # the version, logged at load
    assert output.count("command meeting answered facts=1") == 1  # one line per request
    assert "stopped (SIGTERM)" in output
    [auth] = slack.calls("auth.test")  # SLACK_API_URL was honoured at start-up
    assert auth.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in output


def test_sigterm_while_the_fact_base_loads_exits_0_at_once(slack: FakeSlack, tmp_path: Path
                                                           ) -> None:
    facts, seeds = generate(tmp_path / "generated", 10_000, seed=7)  # about 1.5 s to load
    env = serve_environment(slack, RELATIONS_CACHE="off", RELATIONS_FACTS=str(facts),
                            RELATIONS_SEEDS=str(seeds))
    with ServeProcess(env, tmp_path) as bot:
        bot.wait_until("/healthz")  # up: the load runs in the background
        assert bot.get_json("/readyz") == (503, {"ready": False})  # still loading
        bot.signal(signal.SIGTERM)
        started = time.monotonic()
        output = bot.stop()
    assert bot.process.returncode == 0, output
    assert time.monotonic() - started < 5
    assert "stopped (SIGTERM)" in output and "fact base loaded" not in output


def test_sigterm_lets_a_reply_in_flight_finish(slack: FakeSlack, tmp_path: Path) -> None:
    with ServeProcess(serve_environment(slack), tmp_path) as bot:
        bot.wait_until("/readyz")
        slack.delay = 1.0  # the reply will be on its way when the signal comes
        assert bot.event(MENTION, "EvDRAIN")[0] == 200
        bot.signal(signal.SIGTERM)
        output = bot.stop()
    assert bot.process.returncode == 0, output
    [post] = slack.calls("chat.postMessage")
    assert post.body["text"].startswith("1 meeting. ")
    assert "stopped (SIGTERM)" in output and "unfinished" not in output


def test_the_drain_is_bounded(slack: FakeSlack, tmp_path: Path) -> None:
    env = serve_environment(slack, RELATIONS_DRAIN_SECONDS="1")
    with ServeProcess(env, tmp_path) as bot:
        bot.wait_until("/readyz")
        slack.delay = 8.0  # a Web API far slower than the drain allows
        assert bot.event(MENTION, "EvSTUCK")[0] == 200
        bot.signal(signal.SIGTERM)
        started = time.monotonic()
        output = bot.stop()
    assert bot.process.returncode == 0, output
    assert time.monotonic() - started < 4
    assert "1 reply unfinished" in output


def test_sigint_drains_and_exits_0(slack: FakeSlack, tmp_path: Path) -> None:
    with ServeProcess(serve_environment(slack), tmp_path) as bot:
        bot.wait_until("/readyz")
        bot.signal(signal.SIGINT)
        output = bot.stop()
    assert bot.process.returncode == 0, output
    assert "stopped (SIGINT)" in output


def test_no_facts_folder_is_not_ready_and_says_so(slack: FakeSlack, tmp_path: Path) -> None:
    env = serve_environment(slack, RELATIONS_FACTS=str(tmp_path / "absent"))
    with ServeProcess(env, tmp_path) as bot:
        status = bot.wait_until("/readyz", status=503)
        while "failed" not in status:
            status = bot.wait_until("/readyz", status=503)
        assert status["ready"] is False and status["failed"]["errors"] >= 1
        code, reply = bot.command("meetings")
        assert code == 200 and "could not be loaded" in reply["text"]
        bot.signal(signal.SIGTERM)
        assert bot.stop()
    assert bot.process.returncode == 0


def test_a_fact_added_goes_live_and_a_broken_file_never_replaces_it(
        slack: FakeSlack, fact_copy: Path) -> None:
    env = serve_environment(slack, RELATIONS_FACTS=str(fact_copy / "facts"),
                            RELATIONS_SEEDS=str(fact_copy / "seeds"))
    with ServeProcess(env, fact_copy) as bot:
        first = bot.wait_until("/readyz")
        missing = bot.command("fact meeting-2025-06-17-test-reload")[1]["text"]
        assert missing.startswith("No such fact. ")

        astana = fact_copy / "facts" / "xinhua-2025-06-17-astana.yaml"
        astana.write_text(astana.read_text(encoding="utf-8") + NEW_FACT, encoding="utf-8")
        second = _wait_for_version_change(bot, first["version"]["content_hash"])
        assert second["facts"] == first["facts"] + 1 and "failed" not in second
        assert bot.command(f"fact {NEW_ID}")[1]["text"].startswith(f"Fact {NEW_ID}. ")

        (fact_copy / "facts" / "broken.yaml").write_text("facts:\n  - id: [unclosed\n")
        failed = _wait_for_failure(bot)
        assert failed["version"] == second["version"]  # still the good one
        assert failed["failed"]["errors"] >= 1
        assert "broken.yaml" in failed["failed"]["first_error"]
        assert bot.command(f"fact {NEW_ID}")[1]["text"].startswith(f"Fact {NEW_ID}. ")
        bot.signal(signal.SIGTERM)
        output = bot.stop()
    assert "broken.yaml:3:1: error: YAML syntax error" in output  # file and line
    assert "NOT loaded" in output and "still answering from facts" in output


def test_sighup_reloads(slack: FakeSlack, fact_copy: Path) -> None:
    env = serve_environment(slack, RELATIONS_FACTS=str(fact_copy / "facts"),
                            RELATIONS_SEEDS=str(fact_copy / "seeds"), RELATIONS_WATCH="off")
    with ServeProcess(env, fact_copy) as bot:
        first = bot.wait_until("/readyz")
        astana = fact_copy / "facts" / "xinhua-2025-06-17-astana.yaml"
        astana.write_text(astana.read_text(encoding="utf-8") + NEW_FACT, encoding="utf-8")
        time.sleep(0.5)
        assert bot.get_json("/readyz")[1]["version"] == first["version"]  # not watching
        bot.signal(signal.SIGHUP)
        second = _wait_for_version_change(bot, first["version"]["content_hash"])
        assert second["facts"] == first["facts"] + 1
        bot.signal(signal.SIGTERM)
        assert "reload requested (SIGHUP)" in bot.stop()


def test_facts_merged_upstream_arrive_by_git_pull(slack: FakeSlack, tmp_path: Path) -> None:
    """RELATIONS_RELOAD_INTERVAL: the bot fast-forwards its checkout and serves the merge."""
    upstream, checkout = tmp_path / "upstream", tmp_path / "checkout"
    upstream.mkdir()
    shutil.copytree(REPO / "facts", upstream / "facts")
    shutil.copytree(REPO / "seeds", upstream / "seeds")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q", "-b", "main", str(upstream)], check=True)
    subprocess.run([*git, "-C", str(upstream), "add", "."], check=True)
    subprocess.run([*git, "-C", str(upstream), "commit", "-qm", "facts"], check=True)
    subprocess.run(["git", "clone", "-q", str(upstream), str(checkout)], check=True)
    env = serve_environment(slack, RELATIONS_FACTS=str(checkout / "facts"),
                            RELATIONS_SEEDS=str(checkout / "seeds"), RELATIONS_WATCH="off",
                            RELATIONS_RELOAD_INTERVAL="1")
    with ServeProcess(env, tmp_path) as bot:
        first = bot.wait_until("/readyz")
        astana = upstream / "facts" / "xinhua-2025-06-17-astana.yaml"
        astana.write_text(astana.read_text(encoding="utf-8") + NEW_FACT, encoding="utf-8")
        subprocess.run([*git, "-C", str(upstream), "commit", "-qam", "a merged fact"],
                       check=True)
        merged = subprocess.run(["git", "-C", str(upstream), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        second = _wait_for_version_change(bot, first["version"]["content_hash"])
        assert second["version"]["commit"] == merged
        assert second["facts"] == first["facts"] + 1
        bot.signal(signal.SIGTERM)
        assert "git pull brought new commits" in bot.stop()


def _wait_for_version_change(bot: ServeProcess, old_hash: str, timeout: float = 20
                             ) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = bot.wait_until("/readyz")
        if status["version"]["content_hash"] != old_hash:
            return status
        time.sleep(0.05)
    raise AssertionError("the new fact base did not go live")


def _wait_for_failure(bot: ServeProcess, timeout: float = 20) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = bot.wait_until("/readyz")
        if "failed" in status:
            return status
        time.sleep(0.05)
    raise AssertionError("the broken fact base was not reported")


def test_sigterm_under_load_answers_every_request_it_took_and_exits_0(
        slack: FakeSlack, tmp_path: Path) -> None:
    """Hundreds of commands and mentions in flight, a slow Web API, then SIGTERM: every
    request is either answered in full or refused at the door, every acknowledged mention
    gets its reply, and the process exits 0."""
    usage_log = tmp_path / "usage.jsonl"
    with ServeProcess(serve_environment(slack, RELATIONS_USAGE_LOG=str(usage_log)),
                      tmp_path) as bot:
        bot.wait_until("/readyz")
        slack.delay = 0.2  # replies are still being sent when the signal comes
        answered: list[str] = []
        signalled = threading.Event()

        def request(number: int) -> str:
            if number == 150:
                bot.signal(signal.SIGTERM)
                signalled.set()
            try:
                if number % 3:
                    status, reply = bot.command("meetings 2022")
                    assert status == 200 and reply["text"].startswith("1 meeting. "), reply
                    return "command"
                event = MENTION | {"ts": f"1718600000.{number:06d}"}
                assert bot.event(event, f"EvLOAD{number}") == (200, b"")
                return "mention"
            except OSError:  # refused once the server stopped listening
                assert signalled.is_set()
                return "refused"

        with ThreadPoolExecutor(max_workers=16) as clients:
            answered = list(clients.map(request, range(400)))
        output = bot.stop()
    assert bot.process.returncode == 0, output
    assert answered.count("command") >= 50 and answered.count("mention") >= 25, answered
    assert answered.count("refused") > 0  # the load went on past the stop
    posts = slack.calls("chat.postMessage")
    assert len(posts) == answered.count("mention")  # each acknowledged mention answered
    assert "stopped (SIGTERM)" in output and "unfinished" not in output
    # The background writer's lines, all written by the time the process exits: one log
    # line and one usage line per request answered.
    answered_lines = output.split("stopped (SIGTERM)")[0]
    assert answered_lines.count("command meeting answered facts=1") == answered.count("command")
    assert answered_lines.count("mention meeting answered facts=1") == answered.count("mention")
    usage_text = usage_log.read_text()
    usage = [json.loads(line) for line in usage_text.splitlines()]
    assert len(usage) == len(answered) - answered.count("refused")
    for secret in (BOT_TOKEN, SIGNING_SECRET, "U0PERSON"):  # no token, no user id
        assert secret not in output and secret not in usage_text
    assert {(line["event"], line["front_end"]) for line in usage} == {
        ("question", "command"), ("question", "mention")}
