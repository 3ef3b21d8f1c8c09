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
    "unreadable": ("{problem}", "{fix}"),  # files.Unreadable: a link, a folder, too big...
    "yaml-refused": ("{problem}", "{fix}"),  # yamlfile.YamlRefused: an alias, nesting, a tag
    "yaml-character": ("character U+{character} is not allowed in YAML",
                       "remove it; fact files hold printable text only"),
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
    "unknown-entity-reference": ("unknown {what} '{ref}'",
                                 "{suggestion}add it to '{section}', or fix the id"),
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
    "quote-not-verbatim-unsearched": ("quote is not word for word in source '{source}'",
                                      "copy the source's words exactly from {path} (the closest "
                                      "passage is not looked for: too many quotes differ in "
                                      "this run)"),
    "quote-rule": ("{problem}", "{rule}: quote the words the fact rests on"),
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
    # links between facts and dates (links.py)
    "former-id-not-an-id": ("'{old}' in 'replaces' is not a fact id",
                            "list the fact's former ids, e.g. 'position-2025-06-16-xi-railway'"),
    "former-id-in-use": ("'{old}' in 'replaces' is the id of another fact",
                         "a former id must not be in use: remove it from 'replaces', or rename "
                         "the other fact"),
    "former-id-claimed-twice": ("'{old}' is also replaced by '{other}'",
                                "a former id can lead to one fact only: keep it in one "
                                "'replaces' list"),
    "reported-on-without-by": ("'reported_on' without 'reported_by'",
                               "add 'reported_by:' with the person who recalled it"),
    "reported-by-without-on": ("'reported_by' without 'reported_on'",
                               "add 'reported_on:' with the date the person recalled it (the "
                               "source's date)"),
    "reported-before-event": ("reported on {reported_on}, before it happened ({date})",
                              "'date' is when it happened, 'reported_on' when it was recalled: "
                              "swap them or fix one"),
    "reported-at-other-date": ("reported at a meeting of {meeting_date}, but reported on "
                               "{reported_on}",
                               "make 'reported_on' the date of the meeting in 'reported_at'"),
    "refers-to-after-fact": ("refers_to {refers_to} is after the fact's date {date}",
                             "'refers_to' is the date of an earlier event the fact speaks of"),
    "meeting-link-without-meeting": ("'meeting_link' without 'meeting'",
                                     "add 'meeting:' with the meeting's id, or remove "
                                     "'meeting_link'"),
    "event-differs-from-meeting": ("event '{event}' differs from its meeting's event "
                                   "'{meeting_event}'",
                                   "remove 'event': a fact said at a meeting belongs to the "
                                   "meeting's event"),
    "witness-is-party": ("'{person}' is both a party or signatory and a witness",
                         "a witness is not a party: keep the person in 'party_leaders' or "
                         "'signed_by' if the source says the document is theirs, else in "
                         "'witnessed_by'"),
    "both-sides-without-meeting": ("'{both}' without a meeting to say who the sides are",
                                   "add 'meeting:', or name the country"),
    # where a quote stands (locations.py) and whether it stands on its own (subjects.py)
    "quote-location": ("the quote is in the {actual}, not the {given}",
                       "write 'location: {actual}'"),
    "quote-paragraph": ("the quote is in paragraph {actual}, not {given}",
                        "write 'paragraph: {actual}' (the blank-line-separated blocks of "
                        "{path}, counted from 1)"),
    "quote-without-subject": ("the quote starts mid-sentence ('{opening} ...') and does not say "
                              "who speaks or acts",
                              "widen the quote to the clause that names who speaks or "
                              "acts{example}"),
    # the summary keeps the source's modality and open lists (modality.py)
    "modal-dropped": ("the quote says '{typed}' but the summary does not{instead}",
                      "keep the source's modality: the quote reads \"{around}\"; say '{word}' "
                      "in the summary too"),
    "modal-added": ("the summary says '{typed}' but no quote does",
                    "keep the source's modality: use the quote's own modal word, or none if it "
                    "has none (\"supports\" is not \"will support\")"),
    "open-list-closed": ("the quote's list is open ('{typed}') but the summary reads as a "
                         "closed list",
                         "keep the list open as the quote does (\"{around}\"): write "
                         "'{marker}' or 'and other ...' in the summary"),
    # one entry's fields (pydantic's errors, read by `explain`)
    "unknown-field": ("unknown field '{name}' in {what}",
                      "{suggestion}remove it; allowed fields: {fields}"),
    "missing-field": ("missing field '{name}' in {what}", "add '{name}:'{hint}"),
    "unknown-kind": ("kind '{kind}' is not a fact kind", "{suggestion}use one of: {kinds}"),
    "no-kind": ("fact has no 'kind'", "add {kinds}"),
    "unknown-quote-field": ("unknown field '{name}' in quote",
                            "{suggestion}a quote has 'source', 'text', and maybe 'location' "
                            "and 'paragraph'"),
    "missing-quote-field": ("missing field '{name}' in quote", "add '{name}:'{hint}"),
    "quote-not-a-mapping": ("quote must be a mapping of fields",
                            "write 'field: value' lines under '- ', e.g. '- source: <id>' then "
                            "'  text: <words>'"),
    "entry-not-a-mapping": ("{what} must be a mapping of fields",
                            "write 'field: value' lines under '- '"),
    "bad-fact-id": ("fact id '{id}' does not follow the convention",
                    "write <kind>-<date>-<slug> in lower case, e.g. "
                    "'meeting-2025-06-17-xi-japarov-astana'"),
    "bad-date": ("{problem}", "write YYYY, YYYY-MM or YYYY-MM-DD in the digits 0-9, only as "
                 "precise as the source (\"in February\" is YYYY-02)"),
    "not-an-id": ("'{name}' value '{value}' is not an id",
                  "ids are lower-case words joined by hyphens, e.g. 'sadyr-japarov'"),
    "value-not-allowed": ("'{name}' value '{value}' is not allowed", "use {expected}"),
    "too-few-items": ("'{name}' needs at least {least} item(s)", "add entries to '{name}'"),
    "not-text": ("'{name}' must be text, not {found}",
                 "write '{name}: <text>' on one line (quote it if it contains ': ')"),
    "not-a-list": ("'{name}' must be a list, not {found}",
                   "write '{name}: [first, second]', or one '- item' per line under '{name}:'"),
    "empty": ("'{name}' is empty", "write the {name} after '{name}:'"),
    "text-too-long": ("'{name}' is {length} characters long, more than {limit}",
                      "shorten it: a summary is one sentence, a quote the words the fact rests "
                      "on, a name or an id fits on a line"),
    "too-many-items": ("'{name}' has {count} items, more than {limit}",
                       "keep the {limit} that matter most, or split the fact"),
    "control-character": ("'{name}' holds a {problem}",
                          "remove it: text is shown in Slack and terminals as written"),
    "other": ("'{where}': {error}", "see CONTRIBUTING.md for the fields and their types"),
}


