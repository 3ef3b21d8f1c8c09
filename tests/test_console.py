"""The console front end: Slack's lines, Slack's answers, as text."""

from __future__ import annotations

import io

import pytest

from bot.console import run_console, strip_invocation
from bot.engine import Engine, FactBase
from bot.usage import UsageLog


def test_console_answers_slash_commands_mentions_and_direct_messages(engine: Engine) -> None:
    stdin = io.StringIO("/relations meetings 2022\n@relations who met in Astana?\n"
                        "what was signed in Beijing?\nquit\n")
    stdout = io.StringIO()
    assert run_console(engine, stdin, stdout) == 0
    command, mention, direct = stdout.getvalue().split("You asked: ")[1:]
    assert "6 Feb 2022 · Great Hall of the People, Beijing, China" in command
    assert "(reply in thread)" in command and "17 Jun 2025 · Astana, Kazakhstan" in mention
    assert direct.startswith("“what was signed in Beijing?” · kind: agreements")
    assert "(reply in thread)" not in direct


@pytest.mark.parametrize("line, query", [("/relations meetings", "meetings"),
                                         ("@relations  hi ", "hi"), ("/relations", ""),
                                         ("/relationsx", None), ("meetings", None)])
def test_strip_invocation(line: str, query: str | None) -> None:
    assert strip_invocation(line) == query


def test_console_shows_the_buttons_and_clicks_them_by_label(engine: Engine,
                                                            fact_base: FactBase) -> None:
    total = sum(1 for f in fact_base.facts if f.kind == "position")
    stdin = io.StringIO("/relations positions\nShow more\n[ Previous ]\ncite\n"
                        "share to channel\nShow more\n")
    stdout = io.StringIO()
    usage = UsageLog(None)
    assert run_console(engine, stdin, stdout, usage) == 0
    out = stdout.getvalue()
    first, more, previous, cited, shared = out.split("\n(")
    assert "[ Share to channel ]  [ Show more ]  [ Cite ]" in first
    assert more.startswith("the answer above is replaced by)")
    assert f"Facts 11–{min(total, 20)} of {total}" in more and "[ Previous ]" in more
    assert previous.startswith("the answer above is replaced by)")
    assert f"Facts 1–10 of {total}" in previous
    assert cited.startswith("only you see this)") and "Citations" in cited
    assert shared.startswith("posted in the channel for everyone, shared by @you")
    # the private copy is gone: its label is now a question, as in a direct message
    shared, asked = shared.split("You asked: “Show more”")
    assert "Shared by @you" in shared and "[ Share to channel ]" not in shared
    assert "replaced by" not in asked
    assert usage.counts[("click", "page", "console")] == 2
    assert usage.counts[("click", "shared", "console")] == 1


def test_console_suggest_a_fact_says_how_to_add_one(engine: Engine) -> None:
    stdout = io.StringIO()
    usage = UsageLog(None)
    run_console(engine, io.StringIO("/relations positions ukraine\nSuggest a fact\n"), stdout,
                usage)
    assert "(only you see this)\nThanks: the curators" in stdout.getvalue()
    assert usage.counts[("click", "suggest a fact", "console")] == 1
