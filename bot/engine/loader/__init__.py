"""Loading is validating: read seeds/ and facts/, check everything, return a FactBase.

Every problem is collected (not just the first) with its file, line, column and a
fix, so `relations check` can list them all and the bot refuses to start on errors.
reader.py reads the files into models, rules.py applies the rules that span files,
messages.py words what a contributor is told.
"""

from __future__ import annotations

from datetime import date as Date
from pathlib import Path

from ..factbase import FactBase
from ..gc_tuning import paused_gc
from ..problems import FactBaseError, Problem
from .reader import Loader, display_path
from .rules import cross_check

__all__ = ["FactBaseError", "Problem", "check_fact_base", "display_path", "load_fact_base"]


def load_fact_base(facts_dir: Path, seeds_dir: Path, today: Date | None = None) -> FactBase:
    """Load and validate; raise FactBaseError listing every error if there is any."""
    fact_base, problems = check_fact_base(facts_dir, seeds_dir, today)
    if any(p.severity == "error" for p in problems):
        raise FactBaseError(problems)
    return fact_base


def check_fact_base(facts_dir: Path, seeds_dir: Path,
                    today: Date | None = None) -> tuple[FactBase, list[Problem]]:
    """Load what can be loaded and return it with every problem found, sorted by place."""
    loader = Loader(today or Date.today())
    with paused_gc():
        loader.read_sources(Path(seeds_dir))
        loader.read_fact_files(Path(facts_dir))
        cross_check(loader)
        return loader.fact_base(), sorted(loader.problems)
