"""The buttons under an answer, clicked as Slack clicks them: signed block_actions payloads
through Bolt's dispatch, the bot's replies read back from the fake's response_url."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App, BoltRequest, BoltResponse

from bot.config import Settings
from bot.engine import Engine, FactBase
from bot.ops import metrics
from bot.paging import FACTS_PER_PAGE
from bot.slack.app import build_app
from bot.usage import person_hash
from tests.block_kit import assert_within_block_kit_limits
from tests.fake_slack import (
    BOT_TOKEN,
    FORM,
    SIGNING_SECRET,
    TEAM_ID,
    USER_ID,
    FakeSlack,
    RecordedRequest,
    block_actions_body,
    event_body,
    signed_headers,
    slash_command_body,
    view_submission_body,
)


@pytest.fixture
def usage_log(tmp_path: Path) -> Path:
    return tmp_path / "usage.jsonl"


@pytest.fixture
def app(slack: FakeSlack, engine: Engine, usage_log: Path) -> App:
    settings = Settings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=slack.url,
                        usage_log=usage_log)
    return build_app(settings, engine)


def dispatch(app: App, body: str, **sign: Any) -> BoltResponse:
    return app.dispatch(BoltRequest(body=body, headers=signed_headers(body, FORM, **sign)))


def ask(app: App, text: str) -> dict[str, Any]:
    """/relations `text`: the ephemeral answer, as Slack would show it."""
    response = dispatch(app, slash_command_body(text))
    assert response.status == 200, response.body
    reply = json.loads(response.body)
    assert_within_block_kit_limits(reply["blocks"])
    return reply


def buttons(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The buttons found in a message's blocks, by label, each with its block_id."""
    found = {}
    for block in blocks:
        if block["type"] == "actions":
            for element in block["elements"]:
                found[element["text"]["text"]] = {**element, "block_id": block["block_id"]}
    return found


def press(app: App, slack: FakeSlack, blocks: list[dict[str, Any]], label: str,
          responses: int = 1, ephemeral: bool = True) -> list[RecordedRequest]:
    """Click the button labelled `label` in `blocks`; what the bot then posted back."""
    button = buttons(blocks)[label]
    before = len(slack.calls("response_url"))
    body = block_actions_body(button, slack.response_url(), ephemeral=ephemeral,
                              block_id=button["block_id"])
    response = dispatch(app, body)
    assert response.status == 200, response.body
    return slack.wait_for("response_url", before + responses)[before:]


def text_of(blocks: list[dict[str, Any]]) -> str:
    return json.dumps([b for b in blocks if b["type"] != "actions"], ensure_ascii=False)


def fact_ids(blocks: list[dict[str, Any]]) -> set[str]:
    return set(re.findall(r"`((?:meeting|agreement|position)-[^`]+)`", text_of(blocks)))


