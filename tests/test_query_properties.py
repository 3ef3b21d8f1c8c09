"""Property-based tests of the query path: whatever a person types, in Slack or a terminal.

Hypothesis builds queries from the fact base's own words, commands, typos, Slack markup
(`<!channel>`, `<!here>`, user and channel mentions, links), control characters and any
Unicode, and sends each through the Slack front end's text handling (bot/markup.py, as a
slash command and as a message), the engine and both renderers. Every reply must stay
within Block Kit's limits, show no user text as live markup, and raise nothing, within a
deadline.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import answer_json
from bot.engine import Engine, load_fact_base
from bot.engine.answering import MAX_QUERY_CHARS
from bot.engine.text import words
from bot.frontend import reply_to
from bot.markup import command_text_to_query, message_text_to_query
from bot.render import blocks_to_text
from tests.block_kit import assert_within_block_kit_limits

SLACK_MARKUP = ["<!channel>", "<!here>", "<!everyone>", "<@U024BE7LH>", "<@W123|bob>",
                "<#C024BE7LR|general>", "<!subteam^S123|@team>", "<https://evil.example|click>",
                "<mailto:a@b.c>", "&lt;!channel&gt;", "&lt;", "&amp;", "@channel", "@here"]
COMMANDS = ["help", "meetings", "agreements", "positions", "timeline", "sources", "fact", "?",
            "who met", "what was signed", "what did", "say about", "in"]
NOISE = ["*", "_", "~", "`", "```", ">", "&", "<", "|", "\n", "\t", "\u200b", "\u202e", "\x00",
         "٢٠٢٢", "２０２２", "🇰🇬", "e\u0301", "ﬁ"]
# Live markup in a mrkdwn text: a mention, a broadcast or a link Slack would act on.
LIVE_MARKUP = re.compile(r"<[!@#]|<(?:https?|mailto):")


def _mrkdwn_texts(blocks: list[dict[str, Any]]) -> list[str]:
    texts = []
    for block in blocks:
        if block["type"] == "section":
            texts.append(block["text"]["text"])
        elif block["type"] == "context":
            texts.extend(element["text"] for element in block["elements"])
    return texts


@pytest.fixture(scope="module")
def vocabulary(engine: Engine) -> list[str]:
    fact_base = engine.fact_base
    found = {word for fact in fact_base.facts for word in words(fact.summary)}
    found.update(fact.id for fact in fact_base.facts[:20])
    return sorted(found)


def _queries(vocabulary: list[str]) -> st.SearchStrategy[str]:
    known = st.sampled_from(vocabulary)
    typo = st.tuples(known, st.integers(0, 12), st.sampled_from("aeiouxz")).map(
        lambda t: t[0][:t[1]] + t[2] + t[0][t[1] + 1:])
    piece = st.one_of(known, known, typo, st.sampled_from(SLACK_MARKUP),
                      st.sampled_from(COMMANDS), st.sampled_from(NOISE),
                      st.text(max_size=12))
    separator = st.sampled_from([" ", " ", "", "\n", ", "])
    return st.lists(st.tuples(piece, separator), max_size=40).map(
        lambda parts: "".join(p + s for p, s in parts))


PROPERTY_SETTINGS = settings(max_examples=300, deadline=timedelta(milliseconds=500),
                             derandomize=True, database=None,
                             suppress_health_check=[HealthCheck.too_slow])


def _check_reply(engine: Engine, slack_text: str) -> None:
    """As a slash command and as a mention or DM: within limits, nothing live, no exception."""
    for query in (command_text_to_query(slack_text), message_text_to_query(slack_text)):
        reply = reply_to(engine, query)
        assert_within_block_kit_limits(reply.blocks)
        for text in [*_mrkdwn_texts(reply.blocks), reply.text]:
            assert not LIVE_MARKUP.search(text), text
        assert blocks_to_text(reply.blocks)


def test_any_query_renders_within_limits_and_escaped(engine: Engine,
                                                     vocabulary: list[str]) -> None:
    @PROPERTY_SETTINGS
    @given(_queries(vocabulary))
    def check(slack_text: str) -> None:
        _check_reply(engine, slack_text)

    check()


def test_any_unicode_text_renders_within_limits_and_escaped(engine: Engine) -> None:
    @PROPERTY_SETTINGS
    @given(st.text(max_size=300))
    def check(slack_text: str) -> None:
        _check_reply(engine, slack_text)

    check()


def test_queries_near_and_over_the_length_limit(engine: Engine, vocabulary: list[str]) -> None:
    @settings(PROPERTY_SETTINGS, max_examples=40)
    @given(st.lists(st.sampled_from(vocabulary), min_size=1), st.integers(-50, 50))
    def check(chosen: list[str], offset: int) -> None:
        text = (" ".join(chosen) + " ") * (MAX_QUERY_CHARS // 2)
        text = text[:MAX_QUERY_CHARS + offset].strip()
        answer = engine.answer(text)
        assert bool(answer.too_long) == (len(text) > MAX_QUERY_CHARS)
        _check_reply(engine, text)

    check()


# --- text from the fact base: a pull request may put markup into names, summaries, quotes ---

CLEAN = Path(__file__).resolve().parent / "fixtures" / "checker" / "clean"
FACT_QUERIES = ["meetings", "positions", "timeline", "sources", "help",
                "fact meeting-2025-06-17-xi-japarov-astana", "sadyr", "hostile"]


def _yaml(text: str) -> str:
    """A double-quoted YAML scalar (JSON's, with the characters themselves, not escapes)."""
    return json.dumps(text, ensure_ascii=False)


def _hostile_text() -> st.SearchStrategy[str]:
    printable = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp"),
                                      blacklist_characters="\ufffe\uffff"), max_size=8)
    return st.lists(st.one_of(st.sampled_from(SLACK_MARKUP), printable), min_size=1,
                    max_size=6).map(lambda parts: " ".join(parts).strip() or "x")


