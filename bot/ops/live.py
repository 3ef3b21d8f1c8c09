"""The fact base a running bot answers from, reloaded in the background and swapped atomically.

A reload loads and validates the whole fact base off the request path; only a valid one
replaces the current engine, in a single assignment. A request takes `live.engine` once
and keeps that object to the end, so a reply in flight finishes on the version it
started with. A broken fact base never replaces a good one: its problems are logged
with file and line, and `status()` (what /readyz shows) names the version that failed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine import Engine, FactBaseError
from ..engine.cache import load_engine
from ..engine.version import FactBaseVersion, content_hash, fact_base_version, git_commit
from . import metrics

log = logging.getLogger("relations.reload")

Loader = Callable[[Path, Path, Path | None], Engine]


@dataclass(frozen=True)
class FailedLoad:
    """A fact base that did not load: which files (by content hash and commit), and why."""

    content_hash: str
    commit: str | None
    problems: tuple[str, ...]
    at: float = field(default_factory=time.time)

    def as_dict(self) -> dict[str, Any]:
        return {"content_hash": self.content_hash, "commit": self.commit,
                "errors": len(self.problems), "first_error": next(iter(self.problems), None)}


class LiveEngine:
    """Holds the current Engine and its version; `reload()` replaces both or neither."""

    def __init__(self, facts_dir: Path, seeds_dir: Path, cache_dir: Path | None = None,
                 loader: Loader = load_engine) -> None:
        self.facts_dir = Path(facts_dir)
        self.seeds_dir = Path(seeds_dir)
        self.cache_dir = cache_dir
        self._loader = loader
        self._engine: Engine | None = None
        self.failed: FailedLoad | None = None
        self._lock = threading.Lock()  # one load at a time
        self._wanted = threading.Event()  # set by request_reload, cleared by the reloader
        self._reloader: threading.Thread | None = None

    @classmethod
    def fixed(cls, engine: Engine) -> LiveEngine:
        """An already loaded engine that never reloads (tests)."""
        live = cls(Path("facts"), Path("seeds"))
        live._engine = engine
        return live

    @property
    def engine(self) -> Engine | None:
        """The engine to answer one request with (take it once per request), or None while
        the first load is still running. It carries its version."""
        return self._engine

    @property
    def version(self) -> FactBaseVersion | None:
        engine = self._engine
        return engine.version if engine is not None else None

    def reload(self) -> bool:
        """Load and validate now, in this thread; swap in only if valid."""
        with self._lock:
            return self._load_once()

    def request_reload(self, reason: str) -> None:
        """Ask the background reloader for a load; requests made during one coalesce."""
        log.info("relations: fact base reload requested (%s)", reason)
        self._wanted.set()
        if self._reloader is None:
            self._reloader = threading.Thread(target=self._reload_forever, daemon=True,
                                              name="relations-reloader")
            self._reloader.start()

    def _reload_forever(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            self.reload()

    def _load_once(self) -> bool:
        started = time.perf_counter()
        try:
            engine = self._loader(self.facts_dir, self.seeds_dir, self.cache_dir)
        except FactBaseError as error:
            problems = tuple(p.format().replace("\n    ", " ") for p in error.problems
                             if p.severity == "error")
            self._fail(problems or (str(error),))
            return False
        except Exception as error:  # an unreadable folder, a bug: keep serving the old one
            self._fail((f"{type(error).__name__}: {error}",))
            log.exception("relations: the fact base could not be loaded")
            return False
        if engine.version is None:  # a loader that does not read it
            engine.version = fact_base_version(engine.fact_base, self.facts_dir, self.seeds_dir)
        version = engine.version
        previous = self.version
        self._engine = engine  # the atomic swap
        self.failed = None
        seconds = time.perf_counter() - started
        metrics.record_load(version.short_hash, len(engine.fact_base.facts), ok=True)
        log.info("relations: fact base loaded: %s, %d facts, %.2f s%s", version.label(),
                 len(engine.fact_base.facts), seconds,
                 f" (was facts {previous.short_hash})" if previous else "")
        return True

    def _fail(self, problems: tuple[str, ...]) -> None:
        try:
            digest = content_hash(self.facts_dir, self.seeds_dir)
        except OSError:
            digest = "unreadable"
        self.failed = FailedLoad(digest, git_commit(self.facts_dir), problems)
        metrics.record_load(digest[:12], None, ok=False)
        current = self.version
        keeping = f"still answering from {current.label()}" if current else "nothing loaded yet"
        log.error("relations: fact base facts %s NOT loaded (%d error(s)); %s",
                  digest[:12], len(problems), keeping)
        for problem in problems:
            log.error("relations: %s", problem)

    def status(self) -> dict[str, Any]:
        """What /readyz reports: ready once a fact base is loaded; the failed one if any."""
        engine = self._engine
        status: dict[str, Any] = {"ready": engine is not None}
        if engine is not None:
            status["facts"] = len(engine.fact_base.facts)
            if engine.version is not None:
                status |= {"version": engine.version.as_dict(), "label": engine.version.label()}
        if self.failed is not None:
            status["failed"] = self.failed.as_dict()
        return status
