"""The query language: turn what a person typed into a command, a kind and filters.

Parsing needs to know the fact base's words (entity names, topic synonyms, the
words facts contain), which it gets through the small `Vocabulary` protocol, so
the parser does not care how candidates are later found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from .commands import COMMAND_BY_WORD, Command
from .kinds import KIND_BY_WORD, KINDS
from .replies.keywords import Keywords
from .replies.questions import CHANGE_WORDS, COMPARE_WORDS
from .replies.temporal import ORDER_WORDS, Order, order_of, year_range
from .replies.wordlist import is_real_word
from .text import SOFT_WORDS, STOPWORDS, stem, words

FilterField = Literal["kind", "date", "people", "countries", "location", "organisations",
                      "events", "topics", "term", "foreign"]


@dataclass(frozen=True)
class Filter:
    """One condition every result must meet; a fact meets it by matching any of `values`."""

    field: FilterField
    values: tuple[str, ...]
    label: str  # what it means, for "Understood: ..."
    typed: str = ""  # the words that asked for it, to rebuild a query without it


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    command: Command
    kind: str | None = None
    filters: tuple[Filter, ...] = ()
    rank_terms: tuple[str, ...] = ()  # stems that order the results without filtering them
    unknown: tuple[str, ...] = ()  # words that match nothing in the fact base
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, understood as) for typos
    fact_id: str | None = None
    order: Order | None = None  # "newest" for last / latest, "oldest" for first / earliest


def without_each(query: ParsedQuery) -> list[ParsedQuery]:
    """The query with each of its conditions dropped in turn: its filters in order, then
    its kind if it has one (the order Retriever.counts_without_each counts them in)."""
    dropped = [replace(query, filters=query.filters[:at] + query.filters[at + 1:])
               for at in range(len(query.filters))]
    if query.kind:
        dropped.append(replace(query, kind=None))
    return dropped


class Vocabulary(Protocol):
    """What the parser needs to know about the fact base."""

    def phrase(self, stems: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
        """(section, id, name) of entities whose name or alias is exactly these stems."""

    def longest_phrase_from(self, first: str) -> int:
        """How many words the longest name starting with this stem has (0: none does)."""

    def has_term(self, stem_: str) -> bool:
        """Whether any fact's text contains this stem."""

    def knows(self, stem_: str) -> bool:
        """Whether this stem is in any fact's text or any entity's name."""

    def correct(self, word: str) -> str | None:
        """The known word a typo most likely meant, or None."""


# Words that only ever select a kind; a cue like "summit" or "statement" may also name an
# entity ("China-Central Asia Summit", "joint statement") and is kept for matching too.
_PURE_CUES = frozenset().union(*(kind.pure_cues for kind in KINDS))
_KINDS_BY_CUE_RANK = sorted(KINDS, key=lambda kind: kind.cue_rank)

_MONTH_WORDS = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"))
MONTHS = {name: number for number, names in enumerate(_MONTH_WORDS, start=1) for name in names}
MONTH_NAMES = [names[0].capitalize() for names in _MONTH_WORDS]  # English in any locale
_YEAR = re.compile(r"^(19|20)\d\d$")
_UPPERCASE_US = re.compile(r"\bU\.?S\.?A?\b")  # "US", "U.S.A.": the country, not "us"
_LOCATION_WORDS = frozenset({"in", "at", "to", "visit", "visited", "visits", "visiting"})
# "in Kazakhstan", "visit Kyrgyzstan": where, not whose side

# Places and bodies the fact base does not cover, so that "the US" or "Ukraine" is
# recognised as a subject the answer must be about, never dropped as noise.
FOREIGN = {
    phrase: label for label, phrases in {
        "the United States": ("united states", "usa", "america", "american", "washington"),
        "Russia": ("russia", "russian", "moscow", "kremlin"),
        "Ukraine": ("ukraine", "ukrainian", "kyiv", "kiev"),
        "the European Union": ("european union", "eu", "europe", "brussels"),
        "NATO": ("nato",),
        "India": ("india", "indian"), "Pakistan": ("pakistan",), "Japan": ("japan", "japanese"),
        "Korea": ("korea", "korean"), "Iran": ("iran",), "Turkey": ("turkey", "turkiye"),
        "Afghanistan": ("afghanistan", "afghan"), "Tajikistan": ("tajikistan", "tajik"),
        "Turkmenistan": ("turkmenistan",), "Mongolia": ("mongolia",),
        "the United Kingdom": ("united kingdom", "britain", "british", "uk"),
        "Germany": ("germany",), "France": ("france",),
    }.items() for phrase in phrases
}
_FOREIGN_LONGEST = {  # first word -> most words of a phrase starting with it
    first: max(len(p.split()) for p in FOREIGN if p.split()[0] == first)
    for first in {p.split()[0] for p in FOREIGN}}
