"""A one-article fact base whose quotes are as long as the tests need (render, citations)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.engine import FactBase, load_fact_base


def long_fact_base(tmp_path: Path, article: str, quotes: list[str]) -> FactBase:
    """One meeting quoting `quotes` from a seed holding `article`."""
    seeds, facts = tmp_path / "seeds", tmp_path / "facts"
    seeds.mkdir()
    facts.mkdir()
    (seeds / "long.txt").write_text(
        "---\nid: long\nheadline: Long\npublisher: Xinhua\ndateline: Beijing\n"
        f"published: 2024-01-02\n---\n{article}", encoding="utf-8")
    (facts / "long.yaml").write_text(
        "people:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
        "facts:\n  - id: meeting-2024-01-01-long\n    kind: meeting\n    date: '2024-01-01'\n"
        "    summary: A long meeting.\n    participants: [a, b]\n    quotes:\n"
        + "".join(f"      - source: long\n        text: {json.dumps(q)}\n" for q in quotes),
        encoding="utf-8")
    return load_fact_base(facts, seeds)
