"""Log set-up and the one line logged per request: front end, kind of answer, outcome, latency.

`RELATIONS_LOG_FORMAT=json` writes one JSON object per line (for a log pipeline); the
default is plain text. User text appears only as the query, quoted with repr in text
logs and JSON-escaped in JSON logs, so it cannot forge a log line. No request body,
token or signature is ever logged.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from . import metrics
from .deferred import later

log = logging.getLogger("relations.requests")
_RECORD_FIELDS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One object per line: time, level, logger, message, plus any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(), "logger": record.name,
            "message": record.getMessage()}
        data |= {k: v for k, v in record.__dict__.items() if k not in _RECORD_FIELDS}
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


JsonFormatter.converter = time.gmtime


def configure_logging(log_format: str = "text", level: int = logging.INFO) -> None:
    """Root logging to stderr in the chosen format; quiets libraries that log bodies."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = True  # our request line replaces it


@dataclass
class RequestRecord:
    """Filled in while a request is answered, logged once when it ends."""

    front_end: str
    query: str
    kind: str = "unknown"
    facts: int = 0
    outcome: str = "answered"
    started: float = field(default_factory=time.perf_counter)


@contextmanager
def request_log(front_end: str, query: str) -> Iterator[RequestRecord]:
    """When the block ends, log one line and count the request in the metrics (by the
    background writer while one runs: see deferred.py)."""
    record = RequestRecord(front_end, query)
    try:
        yield record
    except BaseException:
        record.outcome = "failed"
        raise
    finally:
        later(partial(_finish, record, time.perf_counter() - record.started))


def _finish(record: RequestRecord, seconds: float) -> None:
    metrics.REQUESTS.labels(record.front_end, record.kind, record.outcome).inc()
    metrics.LATENCY.labels(record.front_end).observe(seconds)
    log.info("relations: %s %s %s facts=%d %.2f ms query=%r", record.front_end,
             record.kind, record.outcome, record.facts, seconds * 1000, record.query[:200],
             extra={"front_end": record.front_end, "kind": record.kind,
                    "outcome": record.outcome, "facts": record.facts,
                    "latency_ms": round(seconds * 1000, 3), "query": record.query[:200]})
