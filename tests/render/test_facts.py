"""One fact as Block Kit: its card's text is made once per fact base, and a new fact base
(a reload) shows its own."""

from __future__ import annotations

import gc

import pytest

from bot.engine import FactBase
from bot.engine.factbase import ENTITY_SECTIONS
from bot.render import facts


@pytest.fixture(autouse=True)
def no_cards_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other tests have shown these facts already."""
    monkeypatch.setattr(facts, "_cards", None)


def card_text(blocks: list[dict]) -> str:
    return "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")


def test_a_card_is_made_once_and_anew_for_a_reloaded_fact_base(
        fact_base: FactBase, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    make = facts._card
    monkeypatch.setattr(facts, "_card", lambda fact, base, full: made.append(fact.id)
                        or make(fact, base, full))
    fact = fact_base.facts[0]
    first = facts.fact_blocks(fact, fact_base)
    assert facts.fact_blocks(fact, fact_base) == first
    assert made == [fact.id]
    assert facts.fact_blocks(fact, fact_base, full=True) != first  # `fact <id>` has more
    assert made == [fact.id, fact.id]

    changed = fact.model_copy(update={"summary": "A summary changed by a merged pull request."})
    reloaded = FactBase.build([changed, *fact_base.facts[1:]], fact_base.sources,
                              {s: getattr(fact_base, s) for s in ENTITY_SECTIONS})
    shown = card_text(facts.fact_blocks(changed, reloaded))
    assert "A summary changed by a merged pull request." in shown
    assert fact.summary not in shown


def test_cards_kept_are_bounded_out_of_the_collectors_sight_and_each_shows_its_fact(
        fact_base: FactBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facts, "MAX_CARDS", 2)
    shown = fact_base.facts[:5]
    for _ in range(2):
        for fact in shown:
            blocks = facts.fact_blocks(fact, fact_base)
            assert f"`{fact.id}`" in blocks[-2]["elements"][-1]["text"]
            assert len(facts._cards_of(fact_base)) <= 2
    assert not gc.is_tracked(facts._cards_of(fact_base))  # strs only: never walked
