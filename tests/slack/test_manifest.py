"""manifest.yml creates an app that delivers what the listeners handle; .env.example is complete."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from dotenv import dotenv_values

from bot.config import SETTING_NAMES, load_settings
from bot.render import COMMAND

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return yaml.safe_load((REPO / "manifest.yml").read_text(encoding="utf-8"))


def test_manifest_declares_the_slash_command(manifest: dict[str, Any]) -> None:
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    assert command["description"]
    assert "meetings 2022" in command["usage_hint"]
    assert command["should_escape"] is False


def test_manifest_has_a_bot_user_that_can_be_messaged(manifest: dict[str, Any]) -> None:
    assert manifest["display_information"]["name"]
    assert len(manifest["display_information"]["description"]) <= 140
    assert manifest["features"]["bot_user"]["display_name"] == "relations"
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_read_only_enabled"] is False


def test_manifest_scopes_and_events_match_the_listeners(manifest: dict[str, Any]) -> None:
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"app_mention", "message.im"}
    assert {"commands", "app_mentions:read", "chat:write", "im:history"} <= scopes
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is False


def test_manifest_says_where_the_http_request_url_goes() -> None:
    text = (REPO / "manifest.yml").read_text(encoding="utf-8")
    assert "request_url: https://<your-host>/slack/events" in text
    assert "url: https://<your-host>/slack/events" in text


def test_env_example_names_every_setting_config_reads() -> None:
    example = dotenv_values(REPO / ".env.example")
    read = set(re.findall(r'get(?:\(|, )"([A-Z_]+)"', (REPO / "bot" / "config.py").read_text()))
    assert read - {"XDG_CACHE_HOME"} == set(SETTING_NAMES) == set(example)
    assert str(example["SLACK_BOT_TOKEN"]).startswith("xoxb-")
    assert str(example["SLACK_APP_TOKEN"]).startswith("xapp-")
    assert example["SLACK_API_URL"] == "https://slack.com/api/"


def test_env_example_every_setting_has_a_comment() -> None:
    lines = (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if re.match(r"[A-Z_]+=", line):
            assert lines[number - 1].startswith("#"), f"no comment above {line}"


def test_env_example_loads_as_settings() -> None:
    settings = load_settings(environ={}, dotenv_path=REPO / ".env.example")
    assert settings.bot_token and settings.bot_token.startswith("xoxb-")
    assert settings.api_url == "https://slack.com/api/"
    assert settings.facts_dir == REPO / "facts"
