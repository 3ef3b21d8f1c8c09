"""Questions written from the fact files themselves, so every meeting, agreement and position
the fact base holds (today's and tomorrow's) is asked about: the direct answer must give the
fact's own date and place and rest on the fact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.engine import FactBase, load_fact_base
from bot.engine.replies.phrases import spoken_date
from tests.conftest import FACTS_DIR, SEEDS_DIR
from tests.engine.replies.conftest import ask_all

Ask = Callable[[str], dict[str, Any]]
_FACTS = load_fact_base(FACTS_DIR, SEEDS_DIR)


def _surname(fact_base: FactBase, person: str) -> str:
    """How people name them in a question: the shortest one-word name ('Xi', 'Japarov')."""
    entity = fact_base.people[person]
    one_word = [n for n in entity.names if " " not in n and n.isascii() and n.isalpha()]
    return min(one_word, key=len) if one_word else entity.name


def _meeting_questions() -> list[tuple[str, str]]:
    out = []
    for fact in _FACTS.facts:
        if fact.kind == "meeting" and len(fact.participants) >= 2:
            a, b = (_surname(_FACTS, p) for p in fact.participants[:2])
            when = spoken_date(fact.date).split(" ", 1)[-1] if fact.date.count("-") == 2 \
                else spoken_date(fact.date)
            out.append((f"where did {a} and {b} meet in {when}?", fact.id))
    return out


def _agreement_questions() -> list[tuple[str, str]]:
    return [(f"when was the {f.document} signed in {f.date[:4]}?", f.id)
            for f in _FACTS.facts if f.kind == "agreement"]


def _position_questions() -> list[tuple[str, str]]:
    """One per statement whose quote is its own (several facts may quote one sentence)."""
    quoted: dict[str, list[str]] = {}
    for fact in _FACTS.facts:
        for quote in fact.quotes:
            quoted.setdefault(quote.text, []).append(fact.id)
    out = []
    for fact in _FACTS.facts:
        own = [q.text for q in fact.quotes if len(quoted[q.text]) == 1]
        if fact.kind == "position" and fact.speaker and own:
            said = own[0]
            out.append((f"when did {_surname(_FACTS, fact.speaker)} say “{said}”?", fact.id))
    return out


MEETINGS, AGREEMENTS, POSITIONS = _meeting_questions(), _agreement_questions(), \
    _position_questions()


@pytest.fixture(scope="module", autouse=True)
def _asked_together() -> None:
    ask_all([q for q, _ in (*MEETINGS, *AGREEMENTS, *POSITIONS)])


def _check(ask: Ask, fact_base: FactBase, question: str, fact_id: str) -> None:
    fact = fact_base.by_id[fact_id]
    result = ask(question)
    answer = result["answer"]
    assert answer is not None, question
    assert fact_id in answer["facts"], question
    assert result["facts"][answer["facts"].index(fact_id)]["id"] == fact_id
    assert spoken_date(fact.date) in answer["text"], question
    if fact.place:
        assert fact_base.places[fact.place].name in answer["text"], question


@pytest.mark.parametrize(("question", "fact_id"), MEETINGS)
def test_every_meeting_where_and_when(ask: Ask, fact_base: FactBase, question: str,
                                      fact_id: str) -> None:
    _check(ask, fact_base, question, fact_id)


@pytest.mark.parametrize(("question", "fact_id"), AGREEMENTS)
def test_every_agreement_when(ask: Ask, fact_base: FactBase, question: str,
                              fact_id: str) -> None:
    _check(ask, fact_base, question, fact_id)
    assert ask(question)["answer"]["facts"][0] == fact_id


@pytest.mark.parametrize(("question", "fact_id"), POSITIONS)
def test_every_position_when_said(ask: Ask, fact_base: FactBase, question: str,
                                  fact_id: str) -> None:
    _check(ask, fact_base, question, fact_id)
    assert ask(question)["answer"]["facts"][0] == fact_id  # the statement quoted comes first
