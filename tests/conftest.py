"""Shared fixtures: the real fact base, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine, FactBase, load_fact_base

REPO = Path(__file__).resolve().parent.parent
FACTS_DIR = REPO / "facts"
SEEDS_DIR = REPO / "seeds"


@pytest.fixture(scope="session")
def fact_base() -> FactBase:
    return load_fact_base(FACTS_DIR, SEEDS_DIR)


@pytest.fixture(scope="session")
def engine(fact_base: FactBase) -> Engine:
    return Engine(fact_base)
