"""The console front end: Slack's lines, Slack's answers, as text."""

from __future__ import annotations

import io

import pytest

from bot.console import run_console, strip_invocation
from bot.engine import Engine


def test_console_answers_slash_commands_and_mentions(engine: Engine) -> None:
    stdin = io.StringIO("/relations meetings 2022\n@relations who met in Astana?\nhello\nquit\n")
    stdout = io.StringIO()
    assert run_console(engine, stdin, stdout) == 0
    out = stdout.getvalue()
    assert "6 Feb 2022 · Great Hall of the People, Beijing, China" in out
    assert "(reply in thread)" in out and "17 Jun 2025 · Astana, Kazakhstan" in out
    assert "Start with /relations" in out


@pytest.mark.parametrize("line, query", [("/relations meetings", "meetings"),
                                         ("@relations  hi ", "hi"), ("/relations", ""),
                                         ("/relationsx", None), ("meetings", None)])
def test_strip_invocation(line: str, query: str | None) -> None:
    assert strip_invocation(line) == query