def log_lines(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_an_answer_has_its_buttons_within_block_kit_limits(app: App) -> None:
    reply = ask(app, "positions")
    assert list(buttons(reply["blocks"])) == ["Share to channel", "Show more", "Cite",
                                              "Helpful", "Not helpful"]
    actions = [b for b in reply["blocks"] if b["type"] == "actions"]
    assert all(len(b["elements"]) <= 5 for b in actions)


def test_show_more_replaces_the_message_with_the_next_page(app: App, slack: FakeSlack,
                                                          fact_base: FactBase) -> None:
    total = sum(1 for f in fact_base.facts if f.kind == "position")
    assert total > FACTS_PER_PAGE
    first = ask(app, "positions")
    [page_two] = press(app, slack, first["blocks"], "Show more")
    assert page_two.body["replace_original"] is True
    blocks = page_two.body["blocks"]
    assert_within_block_kit_limits(blocks)
    last = min(total, 2 * FACTS_PER_PAGE)
    assert f"Facts 11–{last} of {total}" in text_of(blocks)
    shown = sum(1 for b in blocks if b["type"] == "divider")
    assert shown == last - FACTS_PER_PAGE
    assert set(buttons(first["blocks"])) - {"Show more"} < set(buttons(blocks))
    assert "Previous" in buttons(blocks)
    assert ("Next" in buttons(blocks)) == (total > 2 * FACTS_PER_PAGE)
    assert not fact_ids(first["blocks"]) & fact_ids(blocks)
    assert len(fact_ids(blocks)) == shown
    [back] = press(app, slack, blocks, "Previous")
    assert back.body["blocks"] == first["blocks"]


def test_share_posts_in_channel_with_who_shared_then_deletes_the_private_copy(
        app: App, slack: FakeSlack) -> None:
    reply = ask(app, "what was signed in Astana?")
    shared, deleted = press(app, slack, reply["blocks"], "Share to channel", responses=2)
    assert shared.body["response_type"] == "in_channel"
    assert shared.body["replace_original"] is False
    assert shared.headers["Content-Type"].startswith("application/json")
    context = next(b for b in shared.body["blocks"] if b["type"] == "context")
    assert context["elements"][0]["text"].startswith(f"Shared by <@{USER_ID}>")
    assert "agreement-2025-06-17-cooperation-documents" in text_of(shared.body["blocks"])
    assert shared.body["text"] == reply["text"]
    assert "Share to channel" not in buttons(shared.body["blocks"])
    assert "Cite" in buttons(shared.body["blocks"])
    assert deleted.body["delete_original"] is True


def test_cite_answers_privately_with_a_ready_to_paste_citation(
        app: App, slack: FakeSlack, fact_base: FactBase) -> None:
    reply = ask(app, "meetings 2022")
    [cited] = press(app, slack, reply["blocks"], "Cite")
    assert cited.body["response_type"] == "ephemeral"
    assert cited.body["replace_original"] is False
    fact = fact_base.by_id["meeting-2022-02-06-xi-japarov-beijing"]
    source = fact_base.sources[fact.quotes[0].source]
    expected = (f"{source.publisher}, “{source.headline}”, {source.dateline}, 6 Feb 2022: "
                f"“{fact.quotes[0].text}”")
    assert expected in cited.body["text"]
    sections = [b["text"]["text"] for b in cited.body["blocks"] if b["type"] == "section"]
    assert any(expected in s and s.startswith("```") for s in sections)
    assert_within_block_kit_limits(cited.body["blocks"])


def test_not_helpful_is_logged_for_curators_without_ids(app: App, slack: FakeSlack,
                                                       usage_log: Path) -> None:
    reply = ask(app, "positions taiwan")
    [thanks] = press(app, slack, reply["blocks"], "Not helpful")
    assert thanks.body["response_type"] == "ephemeral" and "Thanks" in thanks.body["text"]
    entries = log_lines(usage_log)
    asked, feedback = entries
    assert asked["event"] == "question" and asked["outcome"] == "answered"
    assert "question" not in asked  # answered questions are counted, not quoted
    assert feedback == {"time": feedback["time"], "event": "click", "outcome": "not helpful",
                        "front_end": "command", "person": person_hash(TEAM_ID, USER_ID),
                        "question": "positions taiwan"}
    raw = usage_log.read_text(encoding="utf-8")
    for secret in (USER_ID, TEAM_ID, "C0FAKE", "1718600002", "deprecated-verification"):
        assert secret not in raw
    assert all("person" not in entry.values() for entry in entries)  # the user's name
    scraped = metrics.exposition().decode()  # the same counts, for Prometheus
    assert ('relations_usage_total{event="click",front_end="command",outcome="not helpful"} 1.0'
            in scraped)
    assert ('relations_usage_total{event="question",front_end="command",outcome="answered"} 1.0'
            in scraped)


def suggest_form_for(app: App, slack: FakeSlack, query: str) -> dict[str, Any]:
    """Ask `query`, click Suggest a fact: the modal the bot opened with views.open."""
    reply = ask(app, query)
    button = buttons(reply["blocks"])["Suggest a fact"]
    body = block_actions_body(button, slack.response_url(), block_id=button["block_id"])
    assert dispatch(app, body).status == 200
    [opened] = slack.wait_for("views.open")
    assert opened.body["trigger_id"] == "1.2.4"  # the click's own trigger_id
    return dict(opened.body["view"])


def test_nothing_found_offers_suggest_a_fact_which_opens_a_form(
        app: App, slack: FakeSlack, usage_log: Path) -> None:
    reply = ask(app, "positions ukraine")
    assert list(buttons(reply["blocks"])) == ["Share to channel", "Suggest a fact"]
    form = suggest_form_for(app, slack, "positions ukraine")
    assert form["type"] == "modal" and form["callback_id"] == "relations_suggest_fact"
    assert len(form["title"]["text"]) <= 24 and len(form["submit"]["text"]) <= 24
    assert [b["block_id"] for b in form["blocks"] if b["type"] == "input"] == ["fact", "source"]
    assert "positions ukraine" in json.dumps(form["blocks"])
    assert not slack.calls("response_url")  # the form is the answer
    *_, clicked = log_lines(usage_log)
    assert (clicked["outcome"], clicked["question"]) == ("suggest a fact", "positions ukraine")


def test_a_sent_suggestion_reaches_the_curators_log(app: App, slack: FakeSlack,
                                                    usage_log: Path) -> None:
    form = suggest_form_for(app, slack, "positions ukraine")
    body = view_submission_body(form, {"fact": "Japarov  spoke about Ukraine in 2024.",
                                       "source": "https://example.org/article"})
    response = dispatch(app, body)
    assert response.status == 200
    answer = json.loads(response.body)
    assert answer["response_action"] == "update" and "Thanks" in json.dumps(answer["view"])
    *_, sent = log_lines(usage_log)
    assert sent == {"time": sent["time"], "event": "suggestion", "outcome": "suggested",
                    "front_end": "command", "person": person_hash(TEAM_ID, USER_ID),
                    "question": "positions ukraine",
                    "suggestion": "Japarov spoke about Ukraine in 2024.",
                    "source": "https://example.org/article"}


@pytest.mark.parametrize("values, field", [({"fact": "x", "source": "example.org"}, "source"),
                                           ({"fact": "  ", "source": None}, "fact")])
def test_a_suggestion_form_with_a_mistake_says_where(app: App, slack: FakeSlack,
                                                     usage_log: Path, values: dict[str, Any],
                                                     field: str) -> None:
    form = suggest_form_for(app, slack, "positions ukraine")
    response = dispatch(app, view_submission_body(form, values))
    answer = json.loads(response.body)
    assert answer["response_action"] == "errors" and list(answer["errors"]) == [field]
    assert all(e["event"] != "suggestion" for e in log_lines(usage_log))


@pytest.mark.parametrize("value", [
    "not json", "[]", '{"v":0,"q":"positions","p":2,"f":"command"}',
    '{"v":1,"q":"positions","p":0,"f":"command"}', '{"v":1,"q":"positions","p":"2","f":"command"}',
    '{"v":1,"q":"positions","p":99,"f":"command"}', '{"v":1,"q":7,"p":2,"f":"command"}',
    '{"v":1,"q":"positions","p":2,"f":"elsewhere"}', '{"v":1,"q":"x","p":2,"f":"command","z":1}',
    "x" * 2001,
])
@pytest.mark.parametrize("label", ["Show more", "Cite", "Share to channel"])
def test_a_stale_or_tampered_button_gets_a_polite_private_reply(
        app: App, slack: FakeSlack, value: str, label: str) -> None:
    reply = ask(app, "positions")
    button = buttons(reply["blocks"])[label]
    button["value"] = value
    body = block_actions_body(button, slack.response_url(), block_id=button["block_id"])
    assert dispatch(app, body).status == 200
    [answer] = slack.wait_for("response_url")
    assert answer.body["response_type"] == "ephemeral"
    assert answer.body["replace_original"] is False
    assert "no longer works" in answer.body["text"]
    if '"q":"positions"' in value:
        assert "Ask again: `/relations positions`" in answer.body["text"]


def test_a_click_from_a_public_thread_reply_has_no_share_and_still_cites(
        app: App, slack: FakeSlack, engine: Engine) -> None:
    from bot.frontend import reply_to

    message = reply_to(engine, "positions", front_end="mention")
    assert "Share to channel" not in buttons(message.blocks)
    [more] = press(app, slack, message.blocks, "Show more", ephemeral=False)
    assert more.body["replace_original"] is True
    assert "Share to channel" not in buttons(more.body["blocks"])


def test_a_badly_signed_click_is_rejected(app: App, slack: FakeSlack) -> None:
    reply = ask(app, "positions")
    body = block_actions_body(buttons(reply["blocks"])["Show more"], slack.response_url())
    assert dispatch(app, body, signing_secret="not-the-secret").status == 401
    assert not slack.calls("response_url")


def test_questions_from_every_front_end_are_counted(app: App, slack: FakeSlack,
                                                    usage_log: Path) -> None:
    ask(app, "positions taiwn")
    for event_id, event in [("Ev1", {"type": "app_mention", "user": USER_ID, "ts": "1.1",
                                     "text": "<@UBOTFAKE> positions ukraine",
                                     "channel": "C0FAKE", "event_ts": "1.1"}),
                            ("Ev2", {"type": "message", "channel_type": "im", "user": USER_ID,
                                     "text": "meetings 2022", "ts": "1.2", "channel": "D0FAKE",
                                     "event_ts": "1.2"})]:
        body = event_body(event, event_id)
        assert app.dispatch(BoltRequest(body=body, headers=signed_headers(
            body, "application/json"))).status == 200
    slack.wait_for("chat.postMessage", 2)
    counted = [(e["front_end"], e["outcome"], e.get("question")) for e in log_lines(usage_log)]
    assert sorted(counted) == [("command", "typo corrected", None), ("dm", "answered", None),
                               ("mention", "nothing found", "positions ukraine")]
