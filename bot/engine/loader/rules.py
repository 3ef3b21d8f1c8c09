"""The rules that span files, applied once every file is read: fact ids match their kind
and date, references name known entities, quotes are word for word in their sources,
dates are possible, every entity is used; then the news desk's checks of each fact (its
links, where its quotes stand, quotes that name their subject, the summary's modality)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as Date
from typing import TYPE_CHECKING

from ..links import former_ids, link_findings
from ..locations import location_findings
from ..modality import modality_findings
from ..models import BOTH_SIDES, AnyFact, Entity, Topic, fact_id_date
from ..problems import Finding
from ..quotes import QUOTE_RULE, closest_span, quote_rule_problem, word_diff
from ..sources import normalize_space, source_line
from ..subjects import subject_findings
from .messages import message, singular
from .where import Where

if TYPE_CHECKING:
    from .reader import Loader


def cross_check(loader: Loader) -> None:
    """The rules that span files: ids, references, quotes against sources, dates, unused."""
    used: set[tuple[str, str]] = set()
    seen_quotes: dict[tuple[str, str, str], str] = {}
    replaced_by = former_ids(loader.facts.values())
    for fact in loader.facts.values():
        where = loader.fact_where[fact.id]
        _check_id(loader, fact, where)
        _check_references(loader, fact, where, used)
        _check_quotes(loader, fact, where, seen_quotes)
        _check_date(loader, fact, where)
        _report_findings(loader, where, [
            *link_findings(fact, loader.facts, replaced_by), *modality_findings(fact),
            *location_findings(fact, loader.sources),
            *subject_findings(fact, loader.sources, loader.entities["people"])])
    for section, known in loader.entities.items():
        for entity in known.values():
            where = loader.entity_where[(section, entity.id)]
            _check_entity_references(loader, section, entity, where, used)
    _warn_unused(loader, used)


def _report_findings(loader: Loader, where: Where, findings: list[Finding]) -> None:
    for finding in findings:
        loader.report(Where(where.file, (*where.path, *finding.path)),
                      *message(finding.code, **finding.values), severity=finding.severity)


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
                    loader.report(Where(where.file, path),
                                  *message("not-a-meeting", field=field_name, ref=ref,
                                           suggestion=loader.closest_id(ref, "meetings")))
                continue
            if ref == BOTH_SIDES and field_name in _BOTH_SIDES_FIELDS:
                continue
            if ref not in loader.entities[section] and (section, ref) not in \
                    loader.broken_entities:
                loader.report(Where(where.file, path),
                              *message("unknown-reference", what=singular(section), ref=ref,
                                       field=field_name, section=section,
                                       suggestion=loader.closest_id(ref, section)))
            used.add((section, ref))


def _check_entity_references(loader: Loader, section: str, entity: Entity, where: Where,
                             used: set[tuple[str, str]]) -> None:
    fields = vars(entity)
    for field_name, target in _ENTITY_REFERENCE_FIELDS.items():
        ref = fields.get(field_name)
        if ref is None:
            continue
        if ref not in loader.entities[target] and (target, ref) not in loader.broken_entities:
            loader.report(Where(where.file, (*where.path, field_name)),
                          *message("unknown-entity-reference", what=singular(target), ref=ref,
                                   section=target,
                                   suggestion=loader.closest_id(ref, target)))
        elif (section, entity.id) in used:
            used.add((target, ref))


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
                               suggestion=loader.closest_id(source_id, "sources")))
        return None
    wanted = normalize_space(quote)
    found = text.find(wanted)
    if found >= 0:
        problem = quote_rule_problem(wanted, text, found)
        if problem is None:
            return wanted
        loader.report(Where(where.file, (*where.path, "text")),
                      *message("quote-rule", problem=problem, rule=QUOTE_RULE))
        return None
    source = loader.sources[source_id]
    loader.fuzzy_budget -= len(wanted) * len(text)
    if loader.fuzzy_budget < 0:
        loader.report(Where(where.file, (*where.path, "text")),
                      *message("quote-not-verbatim-unsearched", source=source_id,
                               path=source.path))
        return None
    start, end = closest_span(wanted, text)
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
    "countries": "countries",
    "event": "events",
    "reported_by": "people",
    "reported_at": "facts",
    "party_leaders": "people",
    "signed_by": "people",
    "recipient": "countries",
}
_BOTH_SIDES_FIELDS = frozenset({"side", "recipient"})
# Entities that name other entities: a person's country, a venue's city, an event's place.
_ENTITY_REFERENCE_FIELDS: dict[str, str] = {"country": "countries", "within": "places",
                                            "place": "places"}


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
