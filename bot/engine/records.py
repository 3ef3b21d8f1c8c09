"""Facts, sources and entities kept as compressed JSON records, made into models when read.

At 100,000 facts the pydantic objects of every fact take most of a gigabyte, yet a
reply shows ten. A snapshot (bot/engine/cache.py) therefore keeps each record as its
JSON text (for a fact: exactly what `ask --json` prints), compressed one by one with a
zstandard dictionary trained on a sample of them (about 7 times smaller; about 2 µs to
decompress one), and builds a model only when one is read, keeping the most recent.

The records were validated before they were stored, and a snapshot is only read back
after its checksums matched (bot/engine/packed.py), so models are made without validating
again (`construct`): a full validation costs about 160 µs a fact, making one about 5
(with its JSON parsed and decompressed, about 15).
"""

from __future__ import annotations

import json
import threading
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from datetime import date as Date
from functools import lru_cache, partial
from itertools import accumulate
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, overload

import orjson
import zstandard
from pydantic import BaseModel

from .models import FACT_MODELS, AnyFact, Quote

if TYPE_CHECKING:
    from .factbase import Summary

Model = TypeVar("Model", bound=BaseModel)
LEVEL = 3  # zstandard's default: level 9 saves 7% more for 4 times the time
DICTIONARY_BYTES = 64 * 1024
DICTIONARY_SAMPLES = 500  # records sampled to train the dictionary (about 0.04 s)
# Facts kept as models after being read: a question asked again (its buttons, its pages)
# finds them made. More would keep little more: making one costs about 5 µs, while each
# kept fact is objects the cyclic garbage collector walks until the cache is full and
# churns evenly. At 100,000 facts over 3,000 questions, each asked twice: 8,192 kept
# took 102 collections and 11-33 first calls over 2 ms; 256 kept, 17 and 4-8, with the
# same repeats (p50 0.27 ms) and 25 MB less once a running bot has filled it.
KEEP_DECODED = 256


