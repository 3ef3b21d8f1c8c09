"""/relations through Bolt's real dispatch: signatures, the ack body, escaping, Block Kit limits."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from slack_bolt import App, BoltRequest, BoltResponse

from bot.config import Settings
from bot.engine import Engine
from bot.frontend import Reply, reply_to
from bot.ops.live import LiveEngine
from bot.render import MAX_SECTION_TEXT
from bot.slack.app import build_app
from bot.slack.listeners.commands import ack_json, handle_relations_command
from tests.block_kit import assert_within_block_kit_limits
from tests.fake_slack import (
    BOT_TOKEN,
    FORM,
    SIGNING_SECRET,
    FakeSlack,
    signed_headers,
    slash_command_body,
)

BEIJING_QUOTE = ("Xi made the remarks when meeting with Kyrgyz President Sadyr Zhaparov who came "
                 "to China for the opening ceremony of the Beijing 2022 Olympic Winter Games.")


def run_command(app: App, text: str) -> dict[str, Any]:
    """Dispatch a correctly signed /relations and return the JSON acknowledgement."""
    response = dispatch(app, slash_command_body(text))
    assert response.status == 200, response.body
    return json.loads(response.body)


def dispatch(app: App, body: str, **sign: Any) -> BoltResponse:
    return app.dispatch(BoltRequest(body=body, headers=signed_headers(body, FORM, **sign)))


def all_text(reply: dict[str, Any]) -> str:
    return json.dumps(reply["blocks"], ensure_ascii=False)


def test_build_app_checks_the_token_against_slack_api_url(slack: FakeSlack, app: App) -> None:
    [auth] = slack.calls("auth.test")
    assert auth.headers["Authorization"] == f"Bearer {BOT_TOKEN}"


def test_meetings_2022_quotes_the_beijing_meeting(app: App) -> None:
    reply = run_command(app, "meetings 2022")
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith("1 meeting. 6 Feb 2022: ")
    assert reply["blocks"][0]["type"] == "header"
    assert BEIJING_QUOTE in all_text(reply)
    assert "meeting-2022-02-06-xi-japarov-beijing" in all_text(reply)


def test_a_question_gets_its_answer(app: App) -> None:
    reply = run_command(app, "what was signed in Astana?")
    assert reply["text"].startswith("1 agreement. 17 Jun 2025: ")
    assert "agreement-2025-06-17-cooperation-documents" in all_text(reply)


def test_nothing_known_says_so_without_fact_blocks(app: App) -> None:
    reply = run_command(app, "positions ukraine")
    text = all_text(reply)
    assert reply["text"].startswith("No positions found. The fact base has nothing about “Ukraine”")
    assert "nothing about “Ukraine”" in text
    assert not [b for b in reply["blocks"] if b["type"] == "divider"]
    assert "*Position*" not in text


def test_empty_text_is_the_help(app: App) -> None:
    reply = run_command(app, "")
    assert reply["blocks"][0]["text"]["text"] == "relations — help"
    assert "/relations meetings" in all_text(reply)


def test_badly_signed_request_is_rejected_and_its_body_never_logged(
        app: App, slack: FakeSlack, engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=slack.url)
    with caplog.at_level(logging.DEBUG):  # Bolt's loggers take the root's level when built
        verbose_app = build_app(settings, engine)
        assert dispatch(verbose_app, slash_command_body("meetings 2022"),
                        signing_secret="not-the-secret").status == 401
    assert "meetings" not in caplog.text and "deprecated-verification-token" not in caplog.text
    body = slash_command_body("meetings 2022")
    headers = signed_headers(body, FORM)
    tampered = slash_command_body("meetings 2025")
    assert app.dispatch(BoltRequest(body=tampered, headers=headers)).status == 401
    assert dispatch(app, body, timestamp=1_000_000_000).status == 401  # replayed, too old


def test_user_text_is_echoed_escaped_never_raw(app: App) -> None:
    reply = run_command(app, "<!channel> & <script>")
    text = json.dumps([b for b in reply["blocks"] if b["type"] != "actions"])
    assert "&lt;!channel&gt; &amp; &lt;script&gt;" in text
    assert "<!channel>" not in text and "<script>" not in text


def test_text_slack_already_escaped_is_not_escaped_twice(app: App) -> None:
    reply = run_command(app, "&lt;b&gt; &amp; taiwan")
    assert "&lt;b&gt; &amp; taiwan" in all_text(reply)
    assert "&amp;lt;" not in all_text(reply) and "&amp;amp;" not in all_text(reply)


@pytest.mark.parametrize("query", [
    "", "help", "sources", "timeline", "meetings", "agreements", "positions", "positions taiwan",
    "meetings 2022", "fact meeting-2022-02-06-xi-japarov-beijing", "fact nonsense",
    "what did Japarov say about Taiwan?", "x" * 5000, "& < > " * 800,
])
def test_every_reply_respects_block_kit_limits(app: App, query: str) -> None:
    reply = run_command(app, query)
    assert reply["text"] and len(reply["text"]) <= MAX_SECTION_TEXT
    assert_within_block_kit_limits(reply["blocks"])


class BrokenEngine:
    """An engine that fails, to prove a failure still acknowledges politely."""

    version = None

    def answer(self, text: str, limit: int | None = None) -> Any:
        raise RuntimeError("the fact base vanished")


def test_a_failure_still_acks_with_a_short_message_and_is_logged(
        slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=slack.url)
    app = build_app(settings, BrokenEngine())  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR):
        reply = run_command(app, "meetings 2022")
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith("Sorry")
    assert "blocks" not in reply
    assert "Traceback" not in reply["text"] and "vanished" not in reply["text"]
    assert any("vanished" in (r.exc_text or "") or r.exc_info for r in caplog.records)
    assert "meetings 2022" in caplog.text
    assert BOT_TOKEN not in caplog.text and SIGNING_SECRET not in caplog.text


def test_handler_is_a_plain_function(engine: Engine) -> None:
    acks: list[dict[str, Any]] = []
    handle_relations_command(LiveEngine.fixed(engine),
                             lambda body: acks.append(json.loads(body)),  # type: ignore[arg-type]
                             {"text": "  meetings   2022 "}, logging.getLogger("test"))
    [ack] = acks
    assert ack["text"].startswith("1 meeting. ") and ack["response_type"] == "ephemeral"


def test_the_ack_is_the_reply_as_json(app: App, engine: Engine) -> None:
    """Encoded by us (orjson), sent by Bolt as it is: application/json, and exactly the reply
    Bolt would have encoded from the same fields; no blocks key when there are none."""
    response = dispatch(app, slash_command_body("meetings 2022"))
    assert response.headers["content-type"] == ["application/json;charset=utf-8"]
    reply = reply_to(engine, "meetings 2022", front_end="command")
    assert json.loads(response.body) == {"text": reply.text, "response_type": "ephemeral",
                                         "blocks": reply.blocks}
    assert json.loads(ack_json(Reply([], "Loading."))) == {"text": "Loading.",
                                                          "response_type": "ephemeral"}
    assert json.loads(ack_json(Reply([], "\ud800")))["text"] == "\ud800"  # not UTF-8: escaped


@pytest.mark.parametrize("text", ["when did Xi and Japarov last meet?", "who is Жапаров",
                                  "China vs Kyrgyzstan on the railway", "did Xi meet Putin?"])
def test_answers_cards_and_comparisons_through_bolt(app: App, engine: Engine, text: str) -> None:
    reply = run_command(app, text)
    assert_within_block_kit_limits(reply["blocks"])
    answer = engine.answer(text, limit=10)
    assert reply["blocks"][0]["type"] == "header"
    if answer.direct is not None:  # the sentence is the first section, and the notification
        assert answer.direct.text in reply["blocks"][1]["text"]["text"]
        assert reply["text"] == answer.direct.text
    if answer.card is not None:
        assert answer.card.name in reply["blocks"][1]["text"]["text"]
    if answer.comparison is not None:
        for group in answer.comparison.groups:
            assert f"*{group['label']}*" in all_text(reply)