_NOISE = (STOPWORDS | _PURE_CUES | frozenset().union(*(kind.cues for kind in KINDS))
          | frozenset(ORDER_WORDS) | COMPARE_WORDS | CHANGE_WORDS)
_HEAD_WORDS = Keywords([*COMMAND_BY_WORD, *KIND_BY_WORD])  # a command or kind mistyped
_CUE_WORDS = Keywords(_NOISE - STOPWORDS)  # a cue word mistyped


def parse(text: str, vocabulary: Vocabulary) -> ParsedQuery:
    """Parse one query: `help`, `meetings 2022`, `fact <id>`, or a plain question."""
    raw = text.strip()
    tokens = words(raw)
    if not tokens:
        return ParsedQuery(raw, "help")
    head = tokens[0]
    first, *named = raw.split(maxsplit=1)  # the first word as typed, and the rest
    if COMMAND_BY_WORD.get(first.lower()) == "help":  # "?" is no word to words()
        return ParsedQuery(raw, "help")
    if COMMAND_BY_WORD.get(head) == "fact" and (named or tokens == [head]):
        # "fact" alone asks for a fact without naming it: the answer says how to
        return ParsedQuery(raw, "fact", fact_id=named[0].strip().strip("`<>") if named else "")
    command: Command = "search"
    kind = None
    rest = tokens
    corrections = []
    if (head not in COMMAND_BY_WORD and head not in KIND_BY_WORD
            and not vocabulary.knows(stem(head))):
        meant = _HEAD_WORDS.closest(head)  # "meetigns 2022"
        if meant is not None:
            corrections.append((head, meant))
            head = tokens[0] = meant
    if head in COMMAND_BY_WORD and COMMAND_BY_WORD[head] != "fact":
        command, rest = COMMAND_BY_WORD[head], tokens[1:]
        if command in ("help", "sources"):
            return ParsedQuery(raw, command)
    elif head in KIND_BY_WORD:
        kind, rest = KIND_BY_WORD[head], tokens[1:]
    return _parse_words(raw, rest, command, kind, vocabulary,
                        uppercase_us=bool(_UPPERCASE_US.search(raw)),
                        corrections=corrections)


@dataclass
class _State:
    filters: list[Filter] = field(default_factory=list)
    rank_terms: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    corrections: list[tuple[str, str]] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    date_words: list[str] = field(default_factory=list)

    def add(self, new: Filter) -> None:
        """Add a condition; names of the same field widen each other ("Xi and Japarov")."""
        for index, old in enumerate(self.filters):
            if old.field == new.field and new.field != "term":
                values = tuple(dict.fromkeys(old.values + new.values))
                label = old.label if set(new.values) <= set(old.values) \
                    else f"{old.label} or {new.label}"
                self.filters[index] = Filter(old.field, values, label, f"{old.typed} {new.typed}")
                return
        self.filters.append(new)


def _parse_words(raw: str, tokens: list[str], command: Command, kind: str | None,
                 vocabulary: Vocabulary, uppercase_us: bool,
                 corrections: list[tuple[str, str]]) -> ParsedQuery:
    state = _State(corrections=corrections)
    if uppercase_us:
        state.add(Filter("foreign", ("the United States",), "the United States", "US"))
    tokens = [_respell(token, vocabulary, state) for token in tokens]
    if kind is None and command == "search":
        kind = _kind_from_cues(tokens)
    span = year_range(tokens)
    if span is not None:  # "since 2022": every year from 2022 on
        state.add(Filter("date", span.years, span.label,
                         " ".join(tokens[i] for i in sorted(span.used))))
    stemmed = [stem(token) for token in tokens]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if span is not None and i in span.used:
            i += 1
            continue
        if (token in _NOISE and token not in MONTHS and token not in _FOREIGN_LONGEST
                and not vocabulary.longest_phrase_from(stemmed[i])):
            i += 1  # "what", "did", "say": nothing to match, said quickly
            continue
        consumed = (_match_entity(tokens, stemmed, i, vocabulary, state)
                    or _match_date(tokens, i, state))
        if consumed:
            i += consumed
            continue
        _match_word(tokens[i], stemmed[i], vocabulary, state)
        i += 1
    _add_date_filter(state)
    return ParsedQuery(raw, command, kind, tuple(state.filters), tuple(state.rank_terms),
                       tuple(state.unknown), tuple(state.corrections), None,
                       order_of(tokens))


