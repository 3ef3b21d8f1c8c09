"""The App Home tab: app_home_opened through Bolt's real dispatch -> views.publish."""

from __future__ import annotations

import json
from pathlib import Path

from slack_bolt import App, BoltRequest

from bot.config import Settings
from bot.engine import Engine, FactBase
from bot.engine.cache import load_engine
from bot.home import EXAMPLES, MAX_HOME_BLOCKS, HomeTab, home_view
from bot.slack.app import build_app
from tests.block_kit import assert_within_block_kit_limits
from tests.conftest import FACTS_DIR, SEEDS_DIR
from tests.fake_slack import (
    BOT_TOKEN,
    SIGNING_SECRET,
    USER_ID,
    FakeSlack,
    event_body,
    signed_headers,
)


def open_home(app: App, tab: str = "home", event_id: str = "Ev0HOME") -> None:
    event = {"type": "app_home_opened", "user": USER_ID, "channel": "D0FAKE", "tab": tab,
             "event_ts": "1718600003.000500"}
    body = event_body(event, event_id)
    response = app.dispatch(BoltRequest(body=body, headers=signed_headers(body,
                                                                          "application/json")))
    assert response.status == 200, response.body


def test_opening_the_home_tab_publishes_the_home_view(slack: FakeSlack, tmp_path: Path,
                                                      fact_base: FactBase) -> None:
    engine = load_engine(FACTS_DIR, SEEDS_DIR, tmp_path)  # as the bot loads it: with a version
    assert engine.version is not None
    settings = Settings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=slack.url)
    open_home(build_app(settings, engine))
    [publish] = slack.wait_for("views.publish")
    assert publish.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    assert publish.body["user_id"] == USER_ID
    view = publish.body["view"]
    assert view["type"] == "home"
    assert_within_block_kit_limits(view["blocks"], MAX_HOME_BLOCKS)
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert engine.version.short_hash in text and "sources to 2025-06-17" in text
    for example in EXAMPLES:
        assert f"/relations {example}" in text
    for source in fact_base.sources.values():
        assert source.headline in text
    kinds = {kind: sum(1 for f in fact_base.facts if f.kind == kind)
             for kind in ("meeting", "agreement", "position")}
    assert f"{len(fact_base.facts)} facts" in text
    assert f"{kinds['position']} positions" in text
    newest = max(fact_base.facts, key=lambda f: f.date)
    assert newest.id in text


def test_the_messages_tab_publishes_nothing(app: App, slack: FakeSlack) -> None:
    open_home(app, tab="messages")
    open_home(app, tab="home", event_id="Ev0HOME2")
    assert len(slack.wait_for("views.publish")) == 1


def test_every_example_on_the_home_tab_finds_facts(engine: Engine) -> None:
    for example in EXAMPLES:
        assert engine.answer(example).facts, example


def test_the_home_view_is_built_once_per_fact_base(engine: Engine,
                                                   fact_base: FactBase) -> None:
    home = HomeTab()
    first = home.view(engine)
    assert home.view(engine) is first
    sections = ("people", "countries", "places", "organisations", "topics")
    changed = Engine(FactBase.build(fact_base.facts[1:], fact_base.sources,  # a reload
                                    {name: fact_base.section(name) for name in sections}))
    rebuilt = home.view(changed)
    assert rebuilt is not first and rebuilt == home_view(changed)
    assert f"{len(fact_base.facts) - 1} facts" in json.dumps(rebuilt)
