"""facts/schema.json is generated from the models and must not drift from them."""

from __future__ import annotations

import json
from pathlib import Path

from bot.schema import REGENERATE, SCHEMA_PATH, fact_file_schema, schema_text, undocumented_fields

FACTS = Path(__file__).resolve().parent.parent / "facts"


def test_schema_json_is_up_to_date() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        f"facts/schema.json is out of date with bot/engine/models.py: run '{REGENERATE}' "
        "and commit the result")


def test_every_field_has_a_description() -> None:
    assert undocumented_fields() == []


def test_schema_describes_the_fact_file_sections() -> None:
    schema = fact_file_schema()
    assert set(schema["properties"]) == {"facts", "people", "countries", "places",
                                         "organisations", "events", "topics"}
    assert schema["additionalProperties"] is False
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["title"] == "FactFile"


def test_every_fact_file_names_the_schema_on_line_one() -> None:
    for path in sorted(FACTS.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=./schema.json", path.name
