"""A copy of the real fact base with one file edited, checked as `relations check` checks it."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.engine import Problem, check_fact_base

REPO = Path(__file__).resolve().parent.parent.parent


def check_edited(tmp_path: object, file: str, replacements: dict[str, str],
                 append: str = "") -> tuple[list[Problem], list[str]]:
    """Copy facts/ and seeds/ under tmp_path, replace text in facts/<file> (each old text
    must be there once) and append `append`; return the problems and the file's lines."""
    root = Path(str(tmp_path))
    facts, seeds = root / "facts", root / "seeds"
    shutil.copytree(REPO / "facts", facts)
    shutil.copytree(REPO / "seeds", seeds)
    path = facts / file
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text + append, encoding="utf-8")
    _, problems = check_fact_base(facts, seeds)
    return problems, text.splitlines()
