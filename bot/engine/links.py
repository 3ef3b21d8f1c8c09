"""Checks of what ties a fact to other facts and dates: who reported it and when, the year it
refers to, former ids, its meeting's link and event, parties versus witnesses, both sides.

Every id these fields name is checked to exist by the loader's reference table; this module
checks that the values make sense together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .models import BOTH_SIDES, FACT_ID_PATTERN, AnyFact
from .problems import Finding


def _after(first: str, second: str) -> bool:
    """Whether date `first` is surely after `second`, at the precision both have."""
    return first[:len(second)] > second[:len(first)]


def former_ids(facts: Iterable[AnyFact]) -> dict[str, str]:
    """Each former id (a fact's `replaces`) -> the first fact that claims it."""
    claimed: dict[str, str] = {}
    for fact in facts:
        for old in fact.replaces:
            claimed.setdefault(old, fact.id)
    return claimed


def link_findings(fact: AnyFact, facts: Mapping[str, AnyFact],
                  replaced_by: Mapping[str, str]) -> list[Finding]:
    """Problems in one fact's links; `replaced_by` maps each former id to the first fact
    that claimed it. Codes are worded in loader/messages.py."""
    found: list[Finding] = []
    for index, old in enumerate(fact.replaces):
        if not re.match(FACT_ID_PATTERN, old):
            code = "former-id-not-an-id"
        elif old in facts:
            code = "former-id-in-use"
        elif replaced_by.get(old, fact.id) != fact.id:
            code = "former-id-claimed-twice"
        else:
            continue
        found.append(Finding(("replaces", index), code,
                             {"old": old, "other": replaced_by.get(old)}, "error"))
    found.extend(_reported_findings(fact, facts))
    if fact.refers_to is not None and _after(fact.refers_to, fact.date):
        found.append(Finding(("refers_to",), "refers-to-after-fact",
                             {"refers_to": fact.refers_to, "date": fact.date}, "error"))
    found.extend(_meeting_findings(fact, facts))
    if fact.kind == "agreement":
        parties = set(fact.party_leaders) | set(fact.signed_by)
        found.extend(Finding(("witnessed_by", index), "witness-is-party", {"person": person},
                             "error")
                     for index, person in enumerate(fact.witnessed_by) if person in parties)
    if fact.kind == "position" and BOTH_SIDES in (fact.side, fact.recipient) \
            and fact.meeting is None:
        field = "side" if fact.side == BOTH_SIDES else "recipient"
        found.append(Finding((field,), "both-sides-without-meeting", {"both": BOTH_SIDES}))
    return found


def _reported_findings(fact: AnyFact, facts: Mapping[str, AnyFact]) -> list[Finding]:
    if fact.reported_on is None:
        return ([Finding(("reported_by",), "reported-by-without-on", {})]
                if fact.reported_by is not None else [])
    found = []
    if fact.reported_by is None:
        found.append(Finding(("reported_on",), "reported-on-without-by", {}, "error"))
    if _after(fact.date, fact.reported_on):
        found.append(Finding(("reported_on",), "reported-before-event",
                             {"reported_on": fact.reported_on, "date": fact.date}, "error"))
    meeting = facts.get(fact.reported_at) if fact.reported_at else None
    if meeting is not None and meeting.date != fact.reported_on:
        found.append(Finding(("reported_at",), "reported-at-other-date",
                             {"meeting_date": meeting.date, "reported_on": fact.reported_on},
                             "error"))
    return found


def _meeting_findings(fact: AnyFact, facts: Mapping[str, AnyFact]) -> list[Finding]:
    fields = vars(fact)
    meeting_id = fields.get("meeting")
    found = []
    if fields.get("meeting_link") is not None and meeting_id is None:
        found.append(Finding(("meeting_link",), "meeting-link-without-meeting", {}, "error"))
    meeting = facts.get(meeting_id) if meeting_id else None
    if meeting is not None and fact.event and meeting.event and fact.event != meeting.event:
        found.append(Finding(("event",), "event-differs-from-meeting",
                             {"event": fact.event, "meeting_event": meeting.event}, "error"))
    return found
