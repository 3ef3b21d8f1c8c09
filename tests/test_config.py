"""Settings: missing ones are named, .env is read, the environment wins, tokens never show."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, Settings, load_settings

TOKENS = {"SLACK_BOT_TOKEN": "xoxb-config-test-bot-token",
          "SLACK_SIGNING_SECRET": "config-test-signing-secret",
          "SLACK_APP_TOKEN": "xapp-config-test-app-token"}
SETTINGS = (*TOKENS, "SLACK_API_URL", "RELATIONS_FACTS", "RELATIONS_SEEDS")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No Slack settings in the environment, and a working directory without a .env."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_require_names_every_missing_setting() -> None:
    settings = Settings(bot_token="xoxb-1")
    with pytest.raises(ConfigError) as missing:
        settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN")
    assert "SLACK_SIGNING_SECRET" in str(missing.value)
    assert "SLACK_APP_TOKEN" in str(missing.value)
    assert "SLACK_BOT_TOKEN" not in str(missing.value)
    settings.require("SLACK_BOT_TOKEN")  # present: no error


def test_serve_http_without_tokens_exits_naming_them(
        clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--http", "--port", "0"]) != 0
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN" in err and "SLACK_SIGNING_SECRET" in err
    assert "SLACK_APP_TOKEN" not in err


def test_serve_socket_mode_without_bot_token_exits_naming_it(
        clean_env: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SLACK_APP_TOKEN", TOKENS["SLACK_APP_TOKEN"])
    assert main(["serve"]) != 0
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN" in err
    assert "SLACK_SIGNING_SECRET" not in err  # Socket Mode does not need it
    assert TOKENS["SLACK_APP_TOKEN"] not in err


def test_dotenv_values_are_read(clean_env: Path) -> None:
    (clean_env / ".env").write_text(
        "SLACK_BOT_TOKEN=xoxb-from-dotenv\nSLACK_SIGNING_SECRET=from-dotenv\n"
        "SLACK_API_URL=https://slack-gov.com/api\n")
    settings = load_settings()
    assert settings.bot_token == "xoxb-from-dotenv"
    assert settings.signing_secret == "from-dotenv"
    assert settings.api_url == "https://slack-gov.com/api/"


def test_environment_wins_over_dotenv(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (clean_env / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\nSLACK_APP_TOKEN=xapp-file\n")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-environment")
    settings = load_settings()
    assert settings.bot_token == "xoxb-from-environment"
    assert settings.app_token == "xapp-file"


def test_explicit_environ_and_missing_dotenv(tmp_path: Path) -> None:
    settings = load_settings(environ={"SLACK_BOT_TOKEN": " xoxb-x "},
                             dotenv_path=tmp_path / "absent.env")
    assert settings.bot_token == "xoxb-x"
    assert settings.signing_secret is None and settings.app_token is None
    assert not settings.socket_mode


def test_repr_hides_the_tokens() -> None:
    settings = Settings(bot_token=TOKENS["SLACK_BOT_TOKEN"],
                        signing_secret=TOKENS["SLACK_SIGNING_SECRET"],
                        app_token=TOKENS["SLACK_APP_TOKEN"])
    for text in (repr(settings), str(settings)):
        for secret in TOKENS.values():
            assert secret not in text


@pytest.mark.parametrize(("given", "expected"), [
    ("https://slack.com/api", "https://slack.com/api/"),
    ("http://127.0.0.1:8080/api/", "http://127.0.0.1:8080/api/"),
    ("", "https://slack.com/api/"),
])
def test_api_url_gets_a_trailing_slash(tmp_path: Path, given: str, expected: str) -> None:
    settings = load_settings(environ={"SLACK_API_URL": given}, dotenv_path=tmp_path / "none")
    assert settings.api_url == expected


def test_api_url_must_be_http(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SLACK_API_URL"):
        load_settings(environ={"SLACK_API_URL": "slack.com/api"}, dotenv_path=tmp_path / "none")


def test_cache_folder_setting(tmp_path: Path) -> None:
    def settings(**environ: str) -> Settings:
        return load_settings(environ=environ, dotenv_path=tmp_path / "none")

    home = tmp_path / "home"
    assert settings(RELATIONS_CACHE_DIR=str(home)).cache_dir == home
    xdg = tmp_path / "xdg"
    assert settings(XDG_CACHE_HOME=str(xdg)).cache_dir == xdg / "relations"
    assert settings(RELATIONS_CACHE="off", RELATIONS_CACHE_DIR=str(home)).cache_dir is None


@pytest.mark.parametrize(("name", "value"), [
    ("RELATIONS_PORT", "eighty"), ("RELATIONS_PORT", "70000"), ("RELATIONS_WORKERS", "0"),
    ("RELATIONS_DRAIN_SECONDS", "-1"), ("RELATIONS_RELOAD_INTERVAL", "0.1"),
    ("RELATIONS_HEALTH_PORT", "9" * 5000), ("RELATIONS_LOG_FORMAT", "xml"),
])
def test_a_wrong_serving_setting_stops_start_up_naming_it(tmp_path: Path, name: str,
                                                          value: str) -> None:
    with pytest.raises(ConfigError) as wrong:
        load_settings(environ={name: value}, dotenv_path=tmp_path / "absent.env")
    assert name in str(wrong.value) and len(str(wrong.value)) < 200


def test_serving_settings_have_defaults_and_are_read(tmp_path: Path) -> None:
    absent = tmp_path / "absent.env"
    defaults = load_settings(environ={}, dotenv_path=absent)
    assert (defaults.port, defaults.workers, defaults.drain_seconds) == (3000, 8, 10.0)
    assert defaults.health_port is None and defaults.reload_interval is None
    assert defaults.watch and defaults.log_format == "text"
    settings = load_settings(environ={
        "RELATIONS_PORT": "8080", "RELATIONS_WORKERS": "2", "RELATIONS_DRAIN_SECONDS": "0",
        "RELATIONS_HEALTH_PORT": "9090", "RELATIONS_RELOAD_INTERVAL": "300",
        "RELATIONS_WATCH": "off", "RELATIONS_LOG_FORMAT": "JSON"}, dotenv_path=absent)
    assert (settings.port, settings.workers, settings.drain_seconds) == (8080, 2, 0.0)
    assert (settings.health_port, settings.reload_interval) == (9090, 300.0)
    assert not settings.watch and settings.log_format == "json"
