"""One reply to one query, as every listener makes it: the live engine taken once, the
failure text on any error, and the request's log record filled in."""

from __future__ import annotations

import logging

from ..frontend import FAILURE_TEXT, Reply, reply_to
from ..ops.live import LiveEngine
from ..ops.logs import RequestRecord
from ..usage import UsageLog

STARTING_TEXT = "The fact base is still loading; please try again in a few seconds."
NOT_LOADED_TEXT = ("The fact base could not be loaded, so I cannot answer yet; "
                   "the bot's operator can see why in its log.")


def answer(live: LiveEngine, query: str, record: RequestRecord, logger: logging.Logger,
           usage: UsageLog | None = None, person: str = "") -> Reply:
    """The reply, never an exception: a failure is logged (with the query only) and
    answered with a short apology; an answer is counted in `usage` under the record's
    front end. The engine is read once, so a reload that lands meanwhile does not change
    this reply's version."""
    engine = live.engine
    if engine is None:
        record.outcome = "unloaded" if live.failed else "starting"
        return Reply([], NOT_LOADED_TEXT if live.failed else STARTING_TEXT)
    try:
        reply = reply_to(engine, query, front_end=record.front_end)
    except Exception:
        # Only the query is logged: the payload carries a verification token.
        logger.exception("relations: failed to answer %r", query)
        record.outcome = "failed"
        return Reply([], FAILURE_TEXT)
    record.kind, record.facts = reply.kind or "unknown", reply.facts
    if usage is not None:
        usage.question(reply.outcome, record.front_end, query, person)
    if not reply.facts and reply.kind not in ("help", "sources"):
        record.outcome = "empty"
    return reply
