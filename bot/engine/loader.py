"""Loading is validating: read seeds/ and facts/, check everything, return a FactBase.

Every problem is collected (not just the first) with its file, line, column and a
fix, so `relations check` can list them all and the bot refuses to start on errors.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from .factbase import FactBase
from .gc_tuning import paused_gc
from .models import (
    ENTITY_SECTIONS,
    FACT_ID_PATTERN,
    FACT_MODELS,
    AnyFact,
    Entity,
    Fact,
    FactFile,
    Quote,
    Source,
    Topic,
    fact_id_date,
)
from .problems import FactBaseError, Problem
from .quotes import closest_span, word_diff
from .sources import normalize_space, read_source, source_files, source_line
from .yamlfile import DuplicateKey, parse_yaml

FACT_SUFFIXES = (".yaml", ".yml")
SCHEMA_COMMENT = "# yaml-language-server: $schema="
_FRONT_MATTER_ID = re.compile(r"^id:[ \t]*(\S+)", re.MULTILINE)
_SECTION_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "facts": TypeAdapter(list[Fact]),
    **{name: TypeAdapter(list[model]) for name, model in ENTITY_SECTIONS.items()},  # type: ignore[valid-type]
}


def load_fact_base(facts_dir: Path, seeds_dir: Path, today: Date | None = None) -> FactBase:
    """Load and validate; raise FactBaseError listing every error if there is any."""
    fact_base, problems = check_fact_base(facts_dir, seeds_dir, today)
    if any(p.severity == "error" for p in problems):
        raise FactBaseError(problems)
    return fact_base


def check_fact_base(facts_dir: Path, seeds_dir: Path,
                    today: Date | None = None) -> tuple[FactBase, list[Problem]]:
    """Load what can be loaded and return it with every problem found, sorted by place."""
    loader = _Loader(today or Date.today())
    with paused_gc():
        loader.read_sources(Path(seeds_dir))
        loader.read_fact_files(Path(facts_dir))
        loader.cross_check()
        return loader.fact_base(), sorted(loader.problems)


def display_path(path: Path) -> str:
    """Paths relative to the working directory when possible, as editors and CI expect."""
    cwd = Path.cwd()
    for candidate in (path.absolute(), path.resolve()):  # resolving links costs a stat a part
        if candidate.is_relative_to(cwd):
            return str(candidate.relative_to(cwd))
    return str(path)


@dataclass
class _Where:
    """Where a loaded value came from: its file and its path inside the YAML."""

    file: str
    path: tuple[str | int, ...]


@dataclass
class _Loader:
    today: Date
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    normalized_sources: dict[str, str] = field(default_factory=dict)
    entities: dict[str, dict[str, Entity]] = field(
        default_factory=lambda: {name: {} for name in ENTITY_SECTIONS})
    entity_where: dict[tuple[str, str], _Where] = field(default_factory=dict)
    facts: dict[str, AnyFact] = field(default_factory=dict)
    fact_where: dict[str, _Where] = field(default_factory=dict)
    facts_dir: Path = Path("facts")
    # Ids of facts and sources too broken to load: references to them are not reported
    # again, and "not used" warnings are skipped, since the broken entry may use them.
    broken_ids: set[str] = field(default_factory=set)
    broken_sources: set[str] = field(default_factory=set)
    incomplete: bool = False
    _documents: dict[str, Any] = field(default_factory=dict)

    # --- reporting ---------------------------------------------------------------------------

    def report(self, where: _Where, message: str, fix: str, severity: str = "error",
               key: bool = False) -> None:
        document = self._document(where.file)
        if document is None:
            line, column = 1, 1
        elif key:
            line, column = document.locate_key(where.path)
        else:
            line, column = document.locate(where.path)
        self.problems.append(Problem(where.file, line, column, severity, message, fix))  # type: ignore[arg-type]

    def _place(self, where: _Where) -> str:
        """'file:line' of an entry, for messages that point at a second place."""
        document = self._document(where.file)
        line = document.locate((*where.path, "id"))[0] if document is not None else 1
        return f"{where.file}:{line}"

    def _document(self, file: str) -> Any:
        """Re-parse a file only when a problem in it needs a line number (rare, so cheap)."""
        if file not in self._documents:
            try:
                self._documents[file] = parse_yaml(Path(file).read_text(encoding="utf-8"),
                                                   collect_duplicates=True)
            except (OSError, yaml.YAMLError, DuplicateKey):
                self._documents[file] = None
        return self._documents[file]

    # --- sources ----------------------------------------------------------------------------

    def read_sources(self, seeds_dir: Path) -> None:
        if not seeds_dir.is_dir():
            self.problems.append(Problem(display_path(seeds_dir), 1, 1, "error",
                                         "seeds folder not found",
                                         "pass --seeds DIR pointing at the source articles"))
            return
        for path in source_files(seeds_dir):
            shown = display_path(path)
            source, problems = read_source(path, shown)
            self.problems.extend(problems)
            if source is None:
                named = _FRONT_MATTER_ID.search(path.read_text(encoding="utf-8", errors="replace"))
                if named:
                    self.broken_sources.add(named.group(1).strip("'\""))
                continue
            if source.id in self.sources:
                self.problems.append(Problem(shown, 2, 1, "error",
                                             f"duplicate source id '{source.id}' "
                                             f"(also in {self.sources[source.id].path})",
                                             "give each source its own id"))
                continue
            self.sources[source.id] = source
            self.normalized_sources[source.id] = normalize_space(source.text)

    # --- fact files ---------------------------------------------------------------------------

    def read_fact_files(self, facts_dir: Path) -> None:
        if not facts_dir.is_dir():
            self.problems.append(Problem(display_path(facts_dir), 1, 1, "error",
                                         "facts folder not found",
                                         "pass --facts DIR pointing at the YAML fact files"))
            return
        self.facts_dir = facts_dir
        for path in sorted(p for p in facts_dir.rglob("*") if p.suffix in FACT_SUFFIXES):
            self.read_fact_file(path)

    def read_fact_file(self, path: Path) -> None:
        shown = display_path(path)
        try:
            raw = path.read_text(encoding="utf-8")
            document = parse_yaml(raw, collect_duplicates=True)
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(shown, 1, 1, "error", f"not UTF-8 text: {exc.reason}",
                                         "save the file as UTF-8"))
            return
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = getattr(exc, "problem", None) or str(exc)
            self.problems.append(Problem(shown, line, column, "error",
                                         f"YAML syntax error: {problem}",
                                         _yaml_fix(problem, raw, line)))
            self.incomplete = True
            return
        self._documents[shown] = document
        for dup in document.duplicates:
            first = dup.first.start_mark.line + 1
            mark = dup.second.start_mark
            self.problems.append(Problem(shown, mark.line + 1, mark.column + 1, "error",
                                         f"duplicate key '{dup.key}' (first at line {first})",
                                         "keep one of them: a mapping may name each key once "
                                         "(the checker used the first)"))
        self._check_schema_comment(path, shown, raw)
        data = document.data
        if data is None:
            return
        if not isinstance(data, dict):
            self.report(_Where(shown, ()), "a fact file must be a mapping of sections",
                        "start with 'facts:' or an entity section: "
                        + ", ".join(FactFile.model_fields))
            return
        for section, entries in data.items():
            if section not in FactFile.model_fields:
                self.report(_Where(shown, (section,)), f"unknown section '{section}'",
                            _did_you_mean(str(section), FactFile.model_fields)
                            + "sections are: " + ", ".join(FactFile.model_fields), key=True)
                continue
            self.read_section(shown, section, entries)
        # Keep the tree only while problems may still point into this file.
        if not any(p.path == shown for p in self.problems):
            self._documents.pop(shown, None)

    def _check_schema_comment(self, path: Path, shown: str, raw: str) -> None:
        """Editors validate as people type only when the file names the schema on line 1."""
        if raw.startswith(SCHEMA_COMMENT):
            return
        relative = os.path.relpath(self.facts_dir / "schema.json", path.parent)
        if not relative.startswith("."):
            relative = "./" + relative
        self.problems.append(Problem(
            shown, 1, 1, "warning", "the file does not start with the schema comment",
            f"make line 1 '{SCHEMA_COMMENT}{relative}' so VS Code and other editors check "
            "and complete the fields as you type"))

    def read_section(self, file: str, section: str, entries: Any) -> None:
        if entries is None:
            return
        if not isinstance(entries, list):
            self.report(_Where(file, (section,)), f"'{section}' must be a list",
                        f"write each entry of '{section}' on its own line starting with '- '")
            return
        adapter = _SECTION_ADAPTERS[section]
        try:
            items = list(enumerate(adapter.validate_python(entries)))
        except ValidationError:
            items = self._validate_one_by_one(file, section, entries)
        for index, item in items:
            where = _Where(file, (section, index))
            if section == "facts":
                self.add_fact(item, where)
            else:
                self.add_entity(section, item, where)

    def _validate_one_by_one(self, file: str, section: str,
                             entries: list[Any]) -> list[tuple[int, Any]]:
        """Slow path, taken only when a section has errors: keep the valid entries, report the
        rest (and salvage what can still be cross-checked)."""
        model = ENTITY_SECTIONS.get(section)
        adapter: TypeAdapter[Any] = TypeAdapter(Fact) if model is None else TypeAdapter(model)
        valid = []
        for index, entry in enumerate(entries):
            try:
                valid.append((index, adapter.validate_python(entry)))
            except ValidationError as exc:
                errors = exc.errors()
                for error in errors:
                    self._report_validation(file, section, index, entry, error)
                salvaged = _salvage(adapter, entry, errors, section)
                self.incomplete = True
                if salvaged is not None:
                    valid.append((index, salvaged))
                elif section == "facts" and isinstance(entry, dict):
                    if isinstance(entry.get("id"), str):
                        self.broken_ids.add(entry["id"])
                    self._check_raw_quotes(file, index, entry)
        return valid

    def _check_raw_quotes(self, file: str, index: int, entry: dict[str, Any]) -> None:
        """A fact too broken to load still gets its quotes checked: one run shows every mistake."""
        quotes = entry.get("quotes")
        if not isinstance(quotes, list):
            return
        for position, quote in enumerate(quotes):
            if isinstance(quote, dict) and isinstance(quote.get("source"), str) \
                    and isinstance(quote.get("text"), str):
                self._check_quote(_Where(file, ("facts", index, "quotes", position)),
                                  quote["source"], quote["text"])

    def _report_validation(self, file: str, section: str, index: int, entry: Any,
                           error: Any) -> None:
        loc = list(error["loc"])
        kind = entry.get("kind") if isinstance(entry, dict) else None
        if section == "facts" and loc and loc[0] == kind:
            loc = loc[1:]  # pydantic puts the union tag first
        model = FACT_MODELS.get(str(kind)) if section == "facts" else ENTITY_SECTIONS[section]
        message, fix, at_key = _explain(error, loc, model, section, entry)
        self.report(_Where(file, (section, index, *loc)), message, fix, key=at_key)

    def add_entity(self, section: str, entity: Entity, where: _Where) -> None:
        known = self.entities[section]
        if entity.id in known:
            first = self.entity_where[(section, entity.id)]
            self.report(_Where(where.file, (*where.path, "id")),
                        f"duplicate {_singular(section)} id '{entity.id}' "
                        f"(first at {self._place(first)})",
                        "merge the two entries, or give this one another id")
            return
        known[entity.id] = entity
        self.entity_where[(section, entity.id)] = where

    def add_fact(self, fact: AnyFact, where: _Where) -> None:
        if fact.id in self.facts:
            first = self.fact_where[fact.id]
            self.report(_Where(where.file, (*where.path, "id")),
                        f"duplicate fact id '{fact.id}' (first at {self._place(first)})",
                        "ids are unique across all files: if both are the same event merge "
                        "them, else change the slug at the end of this one")
            return
        self.facts[fact.id] = fact
        self.fact_where[fact.id] = where

    # --- cross-file checks --------------------------------------------------------------------

    def cross_check(self) -> None:
        used: set[tuple[str, str]] = set()
        seen_quotes: dict[tuple[str, str, str], str] = {}
        for fact in self.facts.values():
            where = self.fact_where[fact.id]
            self._check_id(fact, where)
            self._check_references(fact, where, used)
            self._check_quotes(fact, where, seen_quotes)
            self._check_date(fact, where)
        for section, known in self.entities.items():
            for entity in known.values():
                where = self.entity_where[(section, entity.id)]
                self._check_entity_references(section, entity, where, used)
        self._warn_unused(used)

    def _check_id(self, fact: AnyFact, where: _Where) -> None:
        prefix = f"{fact.kind}-{fact.date}-"
        if not fact.id.startswith(prefix):
            date_part = fact_id_date(fact.id)
            slug = fact.id.split(f"-{date_part}-", 1)[-1] if date_part else fact.id
            self.report(_Where(where.file, (*where.path, "id")),
                        f"fact id '{fact.id}' does not start with its kind and date '{prefix}'",
                        f"rename it '{prefix}{slug}' (ids are <kind>-<date>-<slug>)")

    def _check_references(self, fact: AnyFact, where: _Where, used: set[tuple[str, str]]) -> None:
        for field_name, section, ids in _references(fact):
            for position, ref in ids:
                path = (*where.path, field_name) if position is None else (*where.path, field_name,
                                                                             position)
                if section == "facts":
                    target = self.facts.get(ref)
                    if ref in self.broken_ids:
                        continue
                    if target is None or target.kind != "meeting":
                        self.report(_Where(where.file, path),
                                    f"'{field_name}' names '{ref}', which is not a meeting fact",
                                    _did_you_mean(ref, [f.id for f in self.facts.values()
                                                        if f.kind == "meeting"])
                                    + "use the id of a meeting fact, or remove the field")
                    continue
                if ref not in self.entities[section]:
                    self.report(_Where(where.file, path),
                                f"unknown {_singular(section)} '{ref}' in '{field_name}'",
                                _did_you_mean(ref, self.entities[section])
                                + f"add it to '{section}' in an entities file, or fix the id")
                used.add((section, ref))

    def _check_entity_references(self, section: str, entity: Entity, where: _Where,
                                 used: set[tuple[str, str]]) -> None:
        country = getattr(entity, "country", None)
        if country is None:
            return
        if country not in self.entities["countries"]:
            self.report(_Where(where.file, (*where.path, "country")),
                        f"unknown country '{country}'",
                        _did_you_mean(country, self.entities["countries"])
                        + "add it to 'countries', or fix the id")
        elif (section, entity.id) in used:
            used.add(("countries", country))

    def _check_quotes(self, fact: AnyFact, where: _Where,
                      seen: dict[tuple[str, str, str], str]) -> None:
        for index, quote in enumerate(fact.quotes):
            at = _Where(where.file, (*where.path, "quotes", index))
            wanted = self._check_quote(at, quote.source, quote.text)
            if wanted is None:
                continue
            key = (fact.kind, quote.source, wanted)
            if key in seen and seen[key] != fact.id:
                self.report(_Where(at.file, (*at.path, "text")),
                            f"{fact.kind} facts '{seen[key]}' and '{fact.id}' share this quote",
                            "merge the two facts, or quote only the part of the sentence each "
                            "one is about", severity="warning")
            seen.setdefault(key, fact.id)

    def _check_quote(self, where: _Where, source_id: str, quote: str) -> str | None:
        """Report a quote whose source is unknown or whose words are not in it; else its text."""
        text = self.normalized_sources.get(source_id)
        if text is None and source_id in self.broken_sources:
            return None  # the seed's own error is reported; don't repeat it for every quote
        if text is None:
            self.report(_Where(where.file, (*where.path, "source")),
                        f"unknown source '{source_id}'",
                        _did_you_mean(source_id, self.sources)
                        + "add the article to seeds/ with this id in its front matter, "
                        "or fix the id")
            return None
        wanted = normalize_space(quote)
        if wanted in text:
            return wanted
        start, end = closest_span(wanted, text)
        source = self.sources[source_id]
        if start == end:
            self.report(_Where(where.file, (*where.path, "text")),
                        f"quote is not in source '{source_id}', and no passage of it is close",
                        f"check the quote belongs to {source.path}; copy its words exactly")
            return None
        passage = text[start:end]
        line = source_line(source, text, start)
        self.report(_Where(where.file, (*where.path, "text")),
                    f"quote is not word for word in source '{source_id}': "
                    f"{word_diff(wanted, passage)}",
                    f"copy the source's words exactly; the closest passage, at "
                    f"{source.path}:{line}, reads: \"{passage}\"")
        return None

    def _check_date(self, fact: AnyFact, where: _Where) -> None:
        earliest = _earliest_day(fact.date)
        if earliest > self.today:
            self.report(_Where(where.file, (*where.path, "date")),
                        f"date {fact.date} is in the future",
                        "use the date the event happened, as the source gives it")
            return
        for quote in fact.quotes:
            source = self.sources.get(quote.source)
            if source is not None and earliest > source.published:
                self.report(_Where(where.file, (*where.path, "date")),
                            f"date {fact.date} is after source '{source.id}' was published "
                            f"({source.published.isoformat()})",
                            "use the date the source reports (its dateline for 'on Tuesday' and "
                            "the like), not the date you read it")
                return

    def _warn_unused(self, used: set[tuple[str, str]]) -> None:
        for section, known in self.entities.items():
            for entity in known.values():
                where = self.entity_where[(section, entity.id)]
                if (section, entity.id) not in used and not self.incomplete:
                    self.report(_Where(where.file, (*where.path, "id")),
                                f"{_singular(section)} '{entity.id}' is not used by any fact",
                                "remove it, or name it in the facts that involve it",
                                severity="warning")
                if isinstance(entity, Topic) and not entity.synonyms:
                    self.report(_Where(where.file, (*where.path, "id")),
                                f"topic '{entity.id}' has no synonyms",
                                "add 'synonyms:' with the words people type for it "
                                "(abbreviations, long forms, related terms)", severity="warning")

    def fact_base(self) -> FactBase:
        return FactBase.build(list(self.facts.values()), self.sources, self.entities)


# --- helpers ------------------------------------------------------------------------------------

_REFERENCE_FIELDS: dict[str, str] = {
    "place": "places",
    "topics": "topics",
    "organisations": "organisations",
    "participants": "people",
    "speaker": "people",
    "side": "countries",
    "parties": "countries",
    "witnessed_by": "people",
    "fields": "topics",
    "meeting": "facts",
}


def _references(fact: AnyFact) -> Iterable[tuple[str, str, list[tuple[int | None, str]]]]:
    """(field, section, [(position, id)]) for every id a fact names."""
    fields = vars(fact)  # the model's own fields: no slow lookups of absent attributes
    for field_name, section in _REFERENCE_FIELDS.items():
        value = fields.get(field_name)
        if value is None:
            continue
        if isinstance(value, tuple):
            yield field_name, section, list(enumerate(value))
        else:
            yield field_name, section, [(None, value)]


def _yaml_type(value: Any) -> str:
    """How a contributor would call the YAML value they wrote."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "empty"
    return "text"


