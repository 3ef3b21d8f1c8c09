"""Configuration, read once at start-up from the environment and `.env` (python-dotenv).

Missing settings stop start-up with a message naming them. Tokens are never
printed: `Settings.__repr__` masks them, so even a logged Settings is safe.

The fact base folders default to `facts/` and `seeds/` in the working directory (or
RELATIONS_FACTS / RELATIONS_SEEDS), never a folder inside the installed package.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from dotenv import dotenv_values

DEFAULT_API_URL = "https://slack.com/api/"
LOG_FORMATS = ("text", "json")
Number = TypeVar("Number", int, float)
Default = TypeVar("Default", int, float, None)
# Every setting of ours, as .env.example lists them (XDG_CACHE_HOME is the system's own).
SETTING_NAMES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL",
                 "RELATIONS_FACTS", "RELATIONS_SEEDS", "RELATIONS_CACHE_DIR", "RELATIONS_CACHE",
                 "RELATIONS_HOST", "RELATIONS_PORT", "RELATIONS_WORKERS", "RELATIONS_HEALTH_PORT",
                 "RELATIONS_DRAIN_SECONDS", "RELATIONS_RELOAD_INTERVAL", "RELATIONS_WATCH",
                 "RELATIONS_LOG_FORMAT", "RELATIONS_USAGE_LOG")


class ConfigError(Exception):
    """A setting is missing or wrong; the message names it and says where to set it."""


@dataclass(frozen=True)
class Settings:
    facts_dir: Path = Path("facts")
    seeds_dir: Path = Path("seeds")
    bot_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL
    cache_dir: Path | None = None  # None: no snapshot cache, load from the files every time
    usage_log: Path | None = None  # None: usage is counted in memory only, no curators' log
    host: str = "0.0.0.0"  # the HTTP server's (and Socket Mode's health server's) address
    port: int = 3000
    workers: int = 8  # threads answering requests in the one server process
    health_port: int | None = None  # Socket Mode: serve /healthz, /readyz, /metrics here
    drain_seconds: float = 10.0  # on SIGTERM/SIGINT, how long requests in flight may finish
    reload_interval: float | None = None  # seconds between `git pull --ff-only` of the facts
    watch: bool = True  # reload when files under facts/ or seeds/ change
    log_format: str = "text"  # or "json": one object per line

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
    log_format = (get("RELATIONS_LOG_FORMAT") or "text").lower()
    if log_format not in LOG_FORMATS:
        raise ConfigError(f"RELATIONS_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, "
                          f"got {log_format!r}")
    return Settings(
        facts_dir=facts_dir or Path(get("RELATIONS_FACTS") or Path.cwd() / "facts"),
        seeds_dir=seeds_dir or Path(get("RELATIONS_SEEDS") or Path.cwd() / "seeds"),
        bot_token=get("SLACK_BOT_TOKEN"),
        signing_secret=get("SLACK_SIGNING_SECRET"),
        app_token=get("SLACK_APP_TOKEN"),
        api_url=api_url if api_url.endswith("/") else api_url + "/",
        cache_dir=_cache_dir(get),
        usage_log=_usage_log(get),
        host=get("RELATIONS_HOST") or "0.0.0.0",
        port=_number(get, "RELATIONS_PORT", int, 0, 65535, 3000),
        workers=_number(get, "RELATIONS_WORKERS", int, 1, 256, 8),
        health_port=_number(get, "RELATIONS_HEALTH_PORT", int, 0, 65535, None),
        drain_seconds=_number(get, "RELATIONS_DRAIN_SECONDS", float, 0, 300, 10.0),
        reload_interval=_number(get, "RELATIONS_RELOAD_INTERVAL", float, 1, 86400, None),
        watch=not _off(get("RELATIONS_WATCH")),
        log_format=log_format,
    )


def _off(value: str | None) -> bool:
    return (value or "").lower() in ("0", "off", "no", "false")


def _number(get: Callable[[str], str | None], name: str, kind: type[Number],
            low: float, high: float, default: Default) -> Number | Default:
    """A numeric setting within [low, high], or `default` when unset; anything else names it."""
    raw = get(name)
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ConfigError(f"{name} must be a {kind.__name__} from {low:g} to {high:g}, "
                          f"got {raw[:40]!r}")
    return value


def _cache_dir(get: Callable[[str], str | None]) -> Path | None:
    """$RELATIONS_CACHE_DIR, else the XDG cache folder; RELATIONS_CACHE=off turns it off."""
    if _off(get("RELATIONS_CACHE")):
        return None
    configured = get("RELATIONS_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(get("XDG_CACHE_HOME") or Path.home() / ".cache") / "relations"


def _usage_log(get: Callable[[str], str | None]) -> Path | None:
    """$RELATIONS_USAGE_LOG (a file; `off` turns the log off), else the XDG state folder."""
    configured = get("RELATIONS_USAGE_LOG")
    if configured and _off(configured):
        return None
    if configured:
        return Path(configured)
    state = get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(state) / "relations" / "usage.jsonl"
