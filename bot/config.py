"""Configuration, read once at start-up from the environment and `.env` (python-dotenv).

Missing settings stop start-up with a message naming them. Tokens are never
printed: `Settings.__repr__` masks them, so even a logged Settings is safe.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_API_URL = "https://slack.com/api/"
# Every setting of ours, as .env.example lists them (XDG_CACHE_HOME is the system's own).
SETTING_NAMES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL",
                 "RELATIONS_FACTS", "RELATIONS_SEEDS", "RELATIONS_CACHE_DIR", "RELATIONS_CACHE",
                 "RELATIONS_USAGE_LOG")
OFF = ("0", "off", "no", "false")


class ConfigError(Exception):
    """A setting is missing or wrong; the message names it and says where to set it."""


@dataclass(frozen=True)
class Settings:
    facts_dir: Path = REPO_ROOT / "facts"
    seeds_dir: Path = REPO_ROOT / "seeds"
    bot_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL
    cache_dir: Path | None = None  # None: no snapshot cache, load from the files every time
    usage_log: Path | None = None  # None: usage is counted in memory only, no curators' log

    @property
    def slack_configured(self) -> bool:
        return bool(self.bot_token)

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    def require(self, *names: str) -> None:
        """Fail with one message naming every missing setting among `names` (env var names)."""
        values = {"SLACK_BOT_TOKEN": self.bot_token, "SLACK_SIGNING_SECRET": self.signing_secret,
                  "SLACK_APP_TOKEN": self.app_token}
        missing = [name for name in names if not values.get(name)]
        if missing:
            raise ConfigError(
                f"missing setting{'s' if len(missing) > 1 else ''}: {', '.join(missing)}. "
                "Set it in the environment or in .env (see .env.example).")


def load_settings(environ: Mapping[str, str] | None = None, dotenv_path: Path | None = None,
                  facts_dir: Path | None = None, seeds_dir: Path | None = None) -> Settings:
    """Environment variables win over `.env`; command-line folders win over both."""
    path = dotenv_path if dotenv_path is not None else Path.cwd() / ".env"
    values: dict[str, str | None] = dict(dotenv_values(path)) if path.is_file() else {}
    values.update(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        value = (values.get(name) or "").strip()
        return value or None

    api_url = get("SLACK_API_URL") or DEFAULT_API_URL
    if not api_url.startswith(("http://", "https://")):
        raise ConfigError(f"SLACK_API_URL must be an http(s) URL, got {api_url!r}")
    return Settings(
        facts_dir=facts_dir or Path(get("RELATIONS_FACTS") or REPO_ROOT / "facts"),
        seeds_dir=seeds_dir or Path(get("RELATIONS_SEEDS") or REPO_ROOT / "seeds"),
        bot_token=get("SLACK_BOT_TOKEN"),
        signing_secret=get("SLACK_SIGNING_SECRET"),
        app_token=get("SLACK_APP_TOKEN"),
        api_url=api_url if api_url.endswith("/") else api_url + "/",
        cache_dir=_cache_dir(get),
        usage_log=_usage_log(get),
    )


def _cache_dir(get: Callable[[str], str | None]) -> Path | None:
    """$RELATIONS_CACHE_DIR, else the XDG cache folder; RELATIONS_CACHE=off turns it off."""
    if (get("RELATIONS_CACHE") or "").lower() in OFF:
        return None
    configured = get("RELATIONS_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(get("XDG_CACHE_HOME") or Path.home() / ".cache") / "relations"


def _usage_log(get: Callable[[str], str | None]) -> Path | None:
    """$RELATIONS_USAGE_LOG (a file; `off` turns the log off), else the XDG state folder."""
    configured = get("RELATIONS_USAGE_LOG")
    if configured and configured.lower() in OFF:
        return None
    if configured:
        return Path(configured)
    state = get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(state) / "relations" / "usage.jsonl"
