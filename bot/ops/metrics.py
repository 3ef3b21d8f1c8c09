"""Prometheus metrics (prometheus-client), served at GET /metrics in its text format.

One registry for the process (the server runs one process; scale out with replicas).
Labels have few values: the front end, the outcome and the kind of answer.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector

from ..usage import UsageLog

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


class _UsageCounts(Collector):
    """The usage log's counts, read at each scrape: questions by outcome (answered,
    nothing found...) and clicks (helpful, not helpful, shared, cited...), by front end."""

    def __init__(self) -> None:
        self.usage: UsageLog | None = None

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily("relations_usage",
                                     "Questions and button clicks, by outcome and front end",
                                     labels=["event", "outcome", "front_end"])
        counts = dict(self.usage.counts) if self.usage is not None else {}  # one C-level copy
        for (event, outcome, front_end), count in sorted(counts.items()):
            family.add_metric([event, outcome, front_end], count)
        yield family


_USAGE = _UsageCounts()
REGISTRY.register(_USAGE)


def count_usage(usage: UsageLog) -> None:
    """Serve `usage`'s counts at /metrics (the app's one UsageLog; the last one given)."""
    _USAGE.usage = usage


def record_load(short_hash: str, facts: int | None, ok: bool) -> None:
    """A load finished: count it; a good one becomes the version and size shown."""
    RELOADS.labels(result="ok" if ok else "failed").inc()
    if ok and facts is not None:
        FACTS.set(facts)
        VERSION.info({"content_hash": short_hash})


def exposition() -> bytes:
    return generate_latest(REGISTRY)
