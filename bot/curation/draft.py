"""`relations draft seeds/<file>`: candidate facts for a new article, as YAML for a person to edit.

One candidate per body sentence with a meeting, signing or statement cue: the quote is the
sentence itself (verbatim, so the checker accepts it), known entities are recognised by
their names and aliases, and the date comes from the article's own dateline. Nothing is
written to facts/: the curator saves, trims and corrects what is worth keeping.
"""

from __future__ import annotations

import calendar
import json
import re
import textwrap
from collections.abc import Sequence
from datetime import date as Date
from pathlib import Path

from bot.engine.factbase import FactBase
from bot.engine.kinds import KIND_BY_ARTICLE_CUE
from bot.engine.loader import display_path
from bot.engine.locations import layout
from bot.engine.models import Entity, Source
from bot.engine.sentences import Sentence, split_sentences
from bot.engine.sources import normalize_space, read_source

from .coverage import COVERED_SHARE, coverage

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_FULL_DATE = re.compile(rf"\b({_MONTH_NAMES})\.? (\d{{1,2}}), (\d{{4}})\b", re.IGNORECASE)
_IN_MONTH = re.compile(rf"\bin ({_MONTH_NAMES})\b(?!\.? \d)", re.IGNORECASE)
_WEEKDAY = re.compile(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_PRONOUN = re.compile(r"^(?:He|She)\b|\b(?:he|she) (?:said|added|noted|urged|called)\b")
_SECTIONS = ("people", "countries", "places", "organisations", "topics")
_STANCES = (
    ("opposition", ("oppose", "opposes", "opposed", "against")),
    ("support", ("support", "supports", "supported", "welcomes", "backs")),
    ("proposal", ("urged", "urging", "called on", "calling on", "proposed", "suggested")),
    ("commitment", ("willing", "willingness", "ready", "will", "committed", "expects")),
)


def draft_yaml(source_path: Path, fact_base: FactBase) -> str:
    """The draft YAML for one seed file (a complete fact file, to save under facts/ and edit)."""
    source = _source(source_path, fact_base)
    if source is None:
        return f"# {display_path(source_path)} could not be read: run 'relations check' first.\n"
    matcher = _EntityMatcher(fact_base)
    covered = _covered_shares(source, fact_base)
    existing = {fact.id for fact in fact_base.facts}
    dateline_place = matcher.first("places", source.dateline)
    lines = [
        "# yaml-language-server: $schema=./schema.json",
        f"# DRAFT facts for {source.id}: \"{normalize_space(source.headline)}\"",
        f"# ({source.publisher}, {source.dateline}, {source.published.isoformat()}).",
        f"# Proposed by 'relations draft {display_path(source_path)}'.",
        f"# Save as facts/{source.id}.yaml, then for each candidate: keep or delete it, end the",
        "# quote after the words the fact rests on (keep its start, where the sentence names who",
        "# speaks), write the summary in the quote's modality, resolve every TODO, and run",
        "# 'relations check' until it reports no errors.",
        "facts:",
    ]
    last_person: str | None = None
    seen_people: list[str] = []
    meetings: dict[str, str] = {}  # date -> the draft's meeting on that date
    candidates = 0
    for sentence in split_sentences(source):
        people = matcher.all("people", sentence.text)
        seen_people += [p for p in people if p not in seen_people]
        cues = sentence.cues()
        if sentence.role != "body" or not cues:
            last_person = people[0] if people else last_person
            continue
        if not people and last_person and _PRONOUN.search(sentence.quotable):
            people = [last_person]
        kind = _kind_of(cues)
        day = _date(sentence.quotable, source.published)
        place = matcher.first("places", sentence.quotable) or dateline_place
        fact_id = _unique_id(kind, day, _slug(kind, people, matcher, sentence, fact_base),
                             existing)
        existing.add(fact_id)
        candidates += 1
        lines.append("")
        cue_text = "; ".join(f"{k}: {', '.join(v)}" for k, v in cues.items())
        lines.append(f"  # {source.path}:{sentence.line} ({cue_text})")
        share = covered.get(sentence.start, 0.0)
        if share >= COVERED_SHARE:
            lines.append("  # ALREADY QUOTED by an existing fact: delete this candidate or merge")
        lines += _candidate(kind, fact_id, day, place, people, sentence, matcher, fact_base,
                            source, seen_people, meetings.get(day))
        if kind == "meeting":
            meetings.setdefault(day, fact_id)
        last_person = people[0] if people else last_person
    if not candidates:
        lines.append("  []  # no sentence with a meeting, signing or statement cue")
    return "\n".join(lines) + "\n"


def _source(source_path: Path, fact_base: FactBase) -> Source | None:
    """The source as loaded with the fact base, or read directly (a seed not yet in seeds/)."""
    wanted = Path(source_path).resolve()
    for source in fact_base.sources.values():
        if source.path and Path(source.path).resolve() == wanted:
            return source
    if not wanted.is_file():
        return None
    loaded, _problems = read_source(wanted, display_path(wanted))
    return loaded


def _covered_shares(source: Source, fact_base: FactBase) -> dict[int, float]:
    """Each sentence's share quoted by facts, by its start: only for the source the fact
    base loaded from this very file (a new seed has none)."""
    loaded = fact_base.sources.get(source.id)
    if loaded is None or loaded.path != source.path:
        return {}
    quotes = {normalize_space(quote.text) for fact in fact_base.facts for quote in fact.quotes
              if quote.source == source.id}
    found = coverage(source, quotes)
    return {s.start: share for s, share in zip(found.sentences, found.shares, strict=True)}


def _candidate(kind: str, fact_id: str, day: str, place: str | None, people: list[str],
               sentence: Sentence, matcher: _EntityMatcher, fact_base: FactBase,
               source: Source, seen_people: list[str], meeting: str | None) -> list[str]:
    topics = matcher.all("topics", sentence.quotable)
    organisations = matcher.all("organisations", sentence.quotable)
    out = [f"  - id: {fact_id}  # TODO: a slug saying what it is about",
           f"    kind: {kind}",
           f"    date: \"{day}\"",
           "    summary: \"TODO: one plain sentence, in your words, saying what happened\""]
    out.append(f"    place: {place}" if place else "    # place: TODO place id, if named")
    if kind == "meeting":
        out.append(f"    participants: {_flow(people)}" + ("" if len(people) >= 2 else
                                                          "  # TODO: at least two person ids"))
    elif kind == "agreement":
        countries = (_countries(people, fact_base) or matcher.all("countries", sentence.quotable)
                     or _countries(list(seen_people), fact_base))
        out.append(f"    document: {json.dumps(_document(sentence.quotable))}  # TODO: check")
        out.append(f"    parties: {_flow(countries)}  # TODO: check")
        if people:
            out.append(f"    witnessed_by: {_flow(people)}  # TODO: or party_leaders, if the "
                       "document is theirs ('between the two heads of state')")
        if topics:
            out.append(f"    fields: {_flow(topics)}")
    else:
        speaker = people[0] if people else None
        side = _countries([speaker], fact_base) if speaker else []
        out.append(f"    speaker: {speaker}" if speaker else "    # speaker: TODO person id")
        out.append(f"    side: {side[0]}" if side else "    side: TODO  # country id of the side")
        out.append(f"    stance: {_stance(sentence.quotable)}  # TODO: check (assessment, "
                   "commitment, proposal, support or opposition)")
        out.append("    # recipient: TODO country id it is addressed to or made with, or "
                   "both-sides")
    if meeting and kind != "meeting":
        out.append(f"    meeting: {meeting}  # TODO: check it was said or signed there")
        if kind == "agreement":
            out.append("    meeting_link: " + ("after" if sentence.quotable.lower().startswith(
                "following the meeting") else "reported-with  # TODO: at, after or "
                "reported-with, as the source says"))
    if organisations:
        out.append(f"    organisations: {_flow(organisations)}")
    if topics:
        out.append(f"    topics: {_flow(topics)}")
    out += ["    quotes:", f"      - source: {source.id}", "        text: >-"]
    out += textwrap.wrap(sentence.quotable, width=92, initial_indent=" " * 10,
                         subsequent_indent=" " * 10, break_long_words=False,
                         break_on_hyphens=False)
    location, paragraph = layout(source).locations(sentence.quotable)[0]
    out.append(f"        location: {location}")
    if len(layout(source).paragraph_starts) > 1:
        out.append(f"        paragraph: {paragraph}")
    return out


class _EntityMatcher:
    """Finds known entities in a sentence by id-words, name, aliases (and topic synonyms)."""

    def __init__(self, fact_base: FactBase):
        self.patterns: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for section in _SECTIONS:
            entries = []
            for entity in fact_base.section(section).values():
                names = sorted({n for n in _names(entity) if len(n) >= 2}, key=len, reverse=True)
                if not names:
                    continue
                alternatives = "|".join(re.escape(n) for n in names)
                flags = re.IGNORECASE if section == "topics" else 0
                entries.append((entity.id, re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])",
                                                      flags)))
            self.patterns[section] = entries
        # "The Chinese president said": an office held by one known person names that person.
        roles: dict[str, list[str]] = {}
        for person in fact_base.people.values():
            if person.role:
                roles.setdefault(person.role.lower(), []).append(person.id)
        for role, holders in roles.items():
            if len(holders) == 1:
                self.patterns["people"].append(
                    (holders[0], re.compile(rf"(?<![\w-]){re.escape(role)}(?![\w-])",
                                            re.IGNORECASE)))

    def all(self, section: str, text: str) -> list[str]:
        """Ids of the entities named in `text`, in order of first mention."""
        found: dict[str, int] = {}
        for entity_id, pattern in self.patterns[section]:
            match = pattern.search(text)
            if match:
                found[entity_id] = min(match.start(), found.get(entity_id, len(text)))
        return sorted(found, key=lambda entity_id: found[entity_id])

    def first(self, section: str, text: str) -> str | None:
        found = self.all(section, text)
        return found[0] if found else None


