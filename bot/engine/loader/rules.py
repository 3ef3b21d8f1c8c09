"""The rules that span files, applied once every file is read: fact ids match their kind
and date, references name known entities, quotes are word for word in their sources,
dates are possible, and every entity is used."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as Date
from typing import TYPE_CHECKING

from ..models import AnyFact, Entity, Topic, fact_id_date
from ..quotes import closest_span, word_diff
from ..sources import normalize_space, source_line
from .messages import did_you_mean, message, singular
from .where import Where

if TYPE_CHECKING:
    from .reader import Loader


def cross_check(loader: Loader) -> None:
    """The rules that span files: ids, references, quotes against sources, dates, unused."""
    used: set[tuple[str, str]] = set()
    seen_quotes: dict[tuple[str, str, str], str] = {}
    for fact in loader.facts.values():
        where = loader.fact_where[fact.id]
        _check_id(loader, fact, where)
        _check_references(loader, fact, where, used)
        _check_quotes(loader, fact, where, seen_quotes)
        _check_date(loader, fact, where)
    for section, known in loader.entities.items():
        for entity in known.values():
            where = loader.entity_where[(section, entity.id)]
            _check_entity_references(loader, section, entity, where, used)
    _warn_unused(loader, used)


def _check_id(loader: Loader, fact: AnyFact, where: Where) -> None:
    prefix = f"{fact.kind}-{fact.date}-"
    if not fact.id.startswith(prefix):
        date_part = fact_id_date(fact.id)
        slug = fact.id.split(f"-{date_part}-", 1)[-1] if date_part else fact.id
        loader.report(Where(where.file, (*where.path, "id")),
                      *message("id-not-kind-and-date", id=fact.id, prefix=prefix, slug=slug))


def _check_references(loader: Loader, fact: AnyFact, where: Where,
                      used: set[tuple[str, str]]) -> None:
    for field_name, section, ids in _references(fact):
        for position, ref in ids:
            path = (*where.path, field_name) if position is None else (*where.path, field_name,
                                                                         position)
            if section == "facts":
                target = loader.facts.get(ref)
                if ref in loader.broken_ids:
                    continue
                if target is None or target.kind != "meeting":
                    meetings = [f.id for f in loader.facts.values() if f.kind == "meeting"]
                    loader.report(Where(where.file, path),
                                  *message("not-a-meeting", field=field_name, ref=ref,
                                           suggestion=did_you_mean(ref, meetings)))
                continue
            if ref not in loader.entities[section]:
                loader.report(Where(where.file, path),
                              *message("unknown-reference", what=singular(section), ref=ref,
                                       field=field_name, section=section,
                                       suggestion=did_you_mean(ref, loader.entities[section])))
            used.add((section, ref))


def _check_entity_references(loader: Loader, section: str, entity: Entity, where: Where,
                             used: set[tuple[str, str]]) -> None:
    country = getattr(entity, "country", None)
    if country is None:
        return
    if country not in loader.entities["countries"]:
        loader.report(Where(where.file, (*where.path, "country")),
                      *message("unknown-country", country=country,
                               suggestion=did_you_mean(country, loader.entities["countries"])))
    elif (section, entity.id) in used:
        used.add(("countries", country))


def _check_quotes(loader: Loader, fact: AnyFact, where: Where,
                  seen: dict[tuple[str, str, str], str]) -> None:
    for index, quote in enumerate(fact.quotes):
        at = Where(where.file, (*where.path, "quotes", index))
        wanted = check_quote(loader, at, quote.source, quote.text)
        if wanted is None:
            continue
        key = (fact.kind, quote.source, wanted)
        if key in seen and seen[key] != fact.id:
            loader.report(Where(at.file, (*at.path, "text")),
                          *message("shared-quote", kind=fact.kind, first=seen[key], id=fact.id),
                          severity="warning")
        seen.setdefault(key, fact.id)


def check_quote(loader: Loader, where: Where, source_id: str, quote: str) -> str | None:
    """Report a quote whose source is unknown or whose words are not in it; else its text."""
    text = loader.normalized_sources.get(source_id)
    if text is None and source_id in loader.broken_sources:
        return None  # the seed's own error is reported; don't repeat it for every quote
    if text is None:
        loader.report(Where(where.file, (*where.path, "source")),
                      *message("unknown-source", source=source_id,
                               suggestion=did_you_mean(source_id, loader.sources)))
        return None
    wanted = normalize_space(quote)
    if wanted in text:
        return wanted
    start, end = closest_span(wanted, text)
    source = loader.sources[source_id]
    if start == end:
        loader.report(Where(where.file, (*where.path, "text")),
                      *message("quote-not-in-source", source=source_id, path=source.path))
        return None
    passage = text[start:end]
    line = source_line(source, text, start)
    loader.report(Where(where.file, (*where.path, "text")),
                  *message("quote-not-verbatim", source=source_id,
                           diff=word_diff(wanted, passage), path=source.path, line=line,
                           passage=passage))
    return None


def _check_date(loader: Loader, fact: AnyFact, where: Where) -> None:
    earliest = _earliest_day(fact.date)
    if earliest > loader.today:
        loader.report(Where(where.file, (*where.path, "date")),
                      *message("date-in-future", date=fact.date))
        return
    for quote in fact.quotes:
        source = loader.sources.get(quote.source)
        if source is not None and earliest > source.published:
            loader.report(Where(where.file, (*where.path, "date")),
                          *message("date-after-source", date=fact.date, source=source.id,
                                   published=source.published.isoformat()))
            return


def _warn_unused(loader: Loader, used: set[tuple[str, str]]) -> None:
    for section, known in loader.entities.items():
        for entity in known.values():
            where = loader.entity_where[(section, entity.id)]
            if (section, entity.id) not in used and not loader.incomplete:
                loader.report(Where(where.file, (*where.path, "id")),
                              *message("unused-entity", what=singular(section), id=entity.id),
                              severity="warning")
            if isinstance(entity, Topic) and not entity.synonyms:
                loader.report(Where(where.file, (*where.path, "id")),
                              *message("topic-without-synonyms", id=entity.id),
                              severity="warning")


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


def _earliest_day(value: str) -> Date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return Date(parts[0], parts[1], parts[2])
