"""Questions as people type them, asked through `relations ask --json --batch` once per
session: every test of the answering layer reads the real command's output."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from benchmarks.replicate import replicate
from bot.cli import main
from bot.engine import Engine, FactBase, load_fact_base
from bot.engine.replies.phrases import spoken_date
from tests.conftest import FACTS_DIR, SEEDS_DIR

_ASKED: dict[str, dict[str, Any]] = {}


@pytest.fixture(scope="session")
def ask() -> Callable[[str], dict[str, Any]]:
    """The JSON answer to one question (questions are asked in batches and remembered)."""

    def answer(question: str) -> dict[str, Any]:
        if question not in _ASKED:
            _batch([question])
        return _ASKED[question]

    return answer


def _batch(questions: list[str]) -> None:
    stdin, stdout = sys.stdin, sys.stdout
    sys.stdin, sys.stdout = io.StringIO("\n".join(questions) + "\n"), io.StringIO()
    try:
        assert main(["ask", "--json", "--batch"]) == 0
        lines = sys.stdout.getvalue().splitlines()
    finally:
        sys.stdin, sys.stdout = stdin, stdout
    for question, line in zip(questions, lines, strict=True):
        _ASKED[question] = json.loads(line)


def ask_all(questions: list[str]) -> None:
    """Ask many questions in one batch (one engine load) before tests look them up."""
    _batch([q for q in dict.fromkeys(questions) if q not in _ASKED])


def replicated_engine(folder: Path, copies: int) -> Engine:
    """An engine over the real fact base copied `copies` times (benchmarks/replicate.py):
    more matches than a sentence or a comparison rests on."""
    facts_dir, seeds_dir = replicate(FACTS_DIR, SEEDS_DIR, folder, copies)
    return Engine(load_fact_base(facts_dir, seeds_dir))


def meetings_of(fact_base: FactBase, *people: str) -> list:
    """Meetings every one of these people took part in, oldest first."""
    return sorted((f for f in fact_base.facts
                   if f.kind == "meeting" and set(people) <= set(f.participants)),
                  key=lambda f: f.date)


def said(date: str) -> str:
    return spoken_date(date)