# Values that come from the fact file as written: a message names them, never pastes a megabyte.
_WRITTEN = frozenset({"ref", "id", "name", "value", "kind", "section", "key", "country",
                      "source"})
_SHOWN_CHARS = 160  # longer than any id may be (models.MAX_ID_CHARS)


def message(code: str, **values: object) -> tuple[str, str]:
    """The (message, fix) of problem `code`, filled in with `values` (written ones cut short)."""
    text, fix = MESSAGES[code]
    values = {key: _shown(value) if key in _WRITTEN else value for key, value in values.items()}
    return text.format(**values), fix.format(**values)


def _shown(value: object) -> str:
    text = str(value)
    if len(text) <= _SHOWN_CHARS:
        return text
    return f"{text[:_SHOWN_CHARS - 20]}… ({len(text):,} characters)"


def explain(error: Any, loc: Sequence[str | int], model: type[BaseModel] | None, section: str,
             entry: Any) -> tuple[str, str, bool]:
    """Turn one pydantic error into (message, fix, point-at-key) for a contributor."""
    kind = error["type"]
    name = str(loc[-1]) if loc else ""
    what = f"{entry.get('kind')} fact" if section == "facts" and isinstance(entry, dict) \
        else singular(section)
    fields = list(model.model_fields) if model is not None else []
    if kind == "string_too_long":
        return (*message("text-too-long", name=name, length=f"{len(error.get('input') or ''):,}",
                         limit=f"{error['ctx']['max_length']:,}"), False)
    if kind == "too_long":
        return (*message("too-many-items", name=name,
                         count=f"{error['ctx']['actual_length']:,}",
                         limit=f"{error['ctx']['max_length']:,}"), False)
    if kind == "value_error" and "control character" in error["msg"]:
        return (*message("control-character", name=name, problem=error["ctx"]["error"]), False)
    if kind == "extra_forbidden" and "quotes" not in loc[:-1]:
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
        written = _shown(error.get("input"))
        problem = (f"date '{written}': {error['ctx']['error']}"
                   if kind == "value_error" else f"date '{written}' is not a valid date")
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
            "organisations": "organisation", "events": "event",
            "topics": "topic"}.get(section, section)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""
