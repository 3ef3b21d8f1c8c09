"""Prometheus metrics (prometheus-client), served at GET /metrics in its text format.

One registry for the process (the server runs one process; scale out with replicas).
Labels have few values: the front end, the outcome and the kind of answer.
"""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST

disable_created_metrics()  # the *_created series only double the output

REGISTRY = CollectorRegistry()
CONTENT_TYPE = CONTENT_TYPE_LATEST

REQUESTS = Counter("relations_requests", "Queries answered, by front end, kind and outcome",
                   ["front_end", "kind", "outcome"], registry=REGISTRY)
LATENCY = Histogram("relations_request_seconds",
                    "From the request reaching a listener to the reply leaving it",
                    ["front_end"], registry=REGISTRY,
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
REJECTED = Counter("relations_http_rejected", "HTTP requests refused before Bolt, by reason",
                   ["reason"], registry=REGISTRY)
DUPLICATES = Counter("relations_events_duplicate",
                     "Event deliveries acknowledged without answering (retries, replays)",
                     ["reason"], registry=REGISTRY)
SLACK_ERRORS = Counter("relations_slack_api_errors", "Web API errors while replying, by error",
                       ["error"], registry=REGISTRY)
FACTS = Gauge("relations_facts", "Facts in the fact base being served", registry=REGISTRY)
VERSION = Info("relations_fact_base", "The fact base version being served", registry=REGISTRY)
RELOADS = Counter("relations_reloads", "Fact base loads, by result", ["result"],
                  registry=REGISTRY)


def record_load(short_hash: str, facts: int | None, ok: bool) -> None:
    """A load finished: count it; a good one becomes the version and size shown."""
    RELOADS.labels(result="ok" if ok else "failed").inc()
    if ok and facts is not None:
        FACTS.set(facts)
        VERSION.info({"content_hash": short_hash})


def exposition() -> bytes:
    return generate_latest(REGISTRY)
