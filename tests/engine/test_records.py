"""Records: facts and entities stored as compressed JSON, made into the same models."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import ValidationError

from bot.engine import FactBase, records
from bot.engine.factbase import fact_record
from bot.engine.models import Person
from bot.engine.records import (
    FactsAt,
    Records,
    StoredFacts,
    compress,
    construct,
    pack_lines,
    train,
    unpack_lines,
)


def _stored(fact_base: FactBase) -> StoredFacts:
    texts = [fact_base.json_text(fact).encode() for fact in fact_base.facts]
    dictionary = train(texts)
    frames, starts = compress(texts, dictionary)
    return StoredFacts(Records(b"".join(frames), starts, dictionary),
                       pack_lines([f.id for f in fact_base.facts]), fact_base.summary)


def test_every_fact_is_made_equal_to_its_validated_model(fact_base: FactBase) -> None:
    stored = _stored(fact_base)
    assert len(stored) == len(fact_base.facts)
    assert list(stored) == list(fact_base.facts)
    assert [fact_record(f) for f in stored] == [fact_record(f) for f in fact_base.facts]
    assert stored.ids() == [f.id for f in fact_base.facts]
    assert stored[-1] == fact_base.facts[-1] and stored[1:3] == tuple(fact_base.facts[1:3])
    assert stored.json_text(0) == fact_base.json_text(fact_base.facts[0])  # as `ask --json`


def test_a_fact_read_again_soon_is_not_made_again_and_few_are_kept(
        fact_base: FactBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "KEEP_DECODED", 5)
    stored = _stored(fact_base)
    assert stored[3] is stored[3]
    for row in range(len(stored)):
        assert stored[row] == fact_base.facts[row]
    assert stored._fact.cache_info().currsize == 5  # the last five read
    assert stored[len(stored) - 1] is stored[len(stored) - 1]


def test_made_models_are_frozen_and_hashable(fact_base: FactBase) -> None:
    fact = _stored(fact_base)[0]
    assert hash(fact) == hash(fact_base.facts[0])
    with pytest.raises(ValidationError):
        fact.summary = "changed"  # type: ignore[misc]
    assert fact == fact_base.facts[0]


def test_facts_read_from_many_threads_at_once_are_right(fact_base: FactBase) -> None:
    stored = _stored(fact_base)
    rows = list(range(len(stored))) * 20
    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(stored.__getitem__, rows))
    assert made == [fact_base.facts[row] for row in rows]


def test_a_record_without_its_optional_fields_gets_their_defaults(fact_base: FactBase) -> None:
    person = next(iter(fact_base.people.values()))
    data = json.loads(json.dumps(person.model_dump(mode="json", exclude={"role", "aliases"})))
    made = construct(Person, data)
    assert made.role is None and made.aliases == () and made.name == person.name


def test_too_few_records_to_train_are_stored_without_a_dictionary() -> None:
    texts = [b'{"id": "a"}', b'{"id": "b"}']
    dictionary = train(texts)
    assert dictionary == b""
    frames, starts = compress(texts, dictionary)
    records = Records(b"".join(frames), starts, dictionary)
    assert [records.data(i) for i in range(len(records))] == [{"id": "a"}, {"id": "b"}]


def test_lines_round_trip() -> None:
    for values in ([], [""], ["a"], ["2025-06-17", "2025", "meeting-2025-06-17-x"]):
        assert unpack_lines(pack_lines(values)) == (values if values != [""] else [])


def test_facts_at_rows_read_like_a_tuple_of_those_facts(fact_base: FactBase) -> None:
    stored = _stored(fact_base)
    rows = [3, 0, 7, 1]
    some = FactsAt(stored, rows)
    expected = tuple(fact_base.facts[row] for row in rows)
    assert len(some) == 4 and some == expected and expected == some
    assert some[1] == fact_base.facts[0] and some[1:3] == expected[1:3]
    assert list(some) == list(expected) and hash(some) == hash(expected)
    assert list(some.json_texts()) == [fact_base.json_text(fact) for fact in expected]
