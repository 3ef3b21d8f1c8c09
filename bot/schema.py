"""facts/schema.json: the JSON Schema of a fact file, generated from the pydantic models.

The models are the one source of truth; editors (VS Code's YAML extension via the
`# yaml-language-server: $schema=./schema.json` line) use this file to validate and
complete as people type. Regenerate with `relations schema --write`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.engine.models import FactFile

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "facts" / "schema.json"
REGENERATE = "relations schema --write"


def fact_file_schema() -> dict[str, Any]:
    """The schema of one YAML file under facts/."""
    schema = FactFile.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": f"Generated from bot/engine/models.py by '{REGENERATE}'; do not edit.",
        **schema,
    }


def schema_text() -> str:
    """The schema as written to facts/schema.json (stable key order, trailing newline)."""
    return json.dumps(fact_file_schema(), indent=2, ensure_ascii=False) + "\n"


def undocumented_fields(schema: dict[str, Any] | None = None) -> list[str]:
    """'Model.field' for every property without a description (there should be none)."""
    schema = schema or fact_file_schema()
    missing = []
    models = {"FactFile": schema, **schema.get("$defs", {})}
    for name, model in models.items():
        for field, spec in model.get("properties", {}).items():
            if not spec.get("description"):
                missing.append(f"{name}.{field}")
    return missing


def write_schema(path: Path = SCHEMA_PATH) -> bool:
    """Write the schema; True when the file changed."""
    text = schema_text()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
