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
    """Tests (and the commands they run) cache snapshots in a temporary folder, not ~/.cache,
    and write the usage log there too, not in ~/.local/state."""
    folder = tmp_path_factory.mktemp("relations-cache")
    settings = {"RELATIONS_CACHE_DIR": str(folder),
                "RELATIONS_USAGE_LOG": str(folder / "usage.jsonl")}
    previous = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    yield folder
    for name, value in previous.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def fact_base() -> FactBase:
    return load_fact_base(FACTS_DIR, SEEDS_DIR)


@pytest.fixture(scope="session")
def engine(fact_base: FactBase) -> Engine:
    return Engine(fact_base)
