"""A section's entries checked against their models: the whole section at once, and only
when that fails one entry at a time, so that every mistake is reported at its line and
what can be salvaged of a faulty entry still goes through the rules that span files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..models import ENTITY_SECTIONS, FACT_MODELS, Fact
from .messages import explain
from .rules import check_quote
from .where import Where

if TYPE_CHECKING:
    from .reader import Loader

_SECTION_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "facts": TypeAdapter(list[Fact]),
    **{name: TypeAdapter(list[model]) for name, model in ENTITY_SECTIONS.items()},  # type: ignore[valid-type]
}


def validated_entries(loader: Loader, file: str, section: str,
                      entries: list[Any]) -> list[tuple[int, Any]]:
    """The section's valid entries as models, with their indexes; the mistakes of the
    others reported to `loader`."""
    try:
        return list(enumerate(_SECTION_ADAPTERS[section].validate_python(entries)))
    except ValidationError:
        return _one_by_one(loader, file, section, entries)


def _one_by_one(loader: Loader, file: str, section: str,
                entries: list[Any]) -> list[tuple[int, Any]]:
    """Slow path, taken only when a section has errors: keep the valid entries, report the
    rest (and salvage what can still be cross-checked)."""
    model = ENTITY_SECTIONS.get(section)
    adapter: TypeAdapter[Any] = TypeAdapter(Fact) if model is None else TypeAdapter(model)
    valid = []
    for index, entry in enumerate(entries):
        try:
            valid.append((index, adapter.validate_python(entry)))
        except ValidationError as exc:
            errors = _without_echoes(exc.errors())
            for error in errors:
                _report_validation(loader, file, section, index, entry, error)
            salvaged = _salvage(adapter, entry, errors, section)
            loader.incomplete = True
            if salvaged is not None:
                valid.append((index, salvaged))
            elif section == "facts" and isinstance(entry, dict):
                if isinstance(entry.get("id"), str):
                    loader.broken_ids.add(entry["id"])
                _check_raw_quotes(loader, file, index, entry)
            elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
                loader.broken_entities.add((section, entry["id"]))
    return valid


def _check_raw_quotes(loader: Loader, file: str, index: int, entry: dict[str, Any]) -> None:
    """A fact too broken to load still gets its quotes checked: one run shows every mistake."""
    quotes = entry.get("quotes")
    if not isinstance(quotes, list):
        return
    for position, quote in enumerate(quotes):
        if isinstance(quote, dict) and isinstance(quote.get("source"), str) \
                and isinstance(quote.get("text"), str):
            check_quote(loader, Where(file, ("facts", index, "quotes", position)),
                        quote["source"], quote["text"])


def _report_validation(loader: Loader, file: str, section: str, index: int, entry: Any,
                       error: Any) -> None:
    loc = _field_path(error, section, entry)
    message, fix, at_key = explain(error, loc, _model(section, entry), section, entry)
    loader.report(Where(file, (section, index, *loc)), message, fix, key=at_key)


def _model(section: str, entry: Any) -> type[BaseModel] | None:
    """The model an entry of `section` is checked against: a fact's, by its kind."""
    if section != "facts":
        return ENTITY_SECTIONS.get(section)
    return FACT_MODELS.get(str(entry.get("kind"))) if isinstance(entry, dict) else None


def _field_path(error: Any, section: str, entry: Any) -> list[Any]:
    """Where in the entry an error is: pydantic puts a fact's union tag, its kind, first."""
    loc = list(error["loc"])
    if section == "facts" and loc and isinstance(entry, dict) and loc[0] == entry.get("kind"):
        return loc[1:]
    return loc


def _salvage(adapter: TypeAdapter[Any], entry: Any, errors: list[Any], section: str) -> Any:
    """The entry without its faulty optional fields, if that validates; else None.

    A stray or mistyped optional field must not hide the entry's other mistakes (a misquote,
    a wrong date), so the rest of the entry still goes through every cross-check.
    """
    model = _model(section, entry)
    if model is None or not isinstance(entry, dict):
        return None
    cleaned = dict(entry)
    for error in errors:
        loc = _field_path(error, section, entry)
        if not loc:
            return None
        name = loc[0]
        info = model.model_fields.get(str(name))
        if error["type"] == "extra_forbidden" or (info is not None and not info.is_required()):
            cleaned.pop(name, None)
        else:
            return None
    try:
        return adapter.validate_python(cleaned)
    except ValidationError:
        return None


def _without_echoes(errors: list[Any]) -> list[Any]:
    """Drop a list's 'too short' when an item of it has its own error: pydantic reports both
    for one mistake inside the only quote."""
    return [error for error in errors
            if not (error["type"] == "too_short" and any(
                other is not error and tuple(other["loc"][:len(error["loc"])]) ==
                tuple(error["loc"]) for other in errors))]
