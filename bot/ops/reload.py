"""What makes a running bot reload its fact base: a file under facts/ or seeds/ changing
(watchfiles), SIGHUP, and optionally a `git pull --ff-only` every
RELATIONS_RELOAD_INTERVAL seconds in the checkout holding facts/."""

from __future__ import annotations

import contextlib
import logging
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

from watchfiles import watch

from ..config import Settings
from .live import LiveEngine

log = logging.getLogger("relations.reload")
WATCH_DEBOUNCE_MS = 300  # a checkout or a copy of many files makes one reload
GIT_TIMEOUT_SECONDS = 60


@contextlib.contextmanager
def reload_triggers(live: LiveEngine, settings: Settings) -> Iterator[None]:
    """The watcher and the periodic pull the settings ask for, stopped on leaving."""
    stop = threading.Event()
    if settings.watch:
        watch_files(live, stop)
    if settings.reload_interval:
        pull_periodically(live, settings.reload_interval, stop)
    try:
        yield
    finally:
        stop.set()


def watch_files(live: LiveEngine, stop: threading.Event) -> threading.Thread | None:
    """Request a reload whenever files under the fact base folders change."""
    folders = [str(p) for p in (live.facts_dir, live.seeds_dir) if p.is_dir()]
    if not folders:
        log.warning("relations: not watching for changes: no facts or seeds folder")
        return None

    def run() -> None:
        for changes in watch(*folders, stop_event=stop, debounce=WATCH_DEBOUNCE_MS,
                             raise_interrupt=False):
            names = sorted({Path(path).name for _change, path in changes})
            live.request_reload(f"{len(changes)} file change(s): {', '.join(names[:5])}")

    thread = threading.Thread(target=run, name="relations-watch", daemon=True)
    thread.start()
    return thread


def pull_periodically(live: LiveEngine, interval: float, stop: threading.Event
                      ) -> threading.Thread:
    """`git pull --ff-only` in the facts folder's checkout; reload when HEAD moved."""

    def run() -> None:
        while not stop.wait(interval):
            if git_pull(live.facts_dir):
                live.request_reload("git pull brought new commits")

    thread = threading.Thread(target=run, name="relations-git-pull", daemon=True)
    thread.start()
    return thread


def git_pull(folder: Path) -> bool:
    """Fast-forward the checkout; True if HEAD moved. Failures are logged, never raised."""
    before = _git(folder, "rev-parse", "HEAD")
    result = _git(folder, "pull", "--ff-only", "--quiet")
    if result is None:
        return False
    after = _git(folder, "rev-parse", "HEAD")
    return before != after


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              timeout=GIT_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        log.error("relations: git %s failed: %s", args[0], type(error).__name__)
        return None
    if done.returncode != 0:
        log.error("relations: git %s in %s failed: %s", args[0], folder,
                  done.stderr.strip().splitlines()[-1:] or done.returncode)
        return None
    return done.stdout.strip()
