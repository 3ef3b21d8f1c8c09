"""Slack and the console: the direct answer is the first section under the header; cards and
comparisons render as Block Kit within the limits; the console shows the same."""

from __future__ import annotations

import io

import pytest

from bot.console import run_console
from bot.engine import Engine
from bot.frontend import reply_to
from tests.block_kit import assert_within_block_kit_limits


@pytest.mark.parametrize("question", ["when did Xi and Japarov last meet?",
                                      "how many times did Xi and Japarov meet?",
                                      "did Xi meet Putin?", "latest positions on taiwan"])
def test_direct_answer_is_the_first_section(engine: Engine, question: str) -> None:
    answer = engine.answer(question, limit=10)
    assert answer.direct is not None
    reply = reply_to(engine, question)
    assert reply.blocks[0]["type"] == "header"
    first = reply.blocks[1]
    assert first["type"] == "section"
    assert answer.direct.text.replace("&", "&amp;").replace("<", "&lt;").replace(
        ">", "&gt;") in first["text"]["text"]
    assert reply.text == answer.direct.text  # the notification says it too
    assert_within_block_kit_limits(reply.blocks)


@pytest.mark.parametrize("question", ["who is Japarov", "Жапаров", "taiwan", "Astana",
                                      "what is the SCO", "China vs Kyrgyzstan on the railway",
                                      "how has Kyrgyzstan's position on Taiwan changed?",
                                      "compare railway", "compare", "who Xi"])
def test_cards_and_comparisons_stay_within_block_kit(engine: Engine, question: str) -> None:
    reply = reply_to(engine, question)
    assert_within_block_kit_limits(reply.blocks)


def test_card_shows_name_spellings_counts_and_latest_meeting(engine: Engine) -> None:
    text = "\n".join(b["text"]["text"] for b in reply_to(engine, "who is Japarov").blocks
                     if b["type"] == "section")
    card = engine.answer("who is Japarov").card
    assert card is not None
    assert card.name in text and "Жапаров" in text
    assert f"{card.counts['meetings']} meetings" in text
    assert card.latest_meeting and card.latest_meeting["id"] in text


def test_comparison_shows_each_group_with_its_quotes(engine: Engine) -> None:
    comparison = engine.answer("China vs Kyrgyzstan on the railway").comparison
    assert comparison is not None
    reply = reply_to(engine, "China vs Kyrgyzstan on the railway")
    columns = next(b["fields"] for b in reply.blocks if b.get("fields"))
    assert len(columns) == len(comparison.groups) == 2  # two sides: two columns
    text = "\n".join(f["text"] for f in columns)
    for group in comparison.groups:
        assert f"*{group['label']}*" in text
        for item in group["items"]:
            assert item["id"] in text


def test_passed_over_words_are_named(engine: Engine) -> None:
    reply = reply_to(engine, "Japarov's most recent statement on the railway")
    context = " ".join(e["text"] for b in reply.blocks if b["type"] == "context"
                       for e in b["elements"])
    assert "did not use “statement”" in context


def test_console_shows_the_answer_under_the_header(engine: Engine) -> None:
    out = io.StringIO()
    run_console(engine, io.StringIO("/relations when did Xi and Japarov last meet?\n"), out)
    lines = out.getvalue().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("==="))
    direct = engine.answer("when did Xi and Japarov last meet?").direct
    assert direct is not None and direct.text in lines[header + 1]


def test_three_groups_or_long_quotes_are_sections_and_quotes_stay_whole() -> None:
    from bot.engine.replies.compare import Comparison
    from bot.render.answering import comparison_blocks

    long_quote = "word " * 500  # one position longer than a column may hold
    item = {"id": "position-2025-06-17-x", "date": "2025-06-17", "speaker": "X (China side)"}
    three = Comparison("date", [{"label": label, "items": [{**item, "quote": "short"}]}
                                for label in ("2022", "2024", "2025")])
    two_long = Comparison("side", [{"label": label, "items": [{**item, "quote": long_quote}]}
                                   for label in ("China", "Kyrgyzstan")])
    for comparison in (three, two_long):
        blocks = comparison_blocks(comparison)
        assert not any(b.get("fields") for b in blocks)
        assert_within_block_kit_limits(blocks)
        text = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
        for group in comparison.groups:
            assert f"*{group['label']}*" in text
    long_text = "".join(b["text"]["text"] for b in comparison_blocks(two_long)
                        if b["type"] == "section")
    assert long_text.count("word") == 2 * 500  # split across sections, never cut
