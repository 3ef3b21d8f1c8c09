"""Contributor messages: how a pydantic error, a YAML syntax error or a wrong value is
told to the person who wrote the fact file, with a fix they can apply."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from ..models import FACT_MODELS, Quote

# Every problem the reader and the rules report, by code: (message, fix), each a
# str.format template. `{suggestion}` is "did you mean 'x'? " or "".
MESSAGES: dict[str, tuple[str, str]] = {
    # folders and files
    "no-seeds-folder": ("seeds folder not found",
                        "pass --seeds DIR pointing at the source articles"),
    "no-facts-folder": ("facts folder not found",
                        "pass --facts DIR pointing at the YAML fact files"),
    "duplicate-source-id": ("duplicate source id '{id}' (also in {other})",
                            "give each source its own id"),
    "not-utf8": ("not UTF-8 text: {reason}", "save the file as UTF-8"),
    "yaml-syntax": ("YAML syntax error: {problem}", "{fix}"),
    "duplicate-key": ("duplicate key '{key}' (first at line {first})",
                      "keep one of them: a mapping may name each key once "
                      "(the checker used the first)"),
    "no-schema-comment": ("the file does not start with the schema comment",
                          "make line 1 '{comment}' so VS Code and other editors check "
                          "and complete the fields as you type"),
    "not-a-mapping": ("a fact file must be a mapping of sections",
                      "start with 'facts:' or an entity section: {sections}"),
    "unknown-section": ("unknown section '{section}'",
                        "{suggestion}sections are: {sections}"),
    "section-not-a-list": ("'{section}' must be a list",
                           "write each entry of '{section}' on its own line starting with '- '"),
    "duplicate-entity-id": ("duplicate {what} id '{id}' (first at {first})",
                            "merge the two entries, or give this one another id"),
    "duplicate-fact-id": ("duplicate fact id '{id}' (first at {first})",
                          "ids are unique across all files: if both are the same event merge "
                          "them, else change the slug at the end of this one"),
    # rules across files
    "id-not-kind-and-date": ("fact id '{id}' does not start with its kind and date '{prefix}'",
                             "rename it '{prefix}{slug}' (ids are <kind>-<date>-<slug>)"),
    "not-a-meeting": ("'{field}' names '{ref}', which is not a meeting fact",
                      "{suggestion}use the id of a meeting fact, or remove the field"),
    "unknown-reference": ("unknown {what} '{ref}' in '{field}'",
                          "{suggestion}add it to '{section}' in an entities file, or fix the id"),
    "unknown-country": ("unknown country '{country}'",
                        "{suggestion}add it to 'countries', or fix the id"),
    "shared-quote": ("{kind} facts '{first}' and '{id}' share this quote",
                     "merge the two facts, or quote only the part of the sentence each "
                     "one is about"),
    "unknown-source": ("unknown source '{source}'",
                       "{suggestion}add the article to seeds/ with this id in its front matter, "
                       "or fix the id"),
    "quote-not-in-source": ("quote is not in source '{source}', and no passage of it is close",
                            "check the quote belongs to {path}; copy its words exactly"),
    "quote-not-verbatim": ("quote is not word for word in source '{source}': {diff}",
                           "copy the source's words exactly; the closest passage, at "
                           "{path}:{line}, reads: \"{passage}\""),
    "date-in-future": ("date {date} is in the future",
                       "use the date the event happened, as the source gives it"),
    "date-after-source": ("date {date} is after source '{source}' was published ({published})",
                          "use the date the source reports (its dateline for 'on Tuesday' and "
                          "the like), not the date you read it"),
    "unused-entity": ("{what} '{id}' is not used by any fact",
                      "remove it, or name it in the facts that involve it"),
    "topic-without-synonyms": ("topic '{id}' has no synonyms",
                               "add 'synonyms:' with the words people type for it "
                               "(abbreviations, long forms, related terms)"),
    # one entry's fields (pydantic's errors, read by `explain`)
    "unknown-field": ("unknown field '{name}' in {what}",
                      "{suggestion}remove it; allowed fields: {fields}"),
    "missing-field": ("missing field '{name}' in {what}", "add '{name}:'{hint}"),
    "unknown-kind": ("kind '{kind}' is not a fact kind", "{suggestion}use one of: {kinds}"),
    "no-kind": ("fact has no 'kind'", "add {kinds}"),
    "unknown-quote-field": ("unknown field '{name}' in quote",
                            "{suggestion}a quote has only 'source' and 'text'"),
    "missing-quote-field": ("missing field '{name}' in quote", "add '{name}:'{hint}"),
    "quote-not-a-mapping": ("quote must be a mapping of fields",
                            "write 'field: value' lines under '- ', e.g. '- source: <id>' then "
                            "'  text: <words>'"),
    "entry-not-a-mapping": ("{what} must be a mapping of fields",
                            "write 'field: value' lines under '- '"),
    "bad-fact-id": ("fact id '{id}' does not follow the convention",
                    "write <kind>-<date>-<slug> in lower case, e.g. "
                    "'meeting-2025-06-17-xi-japarov-astana'"),
    "bad-date": ("{problem}", "write YYYY, YYYY-MM or YYYY-MM-DD, only as precise as the source "
                 "(\"in February\" is YYYY-02)"),
    "not-an-id": ("'{name}' value '{value}' is not an id",
                  "ids are lower-case words joined by hyphens, e.g. 'sadyr-japarov'"),
    "value-not-allowed": ("'{name}' value '{value}' is not allowed", "use {expected}"),
    "too-few-items": ("'{name}' needs at least {least} item(s)", "add entries to '{name}'"),
    "not-text": ("'{name}' must be text, not {found}",
                 "write '{name}: <text>' on one line (quote it if it contains ': ')"),
    "not-a-list": ("'{name}' must be a list, not {found}",
                   "write '{name}: [first, second]', or one '- item' per line under '{name}:'"),
    "empty": ("'{name}' is empty", "write the {name} after '{name}:'"),
    "other": ("'{where}': {error}", "see CONTRIBUTING.md for the fields and their types"),
}


def message(code: str, **values: object) -> tuple[str, str]:
    """The (message, fix) of problem `code`, filled in with `values`."""
    text, fix = MESSAGES[code]
    return text.format(**values), fix.format(**values)


def explain(error: Any, loc: Sequence[str | int], model: type[BaseModel] | None, section: str,
             entry: Any) -> tuple[str, str, bool]:
    """Turn one pydantic error into (message, fix, point-at-key) for a contributor."""
    kind = error["type"]
    name = str(loc[-1]) if loc else ""
    what = f"{entry.get('kind')} fact" if section == "facts" and isinstance(entry, dict) \
        else singular(section)
    fields = list(model.model_fields) if model is not None else []
    if kind == "extra_forbidden":
        return (*message("unknown-field", name=name, what=what, fields=", ".join(fields),
                         suggestion=did_you_mean(name, fields)), True)
    if kind == "missing":
        info = model.model_fields.get(name) if model is not None else None
        hint = f" ({info.description})" if info is not None and info.description else ""
        return (*message("missing-field", name=name, what=what, hint=hint), False)
    if kind == "union_tag_invalid":
        return (*message("unknown-kind", kind=entry.get("kind"), kinds=", ".join(FACT_MODELS),
                         suggestion=did_you_mean(str(entry.get("kind")), FACT_MODELS)), False)
    if kind == "union_tag_not_found":
        *others, last = (f"'kind: {name}'" for name in FACT_MODELS)
        return (*message("no-kind", kinds=f"{', '.join(others)} or {last}"), False)
    if "quotes" in loc[:-1] or (loc and loc[0] == "quotes" and kind in ("model_type",
                                                                        "model_attributes_type")):
        what = "quote"
        fields = list(Quote.model_fields)
        if kind == "extra_forbidden":
            return (*message("unknown-quote-field", name=name,
                             suggestion=did_you_mean(name, fields)), True)
        if kind == "missing":
            quote_field = Quote.model_fields.get(name)
            hint = f" ({quote_field.description})" if quote_field is not None else ""
            return (*message("missing-quote-field", name=name, hint=hint), False)
    if kind == "model_type" or kind == "model_attributes_type":
        return (*message("quote-not-a-mapping" if what == "quote" else "entry-not-a-mapping",
                         what=what), False)
    if name == "id" and section == "facts":
        return (*message("bad-fact-id", id=error.get("input")), False)
    if name == "date" or (kind == "value_error" and "calendar" in error["msg"]):
        problem = (f"date '{error.get('input')}': {error['ctx']['error']}"
                   if kind == "value_error" else f"date '{error.get('input')}' is not a valid date")
        return (*message("bad-date", problem=problem), False)
    if kind == "string_pattern_mismatch":
        return (*message("not-an-id", name=name, value=error.get("input")), False)
    if kind == "literal_error":
        return (*message("value-not-allowed", name=name, value=error.get("input"),
                         expected=error["ctx"]["expected"]), False)
    if kind == "too_short":
        return (*message("too-few-items", name=name,
                         least=error["ctx"].get("min_length", 1)), False)
    if kind == "string_type":
        return (*message("not-text", name=name, found=_yaml_type(error.get("input"))), False)
    if kind in ("tuple_type", "list_type"):
        return (*message("not-a-list", name=name, found=_yaml_type(error.get("input"))), False)
    if kind == "string_too_short":
        return (*message("empty", name=name), False)
    return (*message("other", where=".".join(map(str, loc)), error=error["msg"]), False)


def yaml_fix(problem: str, raw: str, line: int) -> str:
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


def singular(section: str) -> str:
    return {"people": "person", "countries": "country", "places": "place",
            "organisations": "organisation", "topics": "topic"}.get(section, section)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""
