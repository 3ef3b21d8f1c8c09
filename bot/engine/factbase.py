"""The loaded fact base: facts in display order plus the entities and sources they name."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date as Date
from functools import cached_property
from typing import Any

from .links import former_ids
from .models import (
    BOTH_SIDES,
    ENTITY_SECTIONS,
    AnyFact,
    Country,
    Entity,
    Event,
    Organisation,
    Person,
    Place,
    Source,
    Topic,
)
from .records import FactsAt, StoredFacts
from .suggest import NearbyIds


def fact_record(fact: AnyFact) -> dict[str, Any]:
    """The fact as plain JSON data, identity and evidence first (what `ask --json` prints)."""
    data = fact.model_dump(mode="json")
    return {key: data.pop(key) for key in ("id", "kind", "date", "quotes")} | data


@dataclass(frozen=True)
class Summary:
    """What replies list about the whole fact base, gathered once at build (and stored
    with a snapshot): a reply must not scan every fact (50 ms at 100,000 facts)."""

    years_by_kind: dict[str, tuple[str, ...]]  # "" for every kind
    kind_counts: dict[str, int]
    facts_per_source: dict[str, int]
    newest_source: Date | None
    replaced: dict[str, str]  # former fact ids (a fact's `replaces`) -> the current id
    linked: dict[str, list[int]]  # meeting id -> rows of the facts tied to it
    position_sides: list[str]  # the sides positions speak for (each one's first side)

    @classmethod
    def of(cls, facts: Iterable[AnyFact], sources: Mapping[str, Source],
           sides: Callable[[AnyFact], tuple[str, ...]]) -> Summary:
        years: dict[str, set[str]] = {"": set()}
        kinds: Counter[str] = Counter()
        per_source: Counter[str] = Counter()
        linked: dict[str, list[int]] = {}
        every = list(facts)
        for row, fact in enumerate(every):
            years.setdefault(fact.kind, set()).add(fact.date[:4])
            years[""].add(fact.date[:4])
            kinds[fact.kind] += 1
            per_source.update({quote.source for quote in fact.quotes})
            meeting = vars(fact).get("meeting")
            if meeting:
                linked.setdefault(meeting, []).append(row)
        position_sides = {found[0] for fact in every if fact.kind == "position"
                          and (found := sides(fact))}
        return cls({kind: tuple(sorted(found)) for kind, found in years.items()}, dict(kinds),
                   dict(per_source),
                   max((source.published for source in sources.values()), default=None),
                   former_ids(every), linked, sorted(position_sides))

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"newest_source": self.newest_source and str(self.newest_source)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        newest = data["newest_source"]
        return cls(**data | {
            "years_by_kind": {kind: tuple(years) for kind, years in data["years_by_kind"].items()},
            "newest_source": Date.fromisoformat(newest) if newest else None})


@dataclass(frozen=True)
class FactBase:
    facts: Sequence[AnyFact]  # newest first, then by id: the order results are shown in
    sources: Mapping[str, Source]
    people: Mapping[str, Person]
    countries: Mapping[str, Country]
    places: Mapping[str, Place]
    organisations: Mapping[str, Organisation]
    topics: Mapping[str, Topic]
    events: Mapping[str, Event]
    summary: Summary = field(init=False, repr=False, compare=False)
    _json_texts: dict[str, str] = field(init=False, repr=False, compare=False)

    @classmethod
    def build(cls, facts: Iterable[AnyFact], sources: Mapping[str, Source],
              entities: Mapping[str, Mapping[str, Entity]]) -> FactBase:
        ordered = sorted(sorted(facts, key=lambda f: f.id), key=lambda f: f.date, reverse=True)
        sections = {section: dict(entities.get(section, {})) for section in ENTITY_SECTIONS}
        return cls(tuple(ordered), dict(sources), **sections)  # type: ignore[arg-type]

    def __post_init__(self) -> None:
        """Stored facts come with their summary; facts in memory are summed up here."""
        stored = self.facts.summary if isinstance(self.facts, StoredFacts) else None
        object.__setattr__(self, "summary",
                           stored or Summary.of(self.facts, self.sources, self.sides))
        object.__setattr__(self, "_json_texts", {})

    def json_text(self, fact: AnyFact) -> str:
        """`fact_record(fact)` as JSON: as stored, for stored facts; else made once per fact
        on first use and reused (pydantic's dump and json.dumps cost about 16 µs per fact,
        most of a large `ask --json` answer)."""
        if isinstance(self.facts, StoredFacts):
            return self.facts.json_text(self.row_of[fact.id])
        text = self._json_texts.get(fact.id)
        if text is None:
            text = json.dumps(fact_record(fact), ensure_ascii=False)
            self._json_texts[fact.id] = text
        return text

    def json_texts(self, facts: Sequence[AnyFact]) -> Iterator[str]:
        """`json_text` of each of `facts`; a large answer's (FactsAt) straight from the
        stored records, no model made."""
        if isinstance(facts, FactsAt):
            return facts.json_texts()
        return (self.json_text(fact) for fact in facts)

    def years(self, kind: str | None = None) -> tuple[str, ...]:
        """The years that have facts (of this kind), oldest first."""
        return self.summary.years_by_kind.get(kind or "", ())

    def fact_count(self, source_id: str) -> int:
        """How many facts quote this source."""
        return self.summary.facts_per_source.get(source_id, 0)

    @cached_property
    def row_of(self) -> Mapping[str, int]:
        """Each fact id's row in `facts` (made on first use, 20-50 ms at 100,000 facts: a
        bot's warm-up makes it)."""
        ids = self.facts.ids() if isinstance(self.facts, StoredFacts) else \
            [fact.id for fact in self.facts]
        return {fact_id: row for row, fact_id in enumerate(ids)}

    @cached_property
    def by_id(self) -> Mapping[str, AnyFact]:
        return _FactsById(self.row_of, self.facts)

    @cached_property
    def nearby_ids(self) -> NearbyIds:
        """'Did you mean' for a fact id not known (made on first use, about 50 ms at
        100,000 facts: a bot's warm-up makes it)."""
        return NearbyIds(list(self.row_of))

    @property
    def replaced(self) -> Mapping[str, str]:
        """Former fact ids (a fact's `replaces`) -> the current id."""
        return self.summary.replaced

    def linked_to(self, meeting_ids: Iterable[str]) -> list[int]:
        """Rows of the facts whose `meeting` is one of these, in display order (facts of one
        event)."""
        linked = self.summary.linked
        return sorted(row for m in meeting_ids for row in linked.get(m, ()))

    def fact(self, fact_id: str) -> AnyFact | None:
        """The fact with this id, or with this id before it was renamed."""
        found = self.by_id.get(fact_id)
        if found is None and fact_id in self.replaced:
            found = self.by_id.get(self.replaced[fact_id])
        return found

    def meeting_of(self, fact: AnyFact) -> AnyFact | None:
        meeting = vars(fact).get("meeting")
        return self.by_id.get(meeting) if meeting else None

    def event_of(self, fact: AnyFact) -> str | None:
        """The event a fact belongs to: its own, or else its meeting's."""
        if fact.event:
            return fact.event
        meeting = self.meeting_of(fact)
        return meeting.event if meeting is not None else None

    def both_sides(self, fact: AnyFact) -> tuple[str, ...]:
        """The countries 'both sides' stands for: those of the fact's meeting's participants."""
        meeting = self.meeting_of(fact)
        if meeting is not None and meeting.kind == "meeting":
            return self.sides(meeting)
        return ()

    def section(self, name: str) -> Mapping[str, Entity]:
        return getattr(self, name)

    def name(self, section: str, entity_id: str) -> str:
        entity = self.section(section).get(entity_id)
        return entity.name if entity is not None else entity_id

    def sides(self, fact: AnyFact) -> tuple[str, ...]:
        """Countries whose side the fact involves: who met, who signed, or who spoke."""
        if fact.kind == "agreement":
            return fact.parties
        if fact.kind == "position":
            return self.both_sides(fact) if fact.side == BOTH_SIDES else (fact.side,)
        countries = (self.people[p].country for p in fact.participants if p in self.people)
        return tuple(dict.fromkeys(c for c in countries if c))

    def location(self, fact: AnyFact) -> tuple[str, ...]:
        """The fact's place, the places it is within and the country, for 'in Beijing' or
        'in China' (a meeting in the Great Hall of the People is in both)."""
        found: list[str] = []
        place_id = fact.place
        while place_id is not None and place_id not in found:
            found.append(place_id)
            place = self.places.get(place_id)
            if place is None:
                break
            if place.within is None:
                if place.country:
                    found.append(place.country)
                break
            place_id = place.within
        return tuple(found)

    def location_names(self, fact: AnyFact) -> tuple[str, ...]:
        """`location` as names: ('Great Hall of the People', 'Beijing', 'China')."""
        return tuple(self.name("places" if p in self.places else "countries", p)
                     for p in self.location(fact))


class _FactsById(Mapping[str, AnyFact]):
    """Facts by id, each read from `facts` when asked for."""

    def __init__(self, row_of: Mapping[str, int], facts: Sequence[AnyFact]):
        self._row_of, self._facts = row_of, facts

    def __getitem__(self, fact_id: str) -> AnyFact:
        return self._facts[self._row_of[fact_id]]

    def __contains__(self, fact_id: object) -> bool:
        return fact_id in self._row_of

    def __iter__(self) -> Iterator[str]:
        return iter(self._row_of)

    def __len__(self) -> int:
        return len(self._row_of)