@settings(PROPERTY_SETTINGS, max_examples=25, deadline=timedelta(seconds=2))
@given(name=_hostile_text(), summary=_hostile_text(), quote=_hostile_text(),
       headline=_hostile_text())
def test_fact_text_with_markup_renders_escaped(tmp_path_factory: pytest.TempPathFactory,
                                               name: str, summary: str, quote: str,
                                               headline: str) -> None:
    """Names, summaries, quotes and headlines holding `<!channel>`, mentions or links are
    shown as text in every kind of answer, within Block Kit's limits."""
    root = tmp_path_factory.mktemp("hostile-text")
    shutil.copytree(CLEAN, root, dirs_exist_ok=True)
    seed = root / "seeds" / "xinhua-2025-06-17-astana.txt"
    said = f"Japarov said hostile {quote} words."
    seed.write_text(seed.read_text(encoding="utf-8").replace(
        'headline: "Xi meets Japarov in Astana"', f"headline: {_yaml(headline)}")
        + f"\n{said}\n", encoding="utf-8")
    facts = root / "facts" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "summary: Xi Jinping met Sadyr Japarov in Astana.", f"summary: {_yaml(summary)}")
        + "\n  - id: position-2025-06-17-japarov-hostile\n    kind: position\n"
        '    date: "2025-06-17"\n    summary: Japarov said hostile words.\n'
        "    speaker: sadyr-japarov\n    side: kyrgyzstan\n    stance: assessment\n"
        f"    quotes: [{{source: xinhua-2025-06-17-astana, text: {_yaml(said)}}}]\n",
        encoding="utf-8")
    people = root / "facts" / "entities.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace(
        "aliases: [Japarov]", f"aliases: [Japarov, {_yaml(name)}]"), encoding="utf-8")
    engine = Engine(load_fact_base(root / "facts", root / "seeds"))
    for query in FACT_QUERIES:
        reply = reply_to(engine, query)
        assert_within_block_kit_limits(reply.blocks)
        for text in [*_mrkdwn_texts(reply.blocks), reply.text]:
            assert not LIVE_MARKUP.search(text), (query, text)
        json.dumps(answer_json(engine.answer(query)))
