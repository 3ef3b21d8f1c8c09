"""Shared fixtures: the real fact base, loaded once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engine import Engine, FactBase, load_fact_base

REPO = Path(__file__).resolve().parent.parent
FACTS_DIR = REPO / "facts"
SEEDS_DIR = REPO / "seeds"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Tests (and the commands they run) cache snapshots in a temporary folder, not ~/.cache."""
    folder = tmp_path_factory.mktemp("relations-cache")
    previous = os.environ.get("RELATIONS_CACHE_DIR")
    os.environ["RELATIONS_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["RELATIONS_CACHE_DIR"]
    else:
        os.environ["RELATIONS_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def fact_base() -> FactBase:
    return load_fact_base(FACTS_DIR, SEEDS_DIR)


@pytest.fixture(scope="session")
def engine(fact_base: FactBase) -> Engine:
    return Engine(fact_base)
