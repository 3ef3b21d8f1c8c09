"""`python -m bot.engine.builder FACTS SEEDS TODAY KEY FOLDER NAME PREFIX`: build one
snapshot and store it in the cache folder, in a process of its own (see
bot.engine.cache._build_apart); prints {"stored": ..., "problems": [...]} as JSON."""

from __future__ import annotations

import json
import sys
from datetime import date as Date
from pathlib import Path

from .cache import build_and_store


def main(argv: list[str]) -> int:
    facts, seeds, today, key, folder, name, prefix = argv
    outcome = build_and_store(Path(facts), Path(seeds), Date.fromisoformat(today) if today
                              else None, key, Path(folder), name, prefix)
    print(json.dumps(outcome, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
