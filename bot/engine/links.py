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
    that claimed it."""
    found: list[Finding] = []
    for index, old in enumerate(fact.replaces):
        at = ("replaces", index)
        if not re.match(FACT_ID_PATTERN, old):
            found.append(Finding(at, f"'{old}' in 'replaces' is not a fact id",
                                 "list the fact's former ids, e.g. "
                                 "'position-2025-06-16-xi-railway'", "error"))
        elif old in facts:
            found.append(Finding(at, f"'{old}' in 'replaces' is the id of another fact",
                                 "a former id must not be in use: remove it from 'replaces', "
                                 "or rename the other fact", "error"))
        elif replaced_by.get(old, fact.id) != fact.id:
            found.append(Finding(at, f"'{old}' is also replaced by '{replaced_by[old]}'",
                                 "a former id can lead to one fact only: keep it in one "
                                 "'replaces' list", "error"))
    if fact.reported_on is not None:
        if fact.reported_by is None:
            found.append(Finding(("reported_on",), "'reported_on' without 'reported_by'",
                                 "add 'reported_by:' with the person who recalled it", "error"))
        if _after(fact.date, fact.reported_on):
            found.append(Finding(("reported_on",),
                                 f"reported on {fact.reported_on}, before it happened "
                                 f"({fact.date})",
                                 "'date' is when it happened, 'reported_on' when it was "
                                 "recalled: swap them or fix one", "error"))
        reported_at = facts.get(fact.reported_at) if fact.reported_at else None
        if reported_at is not None and reported_at.date != fact.reported_on:
            found.append(Finding(("reported_at",),
                                 f"reported at a meeting of {reported_at.date}, but reported on "
                                 f"{fact.reported_on}",
                                 "make 'reported_on' the date of the meeting in 'reported_at'",
                                 "error"))
    elif fact.reported_by is not None:
        found.append(Finding(("reported_by",), "'reported_by' without 'reported_on'",
                             "add 'reported_on:' with the date the person recalled it "
                             "(the source's date)"))
    if fact.refers_to is not None and _after(fact.refers_to, fact.date):
        found.append(Finding(("refers_to",),
                             f"refers_to {fact.refers_to} is after the fact's date {fact.date}",
                             "'refers_to' is the date of an earlier event the fact speaks of",
                             "error"))
    found.extend(_meeting_findings(fact, facts))
    if fact.kind == "agreement":
        parties = set(fact.party_leaders) | set(fact.signed_by)
        for index, person in enumerate(fact.witnessed_by):
            if person in parties:
                found.append(Finding(
                    ("witnessed_by", index),
                    f"'{person}' is both a party or signatory and a witness",
                    "a witness is not a party: keep the person in 'party_leaders' or "
                    "'signed_by' if the source says the document is theirs, else in "
                    "'witnessed_by'", "error"))
    if fact.kind == "position" and BOTH_SIDES in (fact.side, fact.recipient) \
            and fact.meeting is None:
        field = "side" if fact.side == BOTH_SIDES else "recipient"
        found.append(Finding((field,), f"'{BOTH_SIDES}' without a meeting to say who the "
                             "sides are", "add 'meeting:', or name the country"))
    return found


def _meeting_findings(fact: AnyFact, facts: Mapping[str, AnyFact]) -> list[Finding]:
    fields = vars(fact)
    meeting_id = fields.get("meeting")
    found = []
    if fields.get("meeting_link") is not None and meeting_id is None:
        found.append(Finding(("meeting_link",), "'meeting_link' without 'meeting'",
                             "add 'meeting:' with the meeting's id, or remove 'meeting_link'",
                             "error"))
    meeting = facts.get(meeting_id) if meeting_id else None
    if meeting is not None and fact.event and meeting.event and fact.event != meeting.event:
        found.append(Finding(("event",), f"event '{fact.event}' differs from its meeting's "
                             f"event '{meeting.event}'",
                             "remove 'event': a fact said at a meeting belongs to the "
                             "meeting's event", "error"))
    return found
