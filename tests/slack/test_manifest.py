"""manifest.yml (and its HTTP-mode twin) creates an app that delivers what the listeners
handle, within the limits of Slack's manifest schema; .env.example is complete."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from dotenv import dotenv_values

from bot.config import SETTING_NAMES, load_settings
from bot.render import COMMAND
from bot.slack.app import EVENTS_PATH
from tests.slack.manifest_schema import MANIFEST_SCHEMA

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def manifest() -> dict[str, Any]:
    return yaml.safe_load((REPO / "manifest.yml").read_text(encoding="utf-8"))


@pytest.fixture
def http_manifest() -> dict[str, Any]:
    return yaml.safe_load((REPO / "manifest.http.yml").read_text(encoding="utf-8"))


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
    assert events == {"app_home_opened", "app_mention", "message.im"}
    # Minimal: buttons answer through response_url and the home tab through views.publish,
    # neither of which needs a scope of its own.
    assert scopes == {"commands", "app_mentions:read", "chat:write", "im:history"}
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


def test_http_manifest_is_the_same_app_with_request_urls(manifest: dict[str, Any],
                                                         http_manifest: dict[str, Any]) -> None:
    settings = http_manifest["settings"]
    urls = [http_manifest["features"]["slash_commands"][0].pop("url"),
            settings["event_subscriptions"].pop("request_url"),
            settings["interactivity"].pop("request_url")]
    assert urls == [f"https://relations.example.com{EVENTS_PATH}"] * 3
    assert settings.pop("socket_mode_enabled") is False
    assert manifest["settings"].pop("socket_mode_enabled") is True
    assert http_manifest == manifest


@pytest.mark.parametrize("name", ["manifest.yml", "manifest.http.yml"])
def test_manifests_are_within_slacks_manifest_schema(name: str) -> None:
    manifest = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
    jsonschema.validate(manifest, MANIFEST_SCHEMA)


def test_the_schema_check_catches_what_slack_would_refuse(manifest: dict[str, Any]) -> None:
    for path, bad in [(("display_information", "name"), "r" * 36),
                      (("display_information", "description"), "d" * 141),
                      (("features", "bot_user", "display_name"), "b" * 81),
                      (("settings", "interactivity", "request_url"), "ftp://host/x"),
                      (("settings", "interactivity", "unknown_field"), True)]:
        broken = copy.deepcopy(manifest)
        section = broken
        for key in path[:-1]:
            section = section[key]
        section[path[-1]] = bad
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, MANIFEST_SCHEMA)


def test_env_example_names_every_setting_config_reads() -> None:
    example = dotenv_values(REPO / ".env.example")
    read = set(re.findall(r'get(?:\(|, )"([A-Z_]+)"', (REPO / "bot" / "config.py").read_text()))
    assert read - {"XDG_CACHE_HOME", "XDG_STATE_HOME"} == set(SETTING_NAMES) == set(example)
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