def _kind_from_cues(tokens: list[str]) -> str | None:
    present = set(tokens)
    for kind in _KINDS_BY_CUE_RANK:
        if present & kind.cues:
            return kind.name
    return None


def _match_entity(tokens: list[str], stemmed: list[str], i: int, vocabulary: Vocabulary,
                  state: _State) -> int:
    """Longest entity name starting at token i; returns how many tokens it used."""
    longest = max(vocabulary.longest_phrase_from(stemmed[i]), _FOREIGN_LONGEST.get(tokens[i], 0))
    for length in range(min(longest, len(tokens) - i), 0, -1):
        span = tokens[i:i + length]
        if length == 1 and (span[0] in STOPWORDS or span[0] in _PURE_CUES):
            break
        phrase = " ".join(span)
        if phrase in FOREIGN:
            state.add(Filter("foreign", (FOREIGN[phrase],), FOREIGN[phrase], phrase))
            return length
        matches = vocabulary.phrase(tuple(stemmed[i:i + length]))
        if not matches:
            continue
        by_section: dict[str, list[tuple[str, str]]] = {}
        for section, entity_id, name in matches:
            by_section.setdefault(section, []).append((entity_id, name))
        # One name may stand for several things ("Beijing": a place, also an occasion word).
        section = next(s for s in ("people", "events", "topics", "organisations", "places",
                                   "countries")
                       if s in by_section)
        found = by_section[section]
        if section == "countries" and i > 0 and tokens[i - 1] in _LOCATION_WORDS:
            section = "location"
        if section == "places":
            section = "location"
        label = " or ".join(name for _, name in found)
        if section == "location":
            label = f"in {label}"
        state.add(Filter(section, tuple(entity_id for entity_id, _ in found), label,  # type: ignore[arg-type]
                         phrase))
        # the name's words rank its facts; "and" or "of" in it would only favour long texts
        state.rank_terms.extend(stem_ for token, stem_ in zip(span, stemmed[i:i + length],
                                                              strict=True)
                                if token not in STOPWORDS)
        return length
    return 0


def _match_date(tokens: list[str], i: int, state: _State) -> int:
    token = tokens[i]
    if _YEAR.match(token):
        state.years.append(token)
        state.date_words.append(token)
        return 1
    if token in MONTHS and not (token == "may" and i + 1 < len(tokens)
                                and not _YEAR.match(tokens[i + 1])):
        state.months.append(MONTHS[token])
        state.date_words.append(token)
        return 1
    return 0


def _add_date_filter(state: _State) -> None:
    if not (state.years or state.months):
        return
    # each once, in the order asked: "may 2022 and may 2022" is May 2022, not May 2022
    # or May 2022 (a long message of dates made thousands of pairs, 13 ms of filters)
    years, months = dict.fromkeys(state.years), dict.fromkeys(state.months)
    if years and months:
        values = tuple(f"{y}-{m:02d}" for y in years for m in months)
    elif years:
        values = tuple(years)
    else:
        values = tuple(f"--{m:02d}" for m in months)
    names = [_date_label(v) for v in values]
    state.add(Filter("date", values, " or ".join(names), " ".join(state.date_words)))


def _date_label(value: str) -> str:
    if value.startswith("--"):
        return MONTH_NAMES[int(value[2:]) - 1]
    if len(value) == 7:
        return f"{MONTH_NAMES[int(value[5:]) - 1]} {value[:4]}"
    return value


def _respell(token: str, vocabulary: Vocabulary, state: _State) -> str:
    """Read a word the fact base does not know as the known word it is a typo of, if any."""
    if (len(token) < 4 or token in _NOISE or token in MONTHS or token in FOREIGN
            or token.isdigit() or vocabulary.knows(stem(token)) or is_real_word(token)):
        return token  # a real English word is meant as typed, never a slip ("tied", "trace")
    corrected = _CUE_WORDS.closest(token) or vocabulary.correct(token)
    if corrected is None:
        return token
    state.corrections.append((token, corrected))
    return corrected


def _match_word(token: str, stemmed: str, vocabulary: Vocabulary, state: _State) -> None:
    if token in _NOISE:
        return
    if stemmed in SOFT_WORDS:
        state.rank_terms.append(stemmed)
    elif vocabulary.has_term(stemmed):
        state.add(Filter("term", (stemmed,), token, token))
        state.rank_terms.append(stemmed)
    else:
        state.unknown.append(token)
