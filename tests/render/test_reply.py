"""The shared renderer: Block Kit limits, escaping, and the text the console shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine import Engine, FactBase
from bot.engine.sources import normalize_space
from bot.frontend import reply_to
from bot.markup import escape
from bot.render import FACTS_PER_REPLY, blocks_to_text, format_date
from tests.block_kit import assert_within_block_kit_limits
from tests.long_fact_base import long_fact_base


def test_each_fact_shows_kind_date_place_people_quotes_and_citation(engine: Engine) -> None:
    reply = reply_to(engine, "meetings 2022")
    text = json.dumps(reply.blocks, ensure_ascii=False)
    assert ("*Meeting* · 6 Feb 2022 · Great Hall of the People, Beijing, China · "
            "Xi Jinping and Sadyr Japarov · Zhaparov came to China for the opening") in text
    assert ">Xi made the remarks when meeting with Kyrgyz President Sadyr Zhaparov" in text
    assert "Xinhua, “Xi says China to deepen all-round cooperation with Kyrgyzstan”" in text
    assert reply.text.startswith("1 meeting. 6 Feb 2022: Xi Jinping met")
    assert "“Xi made the remarks when meeting" in reply.text
    assert_within_block_kit_limits(reply.blocks)


def test_many_matches_show_the_best_and_say_how_many_more(engine: Engine,
                                                         fact_base: FactBase) -> None:
    total = sum(1 for f in fact_base.facts if f.kind == "position")
    assert total > FACTS_PER_REPLY
    reply = reply_to(engine, "positions")
    assert_within_block_kit_limits(reply.blocks)
    shown = sum(1 for b in reply.blocks if b["type"] == "divider")
    assert shown == FACTS_PER_REPLY
    footer = [b for b in reply.blocks if b["type"] == "section"][-1]["text"]["text"]
    assert f"Facts 1–{FACTS_PER_REPLY} of {total}" in footer and "Narrow down" in footer


def test_user_text_is_escaped(engine: Engine) -> None:
    reply = reply_to(engine, "<!channel> & <@U123> taiwan")
    # A button's value is never shown: it carries the question exactly as typed.
    text = json.dumps([b for b in reply.blocks if b["type"] != "actions"])
    assert "<!channel>" not in text and "<@U123>" not in text
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in text


def test_nothing_found_says_so_and_suggests(engine: Engine) -> None:
    reply = reply_to(engine, "meetings 2019")
    text = blocks_to_text(reply.blocks)
    assert reply.text == ("No meetings found. No facts match all of that together. "
                          "The fact base has meetings from 2022, 2025.")
    assert "No facts match" in text and "2022, 2025" in text
    assert "/relations meetings" in text
    assert not any(b["type"] == "divider" for b in reply.blocks)


def test_not_covered_subject_is_named(engine: Engine) -> None:
    text = blocks_to_text(reply_to(engine, "positions ukraine").blocks)
    assert "nothing about “Ukraine”" in text


def test_typo_correction_is_shown(engine: Engine) -> None:
    text = blocks_to_text(reply_to(engine, "positions taiwn").blocks)
    assert "read “taiwn” as “taiwan”" in text


def test_help_and_sources_render(engine: Engine, fact_base: FactBase) -> None:
    help_text = blocks_to_text(reply_to(engine, "help").blocks)
    assert "/relations meetings" in help_text and "/relations fact <id>" in help_text
    sources = reply_to(engine, "sources")
    assert_within_block_kit_limits(sources.blocks)
    for source in fact_base.sources.values():
        assert source.headline in blocks_to_text(sources.blocks)


def test_text_rendering_unescapes_what_slack_would_show(engine: Engine) -> None:
    text = blocks_to_text(reply_to(engine, "<b> taiwan").blocks)
    assert "“<b> taiwan”" in text


def test_format_date_keeps_precision() -> None:
    assert format_date("2025-06-17") == "17 Jun 2025"
    assert format_date("2025-02") == "Feb 2025"
    assert format_date("2025") == "2025"
    assert format_date("2024-09-01") == "1 Sep 2024"


def test_long_quotes_are_split_across_sections_not_cut(tmp_path: Path) -> None:
    sentence = "The two sides agreed to deepen cooperation in every field they named. "
    article = sentence * 80  # about 5,600 characters, quoted whole in four quotes
    part = (sentence * 20).strip()  # as long as a quote may be (MAX_TEXT_CHARS)
    engine = Engine(long_fact_base(tmp_path, article, [part] * 4))
    reply = reply_to(engine, "meetings")
    assert_within_block_kit_limits(reply.blocks)
    sections = [b["text"]["text"] for b in reply.blocks if b["type"] == "section"]
    assert len(sections) >= 2
    shown = " ".join(line.lstrip(">") for s in sections for line in s.split("\n")
                     if line.startswith(">"))
    assert normalize_space(article) in normalize_space(shown)


@pytest.mark.parametrize("query", ["meetings 2022", "positions taiwan", "timeline",
                                   "fact agreement-2025-06-17-cooperation-documents",
                                   "what was signed in Astana?"])
def test_notification_text_carries_the_first_fact_and_its_quote(engine: Engine,
                                                                 query: str) -> None:
    answer = engine.answer(query, limit=FACTS_PER_REPLY)
    first = answer.facts[0]
    text = reply_to(engine, query).text
    assert escape(first.summary) in text
    assert escape(" ".join(first.quotes[0].text.split()[:8])) in text


def test_notification_text_of_nothing_found_says_why(engine: Engine) -> None:
    assert "nothing about “Ukraine”" in reply_to(engine, "positions ukraine").text


def test_fact_alone_says_how_to_name_one(engine: Engine) -> None:
    reply = reply_to(engine, "fact")
    shown = blocks_to_text(reply.blocks)
    assert "No fact id given" in shown and "`/relations fact <id>` shows one fact" in shown
    assert "nothing about" not in shown
    assert reply.text.startswith("No fact id given. `/relations fact <id>`")
def test_sources_name_the_fact_base_version_and_stay_within_limits(fact_base: FactBase) -> None:
    from dataclasses import replace

    from bot.engine.version import FactBaseVersion

    version = FactBaseVersion("ab" * 32, None, "c0ffee1")
    many = {f"s{n}": source for n, source in
            enumerate(list(fact_base.sources.values()) * 40)}
    engine = Engine(replace(fact_base, sources=many), version=version)
    blocks = reply_to(engine, "sources").blocks
    assert blocks[1]["type"] == "context"
    assert blocks[1]["elements"][0]["text"] == "facts abababababab · commit c0ffee1"
    assert_within_block_kit_limits(blocks)
    assert Engine(fact_base).answer("sources").version is None  # no version: no line


def _text(engine: Engine, query: str) -> str:
    return blocks_to_text(reply_to(engine, query).blocks)


def test_parties_and_witnesses_read_as_the_source_says(engine: Engine) -> None:
    statement = _text(engine, "fact agreement-2022-02-06-joint-statement")
    assert "· between Xi Jinping and Sadyr Japarov" in statement
    assert "witnessed" not in statement and "At the meeting" not in statement
    assert ("Reported with the meeting `meeting-2022-02-06-xi-japarov-beijing` "
            "(the source does not say when)") in statement
    signing = _text(engine, "fact agreement-2025-06-17-cooperation-documents")
    assert "· witnessed by Xi Jinping and Sadyr Japarov" in signing
    assert "After the meeting `meeting-2025-06-17-xi-japarov-astana`" in signing


def test_a_recalled_outcome_says_who_recalled_it_and_when(engine: Engine) -> None:
    text = _text(engine, "fact agreement-2025-02-xi-japarov-beijing-consensuses")
    assert "Feb 2025 · Beijing, China · between Xi Jinping and Sadyr Japarov" in text
    assert "as recalled by Xi Jinping in Astana on 17 Jun 2025" in text
    assert "Reached at the meeting `meeting-2025-02-xi-japarov-beijing`" in text


def test_positions_say_to_whom_and_at_which_event(engine: Engine) -> None:
    text = _text(engine, "fact position-2025-06-17-xi-railway")
    assert "Xi Jinping (China side) to both sides" in text
    assert "During: Second China-Central Asia Summit" in text
    assert "Said at the meeting `meeting-2025-06-17-xi-japarov-astana`" in text
    assert "Japarov (Kyrgyzstan side) to China" in _text(
        engine, "fact position-2025-06-17-japarov-core-interests")
    assert "Refers to: 1992" in _text(
        engine, "fact position-2025-06-17-xi-relations-best-in-history")


def test_caption_quotes_are_marked(engine: Engine) -> None:
    lines = _text(engine, "meetings astana").splitlines()
    caption = next(i for i, line in enumerate(lines) if line.startswith(">Chinese President"))
    assert lines[caption + 1] == "_(photo caption)_"
    assert "_(photo caption)_" not in _text(engine, "positions railway")
