"""Loading is validating: read seeds/ and facts/, check everything, return a FactBase.

Every problem is collected (not just the first) with its file, line, column and a
fix, so `relations check` can list them all and the bot refuses to start on errors.
reader.py reads the files (shares.py hands the later ones to a forked child),
entries.py checks each section's entries against their models, rules.py applies the
rules that span files, messages.py words what a contributor is told.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date as Date
from functools import partial
from pathlib import Path

from ..factbase import FactBase
from ..forked import start_forked
from ..gc_tuning import paused_gc
from ..problems import FactBaseError, Problem, raise_on_errors
from .reader import Loader, display_path
from .rules import cross_check

__all__ = ["FactBaseError", "Problem", "check_fact_base", "display_path", "load_fact_base",
           "start_check"]


def load_fact_base(facts_dir: Path, seeds_dir: Path, today: Date | None = None) -> FactBase:
    """Load and validate; raise FactBaseError listing every error if there is any."""
    fact_base, problems = check_fact_base(facts_dir, seeds_dir, today)
    raise_on_errors(problems)
    return fact_base


def check_fact_base(facts_dir: Path, seeds_dir: Path,
                    today: Date | None = None) -> tuple[FactBase, list[Problem]]:
    """Load what can be loaded and return it with every problem found, sorted by place."""
    with paused_gc():
        fact_base, problems = start_check(facts_dir, seeds_dir, today, beside=False)
        return fact_base, problems()


def start_check(facts_dir: Path, seeds_dir: Path, today: Date | None = None,
                beside: bool = True,
                warnings: bool = True) -> tuple[FactBase, Callable[[], list[Problem]]]:
    """Read every file into the fact base, and return it at once with a function giving
    every problem, sorted by place: `beside`, the rules that span files run in a forked
    child (bot/engine/forked.py) while the caller indexes what was read. Not `warnings`
    (a build, which only needs to know of errors): warnings are listed only beside errors,
    or where found without parsing a file again."""
    loader = Loader(today or Date.today(), locate_warnings=warnings)
    loader.read(Path(seeds_dir), Path(facts_dir))
    checking = start_forked(partial(_cross_checked, loader)) if beside else None

    def problems() -> list[Problem]:
        found = checking.result() if checking else None
        return found if found is not None else _cross_checked(loader)

    return loader.fact_base(), problems


def _cross_checked(loader: Loader) -> list[Problem]:
    cross_check(loader)
    if any(problem.severity == "error" for problem in loader.problems):
        loader.locate_put_aside()
    return sorted(loader.problems)
