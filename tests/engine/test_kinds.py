"""The kinds and commands tables: every kind has a model, and help shows every row."""

from __future__ import annotations

from bot.engine import Engine
from bot.engine.commands import COMMANDS
from bot.engine.kinds import KIND_NAMES, KINDS
from bot.engine.models import FACT_MODELS
from bot.engine.query import parse
from bot.render import HELP_TEXT


def test_every_kind_has_exactly_one_model() -> None:
    assert set(FACT_MODELS) == set(KIND_NAMES)


def test_help_lists_every_kind_and_every_command_with_usage() -> None:
    for kind in KINDS:
        assert f"{kind.plural} [words]` — {kind.help}" in HELP_TEXT
    for spec in COMMANDS:
        assert (f"{spec.usage}` — {spec.help}" in HELP_TEXT) == bool(spec.usage)


def test_each_word_of_the_tables_chooses_its_kind_or_command(engine: Engine) -> None:
    vocabulary = engine.retriever
    for kind in KINDS:
        for word in kind.words:
            assert parse(f"{word} 2022", vocabulary).kind == kind.name
    for spec in COMMANDS:
        for word in spec.words:
            assert parse(f"{word} x" if spec.name == "fact" else word, vocabulary).command \
                == spec.name
