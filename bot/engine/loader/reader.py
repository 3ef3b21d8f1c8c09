"""Reading: seeds/ and facts/ into models, each file's own problems reported as found."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date as Date
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from ..factbase import FactBase
from ..files import Unreadable, files_under, read_bytes, read_text
from ..forked import start_forked
from ..models import ENTITY_SECTIONS, AnyFact, Entity, FactFile, Source
from ..problems import Problem
from ..sources import normalize_space, read_source, source_files
from ..suggest import ClosestIds
from ..yamlfile import DuplicateKey, YamlRefused, parse_yaml
from . import shares
from .entries import validated_entries
from .messages import did_you_mean, message, singular, yaml_fix
from .where import Where

FACT_SUFFIXES = (".yaml", ".yml")
SCHEMA_COMMENT = "# yaml-language-server: $schema="
_FRONT_MATTER_ID = re.compile(r"^id:[ \t]*(\S+)", re.MULTILINE)


def display_path(path: Path) -> str:
    """Paths relative to the working directory when possible, as editors and CI expect."""
    cwd = Path.cwd()
    if path.absolute().is_relative_to(cwd):
        return str(path.absolute().relative_to(cwd))
    try:
        resolved = path.resolve()  # resolving links costs a stat a part
    except (OSError, RuntimeError):  # a link loop
        return str(path)
    return str(resolved.relative_to(cwd)) if resolved.is_relative_to(cwd) else str(path)


@dataclass
class Loader:
    """What has been read so far, and every problem found on the way."""

    today: Date
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    normalized_sources: dict[str, str] = field(default_factory=dict)
    entities: dict[str, dict[str, Entity]] = field(
        default_factory=lambda: {name: {} for name in ENTITY_SECTIONS})
    entity_where: dict[tuple[str, str], Where] = field(default_factory=dict)
    facts: dict[str, AnyFact] = field(default_factory=dict)
    fact_where: dict[str, Where] = field(default_factory=dict)
    facts_dir: Path = Path("facts")
    # Ids of facts and sources too broken to load: references to them are not reported
    # again, and "not used" warnings are skipped, since the broken entry may use them.
    broken_ids: set[str] = field(default_factory=set)
    broken_sources: set[str] = field(default_factory=set)
    broken_entities: set[tuple[str, str]] = field(default_factory=set)
    incomplete: bool = False
    # Looking for the passage nearest a wrong quote costs about its length times the source's
    # (1.3 s for 1,500 characters in a 1 MB article); a run spends at most this much on it.
    fuzzy_budget: int = 1_000_000_000
    # False (a bot's build, which keeps no warnings): a warning in a file no longer parsed
    # is put aside, located (the file parsed again) only if errors need every problem
    # listed. A fact base of copies has a warning in every file.
    locate_warnings: bool = True
    _documents: dict[str, Any] = field(default_factory=dict)
    _closest: dict[str, ClosestIds] = field(default_factory=dict)
    _put_aside: list[tuple[Where, str, str, bool]] = field(default_factory=list)

    # --- reporting ---------------------------------------------------------------------------

    def report(self, where: Where, message: str, fix: str, severity: str = "error",
               key: bool = False) -> None:
        if severity == "warning" and not self.locate_warnings \
                and where.file not in self._documents:
            self._put_aside.append((where, message, fix, key))
            return
        document = self._document(where.file)
        if document is None:
            line, column = 1, 1
        elif key:
            line, column = document.locate_key(where.path)
        else:
            line, column = document.locate(where.path)
        self.problems.append(Problem(where.file, line, column, severity, message, fix))  # type: ignore[arg-type]

    def locate_put_aside(self) -> None:
        """Report the warnings put aside, located: errors were found, and are listed with
        every warning."""
        self.locate_warnings = True
        for where, text, fix, key in self._put_aside:
            self.report(where, text, fix, "warning", key)
        self._put_aside.clear()

    def _place(self, where: Where) -> str:
        """'file:line' of an entry, for messages that point at a second place."""
        document = self._document(where.file)
        line = document.locate((*where.path, "id"))[0] if document is not None else 1
        return f"{where.file}:{line}"

    def _document(self, file: str) -> Any:
        """Re-parse a file only when a problem in it needs a line number (rare, so cheap)."""
        if file not in self._documents:
            try:  # read as the first time: the file may have been swapped for a pipe since
                self._documents[file] = parse_yaml(read_text(Path(file), self.facts_dir),
                                                   collect_duplicates=True)
            except (Unreadable, yaml.YAMLError, DuplicateKey):
                self._documents[file] = None
        return self._documents[file]

    def closest_id(self, ref: str, kind: str) -> str:
        """'did you mean ...? ' among the ids of `kind` ("meetings", "sources" or an entity
        section), from an index built at the first miss (bot/engine/suggest.py)."""
        if kind not in self._closest:
            ids = ([f.id for f in self.facts.values() if f.kind == "meeting"]
                   if kind == "meetings" else self.sources if kind == "sources"
                   else self.entities[kind])
            self._closest[kind] = ClosestIds(ids)
        close = self._closest[kind].closest(ref)
        return f"did you mean '{close}'? " if close else ""

    # --- sources ----------------------------------------------------------------------------

    def read_sources(self, seeds_dir: Path) -> None:
        if not seeds_dir.is_dir():
            self.problems.append(Problem(display_path(seeds_dir), 1, 1, "error",
                                         *message("no-seeds-folder")))
            return
        for path in source_files(seeds_dir):
            shown = display_path(path)
            source, problems = read_source(path, shown, seeds_dir)
            self.problems.extend(problems)
            if source is None:
                self._remember_broken_source(path, seeds_dir)
                continue
            if source.id in self.sources:
                self.problems.append(Problem(shown, 2, 1, "error", *message(
                    "duplicate-source-id", id=source.id, other=self.sources[source.id].path)))
                continue
            self.sources[source.id] = source
            self.normalized_sources[source.id] = normalize_space(source.text)

    def _remember_broken_source(self, path: Path, seeds_dir: Path) -> None:
        """The id a seed that failed to load names, so quotes of it are not reported again."""
        try:
            raw = read_bytes(path, seeds_dir).decode("utf-8", errors="replace")
        except Unreadable:
            return
        named = _FRONT_MATTER_ID.search(raw)
        if named:
            self.broken_sources.add(named.group(1).strip("'\""))

    # --- fact files ---------------------------------------------------------------------------

    def read(self, seeds_dir: Path, facts_dir: Path) -> None:
        """Every seed, then every fact file. A forked child reads the later fact files
        meanwhile (shares.py), starting before the seeds are read: it needs them only to
        check the quotes of an entry too broken to load, and then hands its files back to
        be read here."""
        paths = self._fact_files(facts_dir)
        mine, theirs = shares.split(paths)
        child = start_forked(partial(shares.read_share, self, theirs)) if theirs else None
        self.read_sources(seeds_dir)
        for path in mine:
            self.read_fact_file(path)
        shares.take_share(self, child.result() if child else None, theirs)

    def _fact_files(self, facts_dir: Path) -> list[Path]:
        if not facts_dir.is_dir():
            self.problems.append(Problem(display_path(facts_dir), 1, 1, "error",
                                         *message("no-facts-folder")))
            return []
        self.facts_dir = facts_dir
        return files_under(facts_dir, FACT_SUFFIXES)

    def read_fact_file(self, path: Path) -> None:
        shown = display_path(path)
        try:
            raw = read_text(path, self.facts_dir)
        except Unreadable as exc:
            self.problems.append(Problem(shown, exc.line, 1, "error", *message(
                "unreadable", problem=exc.message, fix=exc.fix)))
            self.incomplete = True
            return
        try:
            document = parse_yaml(raw, collect_duplicates=True)
        except YamlRefused as exc:
            mark = exc.problem_mark
            self.problems.append(Problem(
                shown, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "error",
                *message("yaml-refused", problem=exc.problem, fix=exc.fix)))
            self.incomplete = True
            return
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a file
            self.problems.append(Problem(
                shown, raw.count("\n", 0, exc.position) + 1,
                exc.position - raw.rfind("\n", 0, exc.position), "error",
                *message("yaml-character", character=f"{int(exc.character or 0):04X}")))
            self.incomplete = True
            return
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = getattr(exc, "problem", None) or str(exc)
            self.problems.append(Problem(shown, line, column, "error", *message(
                "yaml-syntax", problem=problem, fix=yaml_fix(problem, raw, line))))
            self.incomplete = True
            return
        self._documents[shown] = document
        before = len(self.problems)
        for dup in document.duplicates:
            first = dup.first.start_mark.line + 1
            mark = dup.second.start_mark
            self.problems.append(Problem(shown, mark.line + 1, mark.column + 1, "error",
                                         *message("duplicate-key", key=dup.key, first=first)))
        self._check_schema_comment(path, shown, raw)
        data = document.data
        if data is None:
            return
        if not isinstance(data, dict):
            self.report(Where(shown, ()),
                        *message("not-a-mapping", sections=", ".join(FactFile.model_fields)))
            return
        for section, entries in data.items():
            if section not in FactFile.model_fields:
                self.report(Where(shown, (section,)),
                            *message("unknown-section", section=section,
                                     suggestion=did_you_mean(str(section), FactFile.model_fields),
                                     sections=", ".join(FactFile.model_fields)), key=True)
                continue
            self.read_section(shown, section, entries)
        # Keep the tree only while problems may still point into this file.
        if not any(p.path == shown for p in self.problems[before:]):
            self._documents.pop(shown, None)

    def _check_schema_comment(self, path: Path, shown: str, raw: str) -> None:
        """Editors validate as people type only when the file names the schema on line 1."""
        if raw.startswith(SCHEMA_COMMENT):
            return
        relative = os.path.relpath(self.facts_dir / "schema.json", path.parent)
        if not relative.startswith("."):
            relative = "./" + relative
        self.problems.append(Problem(shown, 1, 1, "warning", *message(
            "no-schema-comment", comment=SCHEMA_COMMENT + relative)))

    def read_section(self, file: str, section: str, entries: Any) -> None:
        if entries is None:
            return
        if not isinstance(entries, list):
            self.report(Where(file, (section,)), *message("section-not-a-list", section=section))
            return
        for index, item in validated_entries(self, file, section, entries):
            where = Where(file, (section, index))
            if section == "facts":
                self.add_fact(item, where)
            else:
                self.add_entity(section, item, where)

    def add_entity(self, section: str, entity: Entity, where: Where) -> None:
        known = self.entities[section]
        if entity.id in known:
            first = self.entity_where[(section, entity.id)]
            self.report(Where(where.file, (*where.path, "id")),
                        *message("duplicate-entity-id", what=singular(section), id=entity.id,
                                 first=self._place(first)))
            return
        known[entity.id] = entity
        self.entity_where[(section, entity.id)] = where

    def add_fact(self, fact: AnyFact, where: Where) -> None:
        if fact.id in self.facts:
            first = self.fact_where[fact.id]
            self.report(Where(where.file, (*where.path, "id")),
                        *message("duplicate-fact-id", id=fact.id, first=self._place(first)))
            return
        self.facts[fact.id] = fact
        self.fact_where[fact.id] = where

    def fact_base(self) -> FactBase:
        return FactBase.build(list(self.facts.values()), self.sources, self.entities)
