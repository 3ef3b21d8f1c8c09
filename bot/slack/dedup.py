"""Each event is answered at most once: retries are acknowledged without acting, and an
event_id already seen (a replayed signed request) is acknowledged and dropped.

The design, for several replicas behind a load balancer:

- **Retries: a stateless rule.** Every event is acknowledged within milliseconds (its
  answer runs after the ack), so Slack retries (`X-Slack-Retry-Num` over HTTP; in Socket
  Mode the envelope's `retry_attempt`, which Bolt turns into that header and which is 0 on
  a first delivery, so 0 is not a retry) only when an
  acknowledgement got lost or a replica was unreachable. The first delivery may well be
  being answered by another replica, and no replica can know, so a retry is acknowledged
  and never acted on. The trade-off: if a replica died between its ack and its reply,
  that one message goes unanswered (the person can ask again); no shared store is
  needed and a reply is never sent twice.
- **Replays: a per-process memory of event_ids** for as long as a signature stays valid
  (Slack's five minutes, plus a margin). A replay of a captured signed request reaching
  the same replica is dropped; one routed to another replica is not. Closing that gap
  needs a store shared by the replicas (for example Redis SET NX EX on the event_id);
  the check is the one `seen` method below, the place to plug one in.

This runs as Bolt middleware, after Bolt has verified the signature, so unsigned
requests can neither fill the memory nor suppress a real event.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from ..ops import metrics

REPLAY_WINDOW_SECONDS = 6 * 60  # a signature is accepted for 5 minutes
MAX_REMEMBERED = 100_000  # about 10 MB at most; oldest forgotten first

log = logging.getLogger("relations.dedup")


class EventDeduplicator:
    """Remembers event ids for `window` seconds, thread-safe, bounded in size."""

    def __init__(self, window: float = REPLAY_WINDOW_SECONDS, limit: int = MAX_REMEMBERED,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.window, self.limit, self.clock = window, limit, clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def seen(self, event_id: str) -> bool:
        """True if `event_id` was seen within the window; records it either way."""
        now = self.clock()
        with self._lock:
            while self._seen and (len(self._seen) >= self.limit
                                  or next(iter(self._seen.values())) < now - self.window):
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return True
            self._seen[event_id] = now
            return False


class SkipRepeatedEvents(Middleware):
    """Bolt global middleware: acknowledge retries and repeated event ids with an empty 200.
    A Middleware subclass, not a function, so Bolt calls it without argument injection
    (that costs about 40 microseconds on every request)."""

    def __init__(self, deduplicator: EventDeduplicator) -> None:
        self.deduplicator = deduplicator

    def process(self, *, req: BoltRequest, resp: BoltResponse,
                next: Callable[[], BoltResponse]) -> BoltResponse | None:
        retry = first_value(req.headers.get("x-slack-retry-num"))
        event_id = req.body.get("event_id") if isinstance(req.body, dict) else None
        if retry is not None and retry != "0":
            reason = first_value(req.headers.get("x-slack-retry-reason")) or "unknown"
            return _acknowledged("retry", f"retry {retry[:3]} ({reason[:40]})", event_id)
        if isinstance(event_id, str) and self.deduplicator.seen(event_id):
            return _acknowledged("replay", "already seen", event_id)
        return next()


def first_value(values: Sequence[str] | None) -> str | None:
    """The first value of a header as Bolt keeps them (a list per name), or None."""
    return values[0] if values else None


def _acknowledged(reason: str, detail: str, event_id: object) -> BoltResponse:
    metrics.DUPLICATES.labels(reason).inc()
    log.info("relations: event %s acknowledged, not answered: %s",
             str(event_id)[:40] if event_id else "-", detail)
    return BoltResponse(status=200, body="")