def _names(entity: Entity) -> tuple[str, ...]:
    return entity.names


def _countries(people: Sequence[str | None], fact_base: FactBase) -> list[str]:
    result = []
    for person_id in people:
        person = fact_base.people.get(person_id or "")
        if person is not None and person.country and person.country not in result:
            result.append(person.country)
    return result


def _date(text: str, published: Date) -> str:
    """The date the sentence reports: an explicit date, 'in <Month>', or the dateline's day.

    'On Tuesday' and the like are relative to the dateline, so they take the publication
    date; a bare month takes the publication year, or the year before for a later month.
    """
    full = _FULL_DATE.search(text)
    if full:
        month = _MONTHS[full.group(1).lower()]
        return f"{int(full.group(3)):04d}-{month:02d}-{int(full.group(2)):02d}"
    month_only = _IN_MONTH.search(text)
    if month_only and not _WEEKDAY.search(text):
        month = _MONTHS[month_only.group(1).lower()]
        year = published.year - 1 if month > published.month else published.year
        return f"{year:04d}-{month:02d}"
    return published.isoformat()


def _kind_of(cues: dict[str, list[str]]) -> str:
    """The kind a sentence reports: a signing outweighs a meeting, a meeting a statement."""
    return min((KIND_BY_ARTICLE_CUE[cue] for cue in cues), key=lambda kind: kind.article_rank).name


