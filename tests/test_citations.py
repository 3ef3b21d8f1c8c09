"""Citations: one copyable line per quote, never shortened, within Block Kit's limits."""

from __future__ import annotations

from pathlib import Path

from bot.citations import _chunks, citation_lines, citation_reply
from bot.engine import FactBase
from bot.markup import escape
from tests.block_kit import assert_within_block_kit_limits
from tests.long_fact_base import long_fact_base


def test_each_quote_becomes_one_citation_line(fact_base: FactBase) -> None:
    fact = fact_base.by_id["meeting-2022-02-06-xi-japarov-beijing"]
    lines = citation_lines([fact], fact_base)
    assert len(lines) == len(fact.quotes)
    assert lines[0] == ("Xinhua, “Xi says China to deepen all-round cooperation with "
                        "Kyrgyzstan”, Beijing, 6 Feb 2022: “" + fact.quotes[0].text
                        + "” (meeting-2022-02-06-xi-japarov-beijing)")


def test_the_longest_quote_is_shown_whole(tmp_path: Path) -> None:
    article = "The two sides agreed to deepen cooperation & trade in every field. " * 21
    fact_base = long_fact_base(tmp_path, article, [article.strip()])
    reply = citation_reply(fact_base.facts, fact_base)
    assert_within_block_kit_limits(reply.blocks)
    chunks = [b["text"]["text"] for b in reply.blocks if b["type"] == "section"]
    assert all(c.startswith("```") and c.endswith("```") for c in chunks)
    joined = " ".join(c.strip("`") for c in chunks).replace("&amp;", "&")
    assert article.strip() in joined
    assert len(reply.text) <= 3000


def test_a_line_longer_than_a_section_is_split_between_words() -> None:
    line = ("cooperation & trade " * 400).strip()  # 8,000 characters, more once escaped
    chunks = _chunks(line, 2994)
    assert len(chunks) >= 3 and all(len(c) <= 2994 for c in chunks)
    assert " ".join(chunks) == escape(line)
