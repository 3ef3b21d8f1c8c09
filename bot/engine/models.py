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
from .problems import first_unprintable

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# ASCII digits only: `\d` also matches Arabic-Indic and fullwidth digits, which int() reads
# but every comparison of dates as text would sort before any real date.
_DATE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
DATE_PATTERN = rf"^{_DATE}$"
FACT_ID_PATTERN = rf"^({'|'.join(KIND_NAMES)})-({_DATE})-[a-z0-9]+(?:-[a-z0-9]+)*$"


def _check_calendar(value: str) -> str:
    """Reject dates such as 2025-02-30 that match the pattern but not the calendar."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        raise ValueError(f"month {parts[1]:02d} does not exist; write YYYY, YYYY-MM or YYYY-MM-DD")
    if len(parts) == 3 and not 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]:
        raise ValueError(f"{value} is not a day of the calendar")
    return value


# Longest a field may be. A fact is read in a chat reply: a name or an id fits on a line, a
# summary is a sentence, a quote the few sentences a fact rests on. Bounds keep a fact base
# from a pull request small to check, index and render, whatever it holds.
MAX_ID_CHARS = 120
MAX_NAME_CHARS = 300  # names, aliases, roles, documents, occasions, venues
MAX_TEXT_CHARS = 1500  # summaries and quotes
MAX_LIST_ITEMS = 50  # aliases or synonyms of an entity, quotes of a fact

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_ID_CHARS)]
FactRef = Annotated[str, StringConstraints(max_length=MAX_ID_CHARS)]  # a fact's id, checked later


def _printable_text(value: str) -> str:
    """Text a person reads: no terminal escapes or bidirectional overrides (YAML's "\\e")."""
    found = first_unprintable(value, allowed="\n\t")
    if found:
        raise ValueError(f"control character U+{ord(found):04X}")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                        max_length=MAX_NAME_CHARS),
                 AfterValidator(_printable_text)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                            max_length=MAX_TEXT_CHARS),
                     AfterValidator(_printable_text)]