def _slug(kind: str, people: list[str], matcher: _EntityMatcher, sentence: Sentence,
          fact_base: FactBase) -> str:
    parts = [_short_name(fact_base, p) for p in people[: 1 if kind == "position" else 2]]
    if kind == "meeting":
        place = matcher.first("places", sentence.quotable)
        parts += [place] if place else []
    else:
        parts += matcher.all("topics", sentence.quotable)[:1] or ["todo"]
    return "-".join(parts) or "todo"


def _short_name(fact_base: FactBase, person_id: str) -> str:
    """'xi' for xi-jinping, 'japarov' for sadyr-japarov: the shortest one-word name."""
    person = fact_base.people.get(person_id)
    names = [n for n in (person.names if person else ())
             if " " not in n and "." not in n and n.isascii()]  # Си, 习近平: not for ids
    if names:
        return re.sub(r"[^a-z0-9]+", "-", min(names, key=len).lower()).strip("-")
    return person_id


def _unique_id(kind: str, day: str, slug: str, taken: set[str]) -> str:
    candidate = f"{kind}-{day}-{slug}"
    number = 2
    while candidate in taken:
        candidate = f"{kind}-{day}-{slug}-{number}"
        number += 1
    return candidate


def _stance(text: str) -> str:
    lowered = text.lower()
    for stance, words in _STANCES:
        if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words):
            return stance
    return "assessment"


def _document(text: str) -> str:
    """What was signed or issued: the words after the signing verb, up to the first comma."""
    match = re.search(r"\b(?:signed|issued|signing of|sign)\s+(?:an?\s+|the\s+)?([^,.;]+)", text)
    return match.group(1).strip() if match else "TODO: what was signed, as the source names it"


def _flow(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]"
