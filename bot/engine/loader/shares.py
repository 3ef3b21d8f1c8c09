"""Reading in two processes: a forked child (bot/engine/forked.py) reads the later fact
files while this process reads the seeds and the first ones, and hands back what it
read, to be added as if read here, in order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import AnyFact, Entity
from ..problems import Problem
from .where import Where

if TYPE_CHECKING:
    from .reader import Loader

# Below this many bytes of fact files a fork costs more than half the reading saves.
SPLIT_FROM_BYTES = 1 << 20
# The share of the fact files' bytes read here, besides the seeds (the child also pickles
# what it read, and this process unpickles it; at 10,000 facts 0.55 measured a little
# quicker than 0.45).
KEPT_SHARE = 0.55


@dataclass
class Share:
    """What reading some fact files added to a loader."""

    facts: list[tuple[AnyFact, Where]]
    entities: list[tuple[str, Entity, Where]]
    problems: list[Problem]
    broken_ids: set[str]
    broken_entities: set[tuple[str, str]]
    fuzzy_spent: int


def split(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files read here and those a forked child may read, in order: KEPT_SHARE of the
    bytes here, at least one file each; all of them here when they are few or small."""
    sizes = []
    for path in paths:
        try:
            sizes.append(path.lstat().st_size)
        except OSError:
            sizes.append(0)
    total = sum(sizes)
    if total < SPLIT_FROM_BYTES or len(paths) < 2:
        return paths, []
    cut, running = 1, sizes[0]
    while cut < len(paths) - 1 and running < KEPT_SHARE * total:
        running += sizes[cut]
        cut += 1
    return paths[:cut], paths[cut:]


def read_share(loader: Loader, paths: list[Path]) -> Share | None:
    """What reading `paths` adds to `loader` (in a forked child, to its copy of it); None
    if an entry was too broken to load (its quotes want the seeds)."""
    before, budget = len(loader.problems), loader.fuzzy_budget
    facts = dict(loader.facts)
    entities = {section: dict(known) for section, known in loader.entities.items()}
    for path in paths:
        loader.read_fact_file(path)
    if loader.incomplete:
        return None
    return Share(
        facts=[(f, loader.fact_where[f.id]) for i, f in loader.facts.items() if i not in facts],
        entities=[(section, e, loader.entity_where[(section, i)])
                  for section, known in loader.entities.items()
                  for i, e in known.items() if i not in entities[section]],
        problems=loader.problems[before:], broken_ids=loader.broken_ids,
        broken_entities=loader.broken_entities, fuzzy_spent=budget - loader.fuzzy_budget)


def take_share(loader: Loader, share: Share | None, paths: list[Path]) -> None:
    """Add a share read by a child as if read here, in order. If it was not read (no
    child, or it failed), or names an id read here (a duplicate across the split, whose
    message must point at the first place), its files are read here instead."""
    if share is None or any(f.id in loader.facts for f, _ in share.facts) or any(
            e.id in loader.entities[section] for section, e, _ in share.entities):
        for path in paths:
            loader.read_fact_file(path)
        return
    for fact, where in share.facts:
        loader.facts[fact.id] = fact
        loader.fact_where[fact.id] = where
    for section, entity, where in share.entities:
        loader.entities[section][entity.id] = entity
        loader.entity_where[(section, entity.id)] = where
    loader.problems.extend(share.problems)
    loader.broken_ids |= share.broken_ids
    loader.broken_entities |= share.broken_entities
    loader.fuzzy_budget -= share.fuzzy_spent
