"""The fact model: frozen, typed pydantic objects that every front end reads.

A fact file is YAML whose top level may hold any of the sections in `FactFile`;
the loader (`bot.engine.loader`) turns each entry into one of these models, so a
value that gets past loading is known to be well formed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date as Date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from .kinds import KIND_NAMES

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"
FACT_ID_PATTERN = (
    rf"^({'|'.join(KIND_NAMES)})-(\d{{4}}(?:-\d{{2}}(?:-\d{{2}})?)?)-[a-z0-9]+(?:-[a-z0-9]+)*$"
)


def _check_calendar(value: str) -> str:
    """Reject dates such as 2025-02-30 that match the pattern but not the calendar."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        raise ValueError(f"month {parts[1]:02d} does not exist; write YYYY, YYYY-MM or YYYY-MM-DD")
    if len(parts) == 3 and not 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]:
        raise ValueError(f"{value} is not a day of the calendar")
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
FactDate = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    StringConstraints(pattern=DATE_PATTERN),
    AfterValidator(_check_calendar),
    Field(description="YYYY, YYYY-MM or YYYY-MM-DD: only as precise as the source is."),
]
Stance = Literal["assessment", "commitment", "proposal", "support", "opposition"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


# --- entities ---------------------------------------------------------------------------------


class Entity(Frozen):
    id: Slug = Field(description="Stable lower-case id, words joined by hyphens.")
    name: Text = Field(description="The name shown to readers.")
    aliases: tuple[Text, ...] = Field(
        default=(), description="Every other spelling or short form people use or type."
    )

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Person(Entity):
    country: Slug | None = Field(default=None, description="Country id the person speaks for.")
    role: Text | None = Field(default=None, description="Office held, as the sources give it.")


class Country(Entity):
    pass


class Place(Entity):
    country: Slug | None = Field(default=None, description="Country id the place is in.")


class Organisation(Entity):
    pass


class Topic(Entity):
    synonyms: tuple[Text, ...] = Field(
        default=(), description="Words and phrases people type for this topic (abbreviations too)."
    )

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.synonyms)


# --- sources ----------------------------------------------------------------------------------


class Source(Frozen):
    """A source article from `seeds/`: metadata from its front matter plus the verbatim text."""

    id: Slug
    headline: Text
    publisher: Text
    dateline: Text
    published: Date
    origin: str | None = None
    origin_sha256: str | None = None
    corrections: tuple[str, ...] = ()
    text: str = Field(repr=False)
    path: str = Field(default="", repr=False)


# --- facts ------------------------------------------------------------------------------------


class Quote(Frozen):
    source: Slug = Field(description="Id of the source in seeds/ the text is taken from.")
    text: Text = Field(description="Word for word from the source (whitespace may differ).")


class FactCommon(Frozen):
    id: str = Field(
        pattern=FACT_ID_PATTERN,
        description="<kind>-<date>-<slug>, e.g. meeting-2025-06-17-xi-japarov-astana.",
    )
    date: FactDate
    summary: Text = Field(description="One plain sentence saying what happened, in your words.")
    place: Slug | None = Field(default=None, description="Place id where it happened.")
    topics: tuple[Slug, ...] = Field(default=(), description="Topic ids the fact is about.")
    organisations: tuple[Slug, ...] = Field(default=(), description="Organisation ids it names.")
    quotes: tuple[Quote, ...] = Field(min_length=1, description="Verbatim evidence, one or more.")


class Meeting(FactCommon):
    kind: Literal["meeting"] = Field(description="meeting: people met (who, where, when).")
    participants: tuple[Slug, ...] = Field(min_length=2, description="Person ids who met.")
    occasion: Text | None = Field(
        default=None, description="Event the meeting was held at or for.")
    venue: Text | None = Field(
        default=None, description="Building or hall, when the source names it.")

    @property
    def people(self) -> tuple[str, ...]:
        return self.participants


class Agreement(FactCommon):
    kind: Literal["agreement"] = Field(
        description="agreement: a document signed or issued (what, by whom, when).")
    document: Text = Field(description="What was signed or issued, as the source names it.")
    parties: tuple[Slug, ...] = Field(min_length=1, description="Country ids of the parties.")
    witnessed_by: tuple[Slug, ...] = Field(
        default=(), description="Person ids who signed or witnessed.")
    fields: tuple[Slug, ...] = Field(default=(), description="Topic ids of the fields it covers.")
    meeting: str | None = Field(default=None, description="Id of the meeting it followed, if any.")

    @property
    def people(self) -> tuple[str, ...]:
        return self.witnessed_by


class Position(FactCommon):
    kind: Literal["position"] = Field(
        description="position: what one side said (view, commitment, proposal, support...).")
    speaker: Slug | None = Field(default=None, description="Person id who said it.")
    side: Slug = Field(description="Country id of the side the position belongs to.")
    stance: Stance = Field(description="assessment, commitment, proposal, support or opposition.")
    meeting: str | None = Field(default=None, description="Id of the meeting where it was said.")

    @property
    def people(self) -> tuple[str, ...]:
        return (self.speaker,) if self.speaker else ()


Fact = Annotated[Meeting | Agreement | Position, Field(discriminator="kind")]
AnyFact = Meeting | Agreement | Position
FACT_MODELS: dict[str, type[Meeting | Agreement | Position]] = {
    model.model_fields["kind"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in (Meeting, Agreement, Position)}  # kind name -> its model


class FactFile(Frozen):
    """The sections one YAML file under facts/ may hold; any file may hold any of them."""

    facts: tuple[Fact, ...] = Field(
        default=(), description="Meetings, agreements and positions, each resting on quotes.")
    people: tuple[Person, ...] = Field(default=(), description="People the facts name.")
    countries: tuple[Country, ...] = Field(default=(), description="Countries the facts name.")
    places: tuple[Place, ...] = Field(default=(), description="Cities and other places.")
    organisations: tuple[Organisation, ...] = Field(
        default=(), description="Organisations and mechanisms the facts name.")
    topics: tuple[Topic, ...] = Field(
        default=(), description="What facts are about, with the words people type for each.")


ENTITY_SECTIONS: dict[str, type[Entity]] = {
    "people": Person,
    "countries": Country,
    "places": Place,
    "organisations": Organisation,
    "topics": Topic,
}


def fact_id_date(fact_id: str) -> str | None:
    """The date part of a conventional fact id, or None."""
    match = re.match(FACT_ID_PATTERN, fact_id)
    return match.group(2) if match else None