def train(records: Sequence[bytes]) -> bytes:
    """A compression dictionary for these records; b"" when they are too few to train one."""
    step = max(1, len(records) // DICTIONARY_SAMPLES)
    try:
        return zstandard.train_dictionary(DICTIONARY_BYTES, list(records[::step])).as_bytes()
    except zstandard.ZstdError:  # a handful of records: compressed without a dictionary
        return b""


def compress(records: Sequence[bytes], dictionary: bytes) -> tuple[list[bytes], list[int]]:
    """Each record compressed alone, and where each starts in their concatenation (and
    where the last ends)."""
    options = {"dict_data": zstandard.ZstdCompressionDict(dictionary)} if dictionary else {}
    compressor = zstandard.ZstdCompressor(level=LEVEL, **options)  # type: ignore[arg-type]
    frames = [compressor.compress(record) for record in records]
    return frames, list(accumulate(map(len, frames), initial=0))


def pack_lines(values: Sequence[str]) -> bytes:
    """Words, ids or dates, one a line, compressed (ids and dates repeat a lot: a
    quarter of the size)."""
    return zstandard.ZstdCompressor(level=LEVEL).compress("\n".join(values).encode())


def unpack_lines(data: bytes | memoryview) -> list[str]:
    text = zstandard.ZstdDecompressor().decompress(data).decode()
    return text.split("\n") if text else []


class Records:
    """Compressed records, read by number: each a JSON text."""

    def __init__(self, frames: bytes | memoryview, starts: Sequence[int], dictionary: bytes):
        self._frames = memoryview(frames)
        self._starts = starts
        self._dictionary = zstandard.ZstdCompressionDict(dictionary) if dictionary else None
        self._local = threading.local()  # a decompressor is not to be shared by threads

    def __len__(self) -> int:
        return len(self._starts) - 1

    def text(self, number: int) -> str:
        return self._bytes(number).decode()

    def data(self, number: int) -> Any:
        """The record's data: orjson reads it in 2 µs where json.loads takes 4.5 (a fact
        made when read costs about 8 µs in all); json.loads takes what orjson refuses
        (an integer beyond 64 bits)."""
        raw = self._bytes(number)
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            return json.loads(raw)

    def _bytes(self, number: int) -> bytes:
        decompressor = getattr(self._local, "decompressor", None)
        if decompressor is None:
            options = {"dict_data": self._dictionary} if self._dictionary else {}
            decompressor = zstandard.ZstdDecompressor(**options)  # type: ignore[arg-type]
            self._local.decompressor = decompressor
        return decompressor.decompress(self._frames[self._starts[number]:self._starts[number + 1]])


# --- building models from trusted JSON data ---------------------------------------------------

def _converter(annotation: Any) -> Callable[[Any], Any] | None:
    """How a JSON value becomes the field's Python value, None when it already is one:
    lists become tuples (of models, for nested ones), ISO dates become dates."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        options = [_converter(a) for a in typing.get_args(annotation) if a is not type(None)]
        inner = next((c for c in options if c is not None), None)
        return None if inner is None else (lambda v: None if v is None else inner(v))
    if typing.get_origin(annotation) is typing.Annotated:
        return _converter(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) is tuple:
        item = typing.get_args(annotation)[0]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return lambda v: tuple(construct(item, x) for x in v)
        return tuple
    if annotation is Date:
        return Date.fromisoformat
    return None


class _Recipe(NamedTuple):
    converters: dict[str, Callable[[Any], Any]]
    fields: int  # how many fields the model has
    plain: bool  # no private attributes or post-init: its __dict__ can be set directly
    # every field's name: the fields set of each model made with all of them, one set shared
    # (the models are frozen; a set each was a quarter of the objects a full garbage
    # collection walks once thousands of facts are kept made)
    every_field: set[str]


_RECIPES: dict[type[BaseModel], _Recipe] = {}  # worked out once per model (pydantic's
# class attributes cost microseconds each to read)
_SET = object.__setattr__


def _recipe(model: type[BaseModel]) -> _Recipe:
    fields = model.model_fields
    return _Recipe({name: convert for name, field in fields.items()
                    if (convert := _converter(field.annotation)) is not None},
                   len(fields),
                   not model.__private_attributes__ and not model.__pydantic_post_init__,
                   set(fields))


def construct(model: type[Model], data: dict[str, Any]) -> Model:
    """`model` from JSON data it was dumped to (model_dump(mode="json")), unvalidated.

    What pydantic's `model_construct` does for data holding every field, for models
    with no private attributes or post-init (ours), at a fraction of its cost."""
    recipe = _RECIPES.get(model)
    if recipe is None:
        recipe = _RECIPES[model] = _recipe(model)
    for name, convert in recipe.converters.items():
        if name in data:
            data[name] = convert(data[name])
    if len(data) != recipe.fields or not recipe.plain:
        return model.model_construct(**data)  # fields left out: their defaults
    made = model.__new__(model)
    _SET(made, "__dict__", data)
    _SET(made, "__pydantic_fields_set__", recipe.every_field)
    _SET(made, "__pydantic_extra__", None)
    _SET(made, "__pydantic_private__", None)
    return made


# The facts' recipes worked out now, not by the first fact made (0.1 ms of a first answer)
_RECIPES.update({model: _recipe(model) for model in (*FACT_MODELS.values(), Quote)})


def construct_fact(data: dict[str, Any]) -> AnyFact:
    return construct(FACT_MODELS[data["kind"]], data)


def _make_fact(records: Records, row: int) -> AnyFact:
    return construct_fact(records.data(row))


# --- the stored facts, whole or some of them by row --------------------------------------------

class StoredFacts(Sequence[AnyFact]):
    """The facts in display order, each made from its record when read, with their ids
    and the summary of them that was stored beside them."""

    def __init__(self, records: Records, ids: bytes | memoryview, summary: Summary):
        """`ids`: as `pack_lines` stores them."""
        self.records = records
        self.summary = summary
        self._ids = ids
        # in C and thread-safe; over the records, not self: no cycle for the collector to
        # find (a loaded engine is frozen out of its sight, bot/engine/gc_tuning.py)
        self._fact = lru_cache(maxsize=KEEP_DECODED)(partial(_make_fact, records))

    def __len__(self) -> int:
        return len(self.records)

    @overload
    def __getitem__(self, row: int) -> AnyFact: ...

    @overload
    def __getitem__(self, row: slice) -> tuple[AnyFact, ...]: ...

    def __getitem__(self, row: int | slice) -> AnyFact | tuple[AnyFact, ...]:
        if isinstance(row, slice):
            return tuple(self[r] for r in range(*row.indices(len(self))))
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        return self._fact(row)

    def __iter__(self) -> Iterator[AnyFact]:
        return (self[row] for row in range(len(self)))

    def ids(self) -> list[str]:
        """Every fact's id, in row order."""
        return unpack_lines(self._ids)

    def json_text(self, row: int) -> str:
        """The fact's JSON as stored: what `ask --json` prints for it."""
        return self.records.text(row)


class FactsAt(Sequence[AnyFact]):
    """Some stored facts, by row, each made when read: a large answer (all matches, as
    `ask --json` asks) whose facts may only ever be printed, from their stored JSON."""

    def __init__(self, facts: StoredFacts, rows: list[int]):
        self._facts, self.rows = facts, rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> AnyFact: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[AnyFact, ...]: ...

    def __getitem__(self, index: int | slice) -> AnyFact | tuple[AnyFact, ...]:
        if isinstance(index, slice):
            return tuple(self._facts[row] for row in self.rows[index])
        return self._facts[self.rows[index]]

    def __iter__(self) -> Iterator[AnyFact]:
        return (self._facts[row] for row in self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FactsAt) and other._facts is self._facts:
            return other.rows == self.rows
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def json_texts(self) -> Iterator[str]:
        """Each fact's stored JSON, no model made."""
        return (self._facts.json_text(row) for row in self.rows)
