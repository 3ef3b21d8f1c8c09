"""The buttons under an answer: which ones, the state in their values, Block Kit's limits."""

from __future__ import annotations

import json

import pytest

from bot.buttons import MAX_VALUE, ButtonState, StaleButton, answer_buttons, buttons_in
from bot.engine import Engine, FactBase
from bot.paging import FACTS_PER_PAGE, answer_page, page_count
from tests.block_kit import assert_within_block_kit_limits


def labels(engine: Engine, query: str, page: int = 1, front_end: str = "command",
           shared_by: str = "") -> list[str]:
    state = ButtonState(query, page, front_end, shared_by)
    blocks = answer_buttons(answer_page(engine, query, page), state)
    if blocks:
        assert_within_block_kit_limits(blocks)
    return [b["text"]["text"] for b in buttons_in(blocks)]


def test_pages_offer_show_more_then_previous_and_next(engine: Engine,
                                                      fact_base: FactBase) -> None:
    pages = page_count(sum(1 for f in fact_base.facts if f.kind == "position"))
    assert pages >= 3
    assert labels(engine, "positions") == ["Share to channel", "Show more", "Cite", "Helpful",
                                           "Not helpful"]
    assert labels(engine, "positions", 2)[:3] == ["Share to channel", "Previous", "Next"]
    assert labels(engine, "positions", pages)[:3] == ["Share to channel", "Previous", "Cite"]


def test_which_replies_get_which_buttons(engine: Engine) -> None:
    assert labels(engine, "help") == []
    assert labels(engine, "sources") == ["Share to channel"]
    assert labels(engine, "sources", front_end="mention") == []
    assert labels(engine, "positions ukraine", front_end="dm") == ["Suggest a fact"]
    assert labels(engine, "meetings 2022", front_end="mention") == ["Cite", "Helpful",
                                                                    "Not helpful"]
    assert "Share to channel" not in labels(engine, "meetings 2022", shared_by="U0PERSON")
    assert "Share to channel" in labels(engine, "meetings 2022", front_end="console")


def test_a_question_too_long_for_a_value_gets_no_buttons(engine: Engine) -> None:
    fits = "taiwan " + "x" * (MAX_VALUE - 60)
    assert len(ButtonState(fits).encode()) <= MAX_VALUE
    assert labels(engine, fits)
    too_long = "taiwan " + "ж" * MAX_VALUE
    assert labels(engine, too_long) == []


@pytest.mark.parametrize("state", [ButtonState("positions taiwan"),
                                   ButtonState("“Japarov” & <b>", 3, "dm", "U0PERSON"),
                                   ButtonState('tab\t "quoted" \\ \x00 \u2028 😀'),
                                   ButtonState("a lone surrogate \ud800")])
def test_state_round_trips_through_a_value(state: ButtonState) -> None:
    value = state.encode()
    assert ButtonState.decode(value) == state
    # the compact standard form, whichever encoder made it (values made before stay valid)
    data = {"v": 1, "q": state.query, "p": state.page, "f": state.front_end}
    assert value == json.dumps(data | ({"s": state.shared_by} if state.shared_by else {}),
                               ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("value", [None, 7, "", "{}", '{"v":1,"q":"x","p":true,"f":"command"}',
                                   '{"v":1,"q":"x","p":1,"f":"command","s":5}'])
def test_anything_else_is_stale(value: object) -> None:
    with pytest.raises(StaleButton):
        ButtonState.decode(value)


def test_pages_hold_the_next_facts_in_order(engine: Engine) -> None:
    everything = engine.answer("positions").facts
    second = answer_page(engine, "positions", 2)
    assert second.facts == everything[FACTS_PER_PAGE:2 * FACTS_PER_PAGE]
    assert second.total == len(everything)
