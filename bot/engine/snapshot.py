"""What a snapshot holds and how it is laid out in its file (bot/engine/packed.py).

- `facts.*`: each fact's JSON record (exactly what `ask --json` prints), compressed one by
  one with a dictionary trained on them, its id, and the fact base's `Summary`;
- `sources.*`, `people.*`, ...: each source and entity the same way; sources without their
  text, which only `relations check` and the curation tools read, from the files;
- `index.*`: the index's flat arrays (bot/engine/index/data.py);
- the header: the format, the cache key, the summary, the index's small tables.

Reading one makes the entities and sources at once (a few thousand) and the facts only
when read (bot/engine/records.py); the arrays are used where they lie.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .factbase import FactBase, Summary
from .index import FactIndex
from .index.data import from_sections, to_sections
from .models import ENTITY_SECTIONS, Source
from .packed import pack
from .records import (
    Records,
    StoredFacts,
    compress,
    construct,
    pack_lines,
    train,
    unpack_lines,
)
from .rows import narrowest

FORMAT = 6  # of the layout: change it with the layout
_SECTIONS: dict[str, type[Any]] = {"sources": Source, **ENTITY_SECTIONS}
# Fields stored empty: what only `relations check` and the curation tools read, from the files.
_NOT_STORED: dict[str, dict[str, Any]] = {"sources": {"text": ""}}


@dataclass(frozen=True)
class Snapshot:
    """What one cache entry holds."""

    key: str
    fact_base: FactBase
    index: FactIndex


def _records(name: str, texts: list[bytes], ids: list[str], dictionary: bytes,
             sections: dict[str, Any]) -> None:
    frames, starts = compress(texts, dictionary)
    sections[f"{name}.frames"] = b"".join(frames)
    sections[f"{name}.starts"] = narrowest(starts)
    sections[f"{name}.ids"] = pack_lines(ids)


def encode(snapshot: Snapshot) -> Iterator[bytes | memoryview]:
    base = snapshot.fact_base
    facts = [base.json_text(fact).encode() for fact in base.facts]
    dictionary = train(facts)
    sections: dict[str, Any] = {"dictionary": dictionary}
    _records("facts", facts, [fact.id for fact in base.facts], dictionary, sections)
    for section in _SECTIONS:
        items = list(base.section(section).values())
        left_out = set(_NOT_STORED.get(section, ()))
        texts = [json.dumps(item.model_dump(mode="json", exclude=left_out),
                            ensure_ascii=False).encode() for item in items]
        _records(section, texts, [item.id for item in items], dictionary, sections)
    index_header, index_sections = to_sections(snapshot.index.data)
    header = {"format": FORMAT, "key": snapshot.key, "index": index_header,
              "summary": base.summary.to_json()}
    return pack(header, sections | index_sections)


def _stored(name: str, sections: dict[str, memoryview], dictionary: bytes) -> Records:
    return Records(sections[f"{name}.frames"], sections[f"{name}.starts"], dictionary)


def _made(model: type[Any], sections: dict[str, memoryview], section: str,
          dictionary: bytes) -> dict[str, Any]:
    """A section's entities (or sources), by id: few enough to make them all now."""
    records = _stored(section, sections, dictionary)
    extra = _NOT_STORED.get(section, {})
    return {item_id: construct(model, records.data(number) | extra)
            for number, item_id in enumerate(unpack_lines(sections[f"{section}.ids"]))}


def decode(header: dict[str, Any], sections: dict[str, memoryview],
           key: str) -> Snapshot | None:
    """The snapshot in a file's header and sections, or None if it is not one for `key`
    in this format. Only plain data is read: nothing in it can run."""
    if header.get("format") != FORMAT or header.get("key") != key:
        return None
    dictionary = bytes(sections["dictionary"])
    facts = StoredFacts(_stored("facts", sections, dictionary), sections["facts.ids"],
                        Summary.from_json(header["summary"]))
    maps = {section: _made(model, sections, section, dictionary)
            for section, model in _SECTIONS.items()}
    fact_base = FactBase(facts, **maps)
    index = FactIndex(fact_base, from_sections(header["index"], sections))
    return Snapshot(key, fact_base, index)
