"""What the bot learns from its users: counts, and a log of what it could not answer.

Every question and every click is counted by outcome and front end, in memory and as one
JSON line in the curators' log (a setting, RELATIONS_USAGE_LOG; `off` turns the log off).
A line carries the question's text only where curators need it: a question that found
nothing, a Helpful or Not helpful, a Suggest a fact (and what the person suggested, if
they sent the form). It never carries names, tokens, channel or message ids: the person
is a hash of the workspace and user ids, enough to count distinct people and nothing
more. `relations report` reads the log.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
from collections import Counter
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TextIO

from .ops.deferred import later

log = logging.getLogger(__name__)

TEXT_OUTCOMES = frozenset({"nothing found", "helpful", "not helpful", "suggest a fact",
                           "suggested"})
MAX_LOGGED_QUESTION = 500


def person_hash(team_id: str | None, user_id: str | None) -> str:
    """A short one-way hash of workspace and user ids: the log never holds the ids."""
    if not user_id:
        return ""
    return hashlib.sha256(f"relations\0{team_id or ''}\0{user_id}".encode()).hexdigest()[:16]


class UsageLog:
    """Counts (in memory, for metrics) and the curators' JSON-lines log (None: no file)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.counts: Counter[tuple[str, str, str]] = Counter()  # (event, outcome, front end)
        self._lock = threading.Lock()
        self._warned = False
        self._file: TextIO | None = None  # kept open between lines
        self._inode = -1

    def question(self, outcome: str, front_end: str, question: str, person: str = "") -> None:
        """One question answered (outcome: answered, nothing found or typo corrected)."""
        self._record("question", outcome, front_end, question, person)

    def click(self, outcome: str, front_end: str, question: str, person: str = "") -> None:
        """One button clicked (outcome: shared, page, cited, helpful, not helpful, stale...)."""
        self._record("click", outcome, front_end, question, person)

    def suggestion(self, front_end: str, question: str, fact: str, source: str,
                   person: str = "") -> None:
        """A fact suggested through the form: what the person wrote, and where it is
        reported (a link, or "")."""
        self._record("suggestion", "suggested", front_end, question, person,
                     {"suggestion": fact, "source": source})

    def _record(self, event: str, outcome: str, front_end: str, question: str,
                person: str, extra: dict[str, str] | None = None) -> None:
        """Counted and written by the background writer while one runs (deferred.py)."""
        later(partial(self._record_now, datetime.now(UTC), event, outcome, front_end, question,
                      person, extra))

    def _record_now(self, when: datetime, event: str, outcome: str, front_end: str,
                    question: str, person: str, extra: dict[str, str] | None) -> None:
        line: dict[str, str] = {
            "time": when.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "event": event, "outcome": outcome, "front_end": front_end}
        if person:
            line["person"] = person
        if outcome in TEXT_OUTCOMES:
            line["question"] = question[:MAX_LOGGED_QUESTION]
        line |= extra or {}
        with self._lock:
            self.counts[(event, outcome, front_end)] += 1
            if self.path is not None:
                self._append(json.dumps(line, ensure_ascii=False))

    def _append(self, line: str) -> None:
        """Append one line, flushed at once, through a file kept open between lines (27 µs
        a line against 47 opening it each time), reopened whenever the path no longer
        names it (moved or deleted by log rotation: no signal or copytruncate needed). A
        log that cannot be written never costs anyone an answer."""
        assert self.path is not None
        try:
            try:
                inode = os.stat(self.path).st_ino
            except FileNotFoundError:
                inode = -1
            if self._file is None or inode != self._inode:
                self._close()
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._file = self.path.open("a", encoding="utf-8")
                self._inode = os.fstat(self._file.fileno()).st_ino
            self._file.write(line + "\n")
            self._file.flush()
        except OSError as exc:
            self._close()
            if not self._warned:
                log.warning("relations: cannot write the usage log %s: %s", self.path,
                            exc.strerror or type(exc).__name__)
                self._warned = True

    def _close(self) -> None:
        if self._file is not None:
            file, self._file = self._file, None
            with contextlib.suppress(OSError):
                file.close()