FactDate = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    StringConstraints(pattern=DATE_PATTERN),
    AfterValidator(_check_calendar),
    Field(description="YYYY, YYYY-MM or YYYY-MM-DD: only as precise as the source is."),
]
Stance = Literal["assessment", "commitment", "proposal", "support", "opposition"]
# A side that is both countries at once: a joint outcome, or "urged the two sides".
BOTH_SIDES = "both-sides"
# How the source ties an agreement to a meeting: reached at it, signed after it ("Following
# the meeting"), or only reported in the same article, with no word on when.
MeetingLink = Literal["at", "after", "reported-with"]
QuoteLocation = Literal["body", "caption"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


# --- entities ---------------------------------------------------------------------------------


class Entity(Frozen):
    id: Slug = Field(description="Stable lower-case id, words joined by hyphens.")
    name: Text = Field(description="The name shown to readers.")
    aliases: tuple[Text, ...] = Field(
        default=(), max_length=MAX_LIST_ITEMS,
        description="Every other spelling or short form people use or type."
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
    within: Slug | None = Field(
        default=None, description="Place id of the city a venue is in (a hall in Beijing).")


class Event(Entity):
    """A summit, games or other gathering that facts belong to; not the organisation behind it."""

    place: Slug | None = Field(default=None, description="Place id where it was held.")
    date: FactDate | None = Field(default=None, description="When it was held, as precise as "
                                  "the sources say.")


class Organisation(Entity):
    pass


class Topic(Entity):
    synonyms: tuple[Text, ...] = Field(
        default=(), max_length=MAX_LIST_ITEMS,
        description="Words and phrases people type for this topic (abbreviations too)."
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
    text: LongText = Field(description="Word for word from the source (whitespace may differ).")
    location: QuoteLocation | None = Field(
        default=None, description="body, or caption for a photo caption.")
    paragraph: int | None = Field(
        default=None, ge=1,
        description="Paragraph of the seed text it is in: its blank-line-separated blocks "
        "after the front matter, counted from 1.")


class FactCommon(Frozen):
    id: str = Field(
        pattern=FACT_ID_PATTERN, max_length=MAX_ID_CHARS,
        description="<kind>-<date>-<slug>, e.g. meeting-2025-06-17-xi-japarov-astana.",
    )
    date: FactDate
    summary: LongText = Field(description="One plain sentence saying what happened, in your words.")
    place: Slug | None = Field(default=None, description="Place id where it happened.")
    topics: tuple[Slug, ...] = Field(default=(), description="Topic ids the fact is about.")
    organisations: tuple[Slug, ...] = Field(default=(), description="Organisation ids it names.")
    countries: tuple[Slug, ...] = Field(
        default=(), description="Other countries it names, not its sides (Uzbekistan in a "
        "railway's name).")
    event: Slug | None = Field(
        default=None, description="Event id it belongs to (a summit); facts said at a meeting "
        "belong to the meeting's event.")
    reported_by: Slug | None = Field(
        default=None, description="Person id who recalled it later, when the source reports an "
        "earlier event through someone.")
    reported_on: FactDate | None = Field(
        default=None, description="When reported_by recalled it.")
    reported_at: FactRef | None = Field(
        default=None, description="Id of the meeting fact where reported_by recalled it.")
    refers_to: FactDate | None = Field(
        default=None, description="Date of an earlier event it speaks of, as the source implies "
        "it ('33 years ago' in 2025: \"1992\").")
    replaces: tuple[FactRef, ...] = Field(
        default=(), description="Former ids of this fact (say, before its date was corrected): "
        "they keep resolving in 'fact <id>'.")
    quotes: tuple[Quote, ...] = Field(min_length=1, max_length=MAX_LIST_ITEMS,
                                      description="Verbatim evidence, one or more.")


class Meeting(FactCommon):
    kind: Literal["meeting"] = Field(description="meeting: people met (who, where, when).")
    participants: tuple[Slug, ...] = Field(min_length=2, description="Person ids who met.")
    occasion: Text | None = Field(
        default=None, description="Why or where it was held, in the source's terms.")
    venue: Text | None = Field(
        default=None, description="Building or hall, as the source names it (its place id, "
        "if it has one, goes in 'place').")

    @property
    def people(self) -> tuple[str, ...]:
        return self.participants


class Agreement(FactCommon):
    kind: Literal["agreement"] = Field(
        description="agreement: a document signed or issued (what, by whom, when).")
    document: Text = Field(description="What was signed or issued, as the source names it.")
    parties: tuple[Slug, ...] = Field(min_length=1, description="Country ids of the parties.")
    party_leaders: tuple[Slug, ...] = Field(
        default=(), description="Person ids who are parties in person (a statement 'between "
        "the two heads of state').")
    signed_by: tuple[Slug, ...] = Field(default=(), description="Person ids who signed it.")
    witnessed_by: tuple[Slug, ...] = Field(
        default=(), description="Person ids who witnessed the signing (not parties to it).")
    fields: tuple[Slug, ...] = Field(default=(), description="Topic ids of the fields it covers.")
    meeting: FactRef | None = Field(default=None, description="Id of the meeting it is tied to.")
    meeting_link: MeetingLink | None = Field(
        default=None, description="How the source ties it to the meeting: at, after, or "
        "reported-with (same article, no word on when).")

    @property
    def people(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.party_leaders, *self.signed_by, *self.witnessed_by)))


class Position(FactCommon):
    kind: Literal["position"] = Field(
        description="position: what one side said (view, commitment, proposal, support...).")
    speaker: Slug | None = Field(default=None, description="Person id who said it.")
    side: Slug = Field(
        description=f"Country id of the side the position belongs to, or {BOTH_SIDES}.")
    recipient: Slug | None = Field(
        default=None, description=f"Country id it is addressed to or made with, or {BOTH_SIDES} "
        "(Xi 'urged the two sides').")
    stance: Stance = Field(description="assessment, commitment, proposal, support or opposition.")
    meeting: FactRef | None = Field(default=None,
                                    description="Id of the meeting where it was said.")

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
    events: tuple[Event, ...] = Field(
        default=(), description="Summits, games and other gatherings facts belong to.")
    topics: tuple[Topic, ...] = Field(
        default=(), description="What facts are about, with the words people type for each.")


ENTITY_SECTIONS: dict[str, type[Entity]] = {
    "people": Person,
    "countries": Country,
    "places": Place,
    "organisations": Organisation,
    "events": Event,
    "topics": Topic,
}


def fact_id_date(fact_id: str) -> str | None:
    """The date part of a conventional fact id, or None."""
    match = re.match(FACT_ID_PATTERN, fact_id)
    return match.group(2) if match else None
