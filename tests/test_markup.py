"""Slack markup: escaping what the bot shows, reading back what people typed."""

from __future__ import annotations

import pytest

from bot.markup import command_text_to_query, escape, message_text_to_query
from tests.bounded import run_bounded


def test_escape() -> None:
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"



def test_command_text_is_unescaped_and_trimmed() -> None:
    assert command_text_to_query("  a &amp;&lt;b&gt;  c ") == "a &<b> c"
    assert command_text_to_query("") == ""


@pytest.mark.parametrize(("text", "query"), [
    ("<@U0BOT> meetings 2022", "meetings 2022"),
    ("<@U0BOT|relations> positions   taiwan <@W0OTHER>", "positions taiwan"),
    ("<@U0BOT> agreements in <#C0123|astana-trip>", "agreements in #astana-trip"),
    ("<@U0BOT> see <https://example.com/a?b=1&amp;c=2|the railway> ok", "see the railway ok"),
    ("<@U0BOT> <https://example.com/x>", "https://example.com/x"),
    ("<@U0BOT> 1 &lt; 2 &amp;&amp; 3 &gt; 2", "1 < 2 && 3 > 2"),
    ("<@U0BOT> &amp;lt;", "&lt;"),
    ("<!here> <!subteam^S0123|@team> sco", "@here @team sco"),
    ("", ""),
])
def test_message_text_becomes_plain_words(text: str, query: str) -> None:
    assert message_text_to_query(text) == query


@pytest.mark.parametrize("unit", ["<", "<!", "<@U", "<#C", "<x|", "<!x|"])
def test_unclosed_markup_of_a_whole_message_is_read_in_linear_time(unit: str) -> None:
    """40,000 characters of markup that never closes (Slack's longest message): each failed
    match stops at the next '<'. Quadratic matching took 4-36 s; tests/bounded.py stops it."""
    text = unit * (40_000 // len(unit))
    query = run_bounded(lambda: message_text_to_query(text), seconds=1.0).result
    assert len(query) <= len(text)
