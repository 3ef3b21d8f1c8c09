"""@mentions and DMs through Bolt's real dispatch; the replies are read back from the fake."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import pytest
from slack_bolt import App, BoltRequest

from bot.engine import Engine
from bot.frontend import reply_to
from bot.ops.live import LiveEngine
from bot.slack.listeners.events import handle_app_mention, handle_direct_message
from tests.fake_slack import (
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    FakeSlack,
    RecordedRequest,
    event_body,
    signed_headers,
)

JSON = "application/json"


def send_event(app: App, event: dict[str, Any], event_id: str = "Ev0FAKE") -> None:
    body = event_body(event, event_id)
    response = app.dispatch(BoltRequest(body=body, headers=signed_headers(body, JSON)))
    assert response.status == 200, response.body


def mention(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "app_mention", "user": "U0PERSON", "text": text, "ts": "1718600000.000200",
            "channel": "C0FAKE", "event_ts": "1718600000.000200", **extra}


def posted_text(post: RecordedRequest) -> str:
    return json.dumps(post.body["blocks"], ensure_ascii=False)


def test_mention_is_answered_in_a_new_thread(app: App, slack: FakeSlack, engine: Engine) -> None:
    send_event(app, mention(f"<@{BOT_USER_ID}> what was signed in Astana?"))
    [post] = slack.wait_for("chat.postMessage")
    assert post.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    assert post.body["channel"] == "C0FAKE"
    assert post.body["thread_ts"] == "1718600000.000200"
    assert post.body["text"].startswith("1 agreement. 17 Jun 2025: ")
    assert "You asked: “what was signed in Astana?”" in posted_text(post)
    assert "agreement-2025-06-17-cooperation-documents" in posted_text(post)
    assert "<@" not in posted_text(post) and BOT_USER_ID not in posted_text(post)
    assert post.body["blocks"] == reply_to(engine, "what was signed in Astana?",
                                            front_end="mention").blocks


def test_mention_inside_a_thread_answers_in_that_thread(app: App, slack: FakeSlack) -> None:
    send_event(app, mention(f"<@{BOT_USER_ID}|relations> meetings 2022",
                            thread_ts="1718599999.000100"))
    [post] = slack.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == "1718599999.000100"
    assert post.body["text"].startswith("1 meeting. 6 Feb 2022: ")
    assert "You asked: “meetings 2022”" in posted_text(post)


def test_help_by_mention_goes_to_the_asker_alone_not_the_thread(app: App,
                                                                  slack: FakeSlack) -> None:
    send_event(app, mention(f"<@{BOT_USER_ID}>"))
    [post] = slack.wait_for("chat.postEphemeral")
    assert post.body["channel"] == "C0FAKE" and post.body["user"] == "U0PERSON"
    assert "thread_ts" not in post.body
    assert post.body["blocks"][0]["text"]["text"] == "relations — help"
    assert "/relations meetings" in post.body["text"]
    send_event(app, mention(f"<@{BOT_USER_ID}> help", thread_ts="1718599999.000100"),
               event_id="Ev0HELP2")
    [_, in_thread] = slack.wait_for("chat.postEphemeral", count=2)
    assert in_thread.body["thread_ts"] == "1718599999.000100"  # shown where they asked
    assert not slack.calls("chat.postMessage")


def dm(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "user": "U0PERSON", "text": text,
            "ts": "1718600001.000300", "channel": "D0FAKE", "event_ts": "1718600001.000300",
            **extra}


def test_direct_message_is_answered_in_the_dm(app: App, slack: FakeSlack) -> None:
    send_event(app, dm("positions taiwan"))
    [post] = slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "D0FAKE"
    assert "thread_ts" not in post.body
    assert "You asked: “positions taiwan”" in posted_text(post)
    assert "*Position*" in posted_text(post)


def test_bot_messages_and_edits_in_a_dm_get_no_reply(app: App, slack: FakeSlack) -> None:
    send_event(app, dm("meetings", bot_id=BOT_ID, user=BOT_USER_ID), "Ev1")
    send_event(app, dm("meetings", subtype="message_changed"), "Ev2")
    send_event(app, dm("sources"), "Ev3")
    [post] = slack.wait_for("chat.postMessage")
    time.sleep(0.3)  # give any wrongly answered event time to arrive, too
    assert len(slack.calls("chat.postMessage")) == 1
    assert post.body["text"].startswith("2 source article(s); the newest: Xinhua")


def test_badly_signed_event_is_rejected(app: App, slack: FakeSlack) -> None:
    body = event_body(mention(f"<@{BOT_USER_ID}> meetings"))
    headers = signed_headers(body, JSON, signing_secret="wrong")
    assert app.dispatch(BoltRequest(body=body, headers=headers)).status == 401
    assert slack.calls("chat.postMessage") == []


class Recorder:
    """Stands in for Bolt's `say`, recording its keyword arguments."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


@pytest.mark.parametrize("event", [
    dm("meetings", bot_id=BOT_ID), dm("meetings", subtype="message_deleted"),
    dm("meetings", bot_profile={"id": BOT_ID}), dm("meetings", channel_type="channel"),
])
def test_dm_handler_ignores_what_is_not_a_persons_dm(engine: Engine, event: dict[str, Any]
                                                      ) -> None:
    say = Recorder()
    handle_direct_message(LiveEngine.fixed(engine), event, say,  # type: ignore[arg-type]
                          logging.getLogger("test"))
    assert say.calls == []


class BrokenEngine:
    version = None

    def answer(self, text: str, limit: int | None = None) -> Any:
        raise RuntimeError("the fact base vanished")


def test_a_failing_answer_still_replies_politely_in_the_thread(
        caplog: pytest.LogCaptureFixture) -> None:
    say = Recorder()
    with caplog.at_level(logging.ERROR):
        handle_app_mention(LiveEngine.fixed(BrokenEngine()),  # type: ignore[arg-type]
                           mention("<@U1> meetings"), say, logging.getLogger("test"))
    [call] = say.calls
    assert call["thread_ts"] == "1718600000.000200"
    assert call["text"].startswith("Sorry") and "vanished" not in call["text"]
    assert not call.get("blocks")
    assert "meetings" in caplog.text and "vanished" in caplog.text