def _salvage(adapter: TypeAdapter[Any], entry: Any, errors: list[Any], section: str) -> Any:
    """The entry without its faulty optional fields, if that validates; else None.

    A stray or mistyped optional field must not hide the entry's other mistakes (a misquote,
    a wrong date), so the rest of the entry still goes through every cross-check.
    """
    if not isinstance(entry, dict):
        return None
    kind = entry.get("kind")
    model: type[BaseModel] | None = (FACT_MODELS.get(str(kind)) if section == "facts"
                                     else ENTITY_SECTIONS.get(section))
    if model is None:
        return None
    cleaned = dict(entry)
    for error in errors:
        loc = list(error["loc"])
        if section == "facts" and loc and loc[0] == kind:
            loc = loc[1:]
        if not loc:
            return None
        name = loc[0]
        info = model.model_fields.get(str(name))
        if error["type"] == "extra_forbidden" or (info is not None and not info.is_required()):
            cleaned.pop(name, None)
        else:
            return None
    try:
        return adapter.validate_python(cleaned)
    except ValidationError:
        return None


def _yaml_fix(problem: str, raw: str, line: int) -> str:
    """A fix for the YAML syntax errors people actually make."""
    lines = raw.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in text or "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return ("a value contains ': ' — put it in quotes, or write it as a block: "
                "'summary: >-' then the text indented on the next lines")
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return "check the indentation of this line and the one before: fields of one entry line up"
    return ("check indentation, colons and quoting on this line or the one before; "
            "quote text that contains ': ' or ' #'")


