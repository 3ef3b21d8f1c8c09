"""Fixtures for the Slack tests: a fake Web API and the real Bolt app pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_bolt import App

from bot.config import Settings
from bot.engine import Engine
from bot.slack.app import build_app
from tests.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def app(slack: FakeSlack, engine: Engine) -> App:
    settings = Settings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=slack.url)
    return build_app(settings, engine)
