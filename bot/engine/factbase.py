"""The loaded fact base: facts in display order plus the entities and sources they name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from .models import AnyFact, Country, Entity, Organisation, Person, Place, Source, Topic


@dataclass(frozen=True)
class FactBase:
    facts: tuple[AnyFact, ...]  # newest first, then by id: the order results are shown in
    sources: Mapping[str, Source]
    people: Mapping[str, Person]
    countries: Mapping[str, Country]
    places: Mapping[str, Place]
    organisations: Mapping[str, Organisation]
    topics: Mapping[str, Topic]

    @classmethod
    def build(cls, facts: Iterable[AnyFact], sources: Mapping[str, Source],
              entities: Mapping[str, Mapping[str, Entity]]) -> FactBase:
        ordered = sorted(sorted(facts, key=lambda f: f.id), key=lambda f: f.date, reverse=True)
        return cls(tuple(ordered), dict(sources),
                   *(dict(entities.get(section, {})) for section in
                     ("people", "countries", "places", "organisations", "topics")))  # type: ignore[arg-type]

    @cached_property
    def by_id(self) -> Mapping[str, AnyFact]:
        return {fact.id: fact for fact in self.facts}

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
            return (fact.side,)
        countries = (self.people[p].country for p in fact.participants if p in self.people)
        return tuple(dict.fromkeys(c for c in countries if c))

    def location(self, fact: AnyFact) -> tuple[str, ...]:
        """The fact's place and the country it is in, for 'in Astana' or 'in Kazakhstan'."""
        if fact.place is None:
            return ()
        place = self.places.get(fact.place)
        country = place.country if place is not None else None
        return (fact.place, country) if country else (fact.place,)