def _earliest_day(value: str) -> Date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return Date(parts[0], parts[1], parts[2])


def _singular(section: str) -> str:
    return {"people": "person", "countries": "country", "places": "place",
            "organisations": "organisation", "topics": "topic"}.get(section, section)


def _did_you_mean(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def _explain(error: Any, loc: Sequence[str | int], model: type[BaseModel] | None, section: str,
             entry: Any) -> tuple[str, str, bool]:
    """Turn one pydantic error into (message, fix, point-at-key) for a contributor."""
    kind = error["type"]
    name = str(loc[-1]) if loc else ""
    what = f"{entry.get('kind')} fact" if section == "facts" and isinstance(entry, dict) \
        else _singular(section)
    fields = list(model.model_fields) if model is not None else []
    if kind == "extra_forbidden":
        return (f"unknown field '{name}' in {what}",
                _did_you_mean(name, fields) + "remove it; allowed fields: " + ", ".join(fields),
                True)
    if kind == "missing":
        info = model.model_fields.get(name) if model is not None else None
        hint = f" ({info.description})" if info is not None and info.description else ""
        return (f"missing field '{name}' in {what}", f"add '{name}:'{hint}", False)
    if kind == "union_tag_invalid":
        return (f"kind '{entry.get('kind')}' is not a fact kind",
                _did_you_mean(str(entry.get("kind")), FACT_MODELS)
                + f"use one of: {', '.join(FACT_MODELS)}", False)
    if kind == "union_tag_not_found":
        return ("fact has no 'kind'", "add 'kind: meeting', 'kind: agreement' or "
                "'kind: position'", False)
    if "quotes" in loc[:-1] or (loc and loc[0] == "quotes" and kind in ("model_type",
                                                                        "model_attributes_type")):
        what = "quote"
        fields = list(Quote.model_fields)
        if kind == "extra_forbidden":
            return (f"unknown field '{name}' in quote",
                    _did_you_mean(name, fields) + "a quote has only 'source' and 'text'", True)
        if kind == "missing":
            return (f"missing field '{name}' in quote",
                    f"add '{name}:' ({Quote.model_fields[name].description})"
                    if name in Quote.model_fields else f"add '{name}:'", False)
    if kind == "model_type" or kind == "model_attributes_type":
        return (f"{what} must be a mapping of fields",
                "write 'field: value' lines under '- ', e.g. '- source: <id>' then "
                "'  text: <words>'" if what == "quote" else
                "write 'field: value' lines under '- '", False)
    if name == "id" and section == "facts":
        return (f"fact id '{error.get('input')}' does not follow the convention",
                "write <kind>-<date>-<slug> in lower case, e.g. "
                "'meeting-2025-06-17-xi-japarov-astana'", False)
    if name == "date" or (kind == "value_error" and "calendar" in error["msg"]):
        message = (f"date '{error.get('input')}': {error['ctx']['error']}"
                   if kind == "value_error" else f"date '{error.get('input')}' is not a valid date")
        return (message,
                "write YYYY, YYYY-MM or YYYY-MM-DD, only as precise as the source "
                "(\"in February\" is YYYY-02)", False)
    if kind == "string_pattern_mismatch":
        return (f"'{name}' value '{error.get('input')}' is not an id",
                "ids are lower-case words joined by hyphens, e.g. 'sadyr-japarov'", False)
    if kind == "literal_error":
        return (f"'{name}' value '{error.get('input')}' is not allowed",
                f"use {error['ctx']['expected']}", False)
    if kind == "too_short":
        return (f"'{name}' needs at least {error['ctx'].get('min_length', 1)} item(s)",
                f"add entries to '{name}'", False)
    if kind == "string_type":
        return (f"'{name}' must be text, not {_yaml_type(error.get('input'))}",
                f"write '{name}: <text>' on one line (quote it if it contains ': ')", False)
    if kind in ("tuple_type", "list_type"):
        return (f"'{name}' must be a list, not {_yaml_type(error.get('input'))}",
                f"write '{name}: [first, second]', or one '- item' per line under '{name}:'",
                False)
    if kind == "string_too_short":
        return (f"'{name}' is empty", f"write the {name} after '{name}:'", False)
    return (f"'{'.'.join(map(str, loc))}': {error['msg']}",
            "see CONTRIBUTING.md for the fields and their types", False)


__all__ = ["FACT_ID_PATTERN", "FactBaseError", "Problem", "check_fact_base", "load_fact_base"]
